//! Home: the plans listed in `seeds/index.json`, with an overall summary of each.

use crate::components::status::{ErrorBox, Loading};
use crate::dom::{el, elc, link, Dom};
use crate::state::{load, use_app};
use leptos::prelude::*;
use plan_core::engine::{latest_actual_year, Scorecard};
use plan_core::format::{fy_both, period_both};
use plan_core::plan::IndexEntry;
use plan_core::route::Route;

#[component]
pub fn HomePage() -> impl IntoView {
    let app = use_app();
    let index = load(app.index());
    view! {
        <h1>"行政改革・経営戦略の進捗"</h1>
        <p class="lead">
            "各市の行政改革大綱・実施計画・経営戦略について、取組と重要業績評価指標（KPI）の進み具合を確認できます。"
        </p>
        {move || match index.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
            Some(Ok(index)) => {
                view! {
                    <ul class="plan-list" data-testid="plan-list">
                        {index
                            .plans
                            .iter()
                            .cloned()
                            .map(|entry| view! { <PlanCard entry=entry/> })
                            .collect_view()}
                    </ul>
                    {move || {
                        let local = app.local.get();
                        (!local.is_empty()).then(|| view! {
                            <h2>"この端末に取り込んだ計画"</h2>
                            <ul class="plan-list" data-testid="local-plan-list">
                                {local.into_iter().map(|entry| view! { <PlanCard entry=entry/> }).collect_view()}
                            </ul>
                        })
                    }}
                }
                    .into_any()
            }
        }}
    }
}

#[component]
fn PlanCard(entry: IndexEntry) -> impl IntoView {
    let app = use_app();
    let id = entry.id.clone();
    let plan = load(app.plan(id));
    let summary = move || {
        plan.get().map(|p| match p {
            Err(e) => Dom::from(elc("p", "muted").text(e.message)),
            Ok(plan) => {
                let fy = latest_actual_year(&plan);
                let score = Scorecard::new(&plan, fy);
                let kpis = score.kpis.len();
                let roll = score.plan.clone();
                let text = if roll.rated + roll.evaluated == 0 {
                    format!("KPI {kpis}件（実績値は未入力）")
                } else {
                    format!(
                        "{}時点: KPI {kpis}件のうち 達成 {}件・評価対象 {}件（達成割合 {}）",
                        fy_both(fy),
                        roll.achieved,
                        roll.evaluated,
                        roll.achieved_share()
                            .map(|s| format!("{s:.0}%"))
                            .unwrap_or_else(|| "—".into())
                    )
                };
                Dom::from(elc("p", "plan-summary").text(text))
            }
        })
    };
    let head: [Dom; 3] = [
        elc("p", "city").text(entry.municipality.clone()).into(),
        el("h2")
            .child(link(&Route::plan(&entry.id), entry.title.clone()))
            .into(),
        elc("p", "period")
            .text(format!(
                "計画期間: {}",
                period_both(entry.period.start, entry.period.end)
            ))
            .into(),
    ];
    view! { <li class="plan-card">{head}{summary}</li> }
}
