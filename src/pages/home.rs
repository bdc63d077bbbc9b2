//! Home: the plans listed in `seeds/index.json`, each with its overall figures.

use crate::components::rollup::counted;
use crate::components::status::{ErrorBox, Loading};
use crate::state::app::{use_app, use_index, use_plan_file};
use crate::state::marks::mark;
use leptos::prelude::*;
use plan_core::engine::{
    latest_year_with_data, Scorecard, AWAITING_LABEL, MILESTONE_LABEL, NOT_EVALUABLE_LABEL,
};
use plan_core::format::{count, fy_both, period_both};
use plan_core::plan::{IndexEntry, Plan};
use plan_core::route::Route;

#[component]
pub fn HomePage() -> impl IntoView {
    let app = use_app();
    let index = use_index();
    // Read by the benchmark and the tests: the app has its home on screen, every card with
    // its figures.
    Effect::new(move |_| {
        let complete = index.with(|i| match i {
            Some(Ok(index)) => index.plans.iter().all(|e| app.plan_now(&e.id).is_some()),
            Some(Err(_)) => true,
            None => false,
        });
        if complete {
            mark("kpi:home-rendered");
        }
    });
    view! {
        <h1>"行政改革・経営戦略の進捗"</h1>
        <p class="lead">
            "各市の行政改革大綱・実施計画・経営戦略について、取組と重要業績評価指標（KPI）の進み具合を確認できます。"
        </p>
        {move || match index.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
            Some(Ok(index)) => view! {
                <ul class="plan-list" data-testid="plan-list">
                    {index.plans.iter().cloned().map(|entry| view! { <PlanCard entry=entry/> }).collect_view()}
                </ul>
                {imported_plans()}
            }
            .into_any(),
        }}
    }
}

/// Staff app: the plans imported in this browser, after the published ones.
#[cfg(feature = "staff")]
fn imported_plans() -> impl IntoView {
    let local = use_app().local;
    move || {
        let local = local.get();
        (!local.is_empty())
            .then(|| {
                view! {
                    <h2>"この端末に取り込んだ計画"</h2>
                    <ul class="plan-list" data-testid="local-plan-list">
                        {local.into_iter().map(|entry| view! { <PlanCard entry=entry/> }).collect_view()}
                    </ul>
                }
            })
            .into_any()
    }
}

/// The citizens' app lists the published plans only.
#[cfg(not(feature = "staff"))]
fn imported_plans() -> impl IntoView {}

/// A plan's overall figures for the latest year with actuals, in a sentence.
pub fn card_summary(plan: &Plan) -> String {
    let fy = latest_year_with_data(plan);
    let score = Scorecard::new(plan, fy);
    let kpis = count(score.kpis.len());
    let roll = &score.plan;
    if roll.evaluated > 0 {
        return format!(
            "{}時点: KPI {kpis}件のうち 達成 {}件・評価対象 {}件（達成割合 {}）",
            fy_both(fy),
            count(roll.achieved as usize),
            count(roll.evaluated as usize),
            roll.achieved_share()
                .map(|s| format!("{s:.0}%"))
                .unwrap_or_else(|| "—".into())
        );
    }
    // No figure to summarise: say why, in the overview's words (a plan in its first year
    // waits for its actuals; that is not missing data).
    let kinds: Vec<String> = [
        (AWAITING_LABEL, roll.awaiting),
        (MILESTONE_LABEL, roll.milestones),
        (NOT_EVALUABLE_LABEL, roll.not_evaluable),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(label, n)| counted(label, n))
    .collect();
    if kinds.is_empty() {
        format!("KPI {kpis}件")
    } else {
        format!("KPI {kpis}件（{}）", kinds.join("、"))
    }
}

#[component]
fn PlanCard(entry: IndexEntry) -> impl IntoView {
    let plan = use_plan_file(entry.id.clone());
    let summary = move || {
        plan.with(|p| {
            p.as_ref().map(|p| match p {
                Err(e) => view! { <p class="muted">{e.message.clone()}</p> }.into_any(),
                Ok(plan) => view! { <p class="plan-summary">{card_summary(plan)}</p> }.into_any(),
            })
        })
        .into_any()
    };
    view! {
        <li class="plan-card">
            <p class="city">{entry.municipality.clone()}</p>
            <h2><a href=Route::plan(&entry.id).to_query()>{entry.title.clone()}</a></h2>
            <p class="period">
                {format!("計画期間: {}", period_both(entry.period.start, entry.period.end))}
            </p>
            {summary}
            {draft_note(&entry.id)}
        </li>
    }
}

/// Staff app: whether this device holds a draft of the plan, so a draft left yesterday is
/// found again from the list (the card's figures stay the published ones). It follows a
/// draft saved, or removed, in another tab while the list is open.
#[cfg(feature = "staff")]
fn draft_note(plan_id: &str) -> impl IntoView {
    use crate::state::draft::saved_draft;
    use crate::state::storage::{on_other_tab_change, Key};
    let saves = RwSignal::new(0u32);
    on_other_tab_change(Key::Draft(plan_id), move |_| saves.update(|n| *n += 1));
    let id = plan_id.to_string();
    move || {
        saves.track();
        note(saved_draft(&id)).into_any()
    }
}

/// The card's line about this device's draft of the plan, if there is one.
#[cfg(feature = "staff")]
fn note(draft: Option<crate::state::draft::SavedDraft>) -> Option<impl IntoView> {
    use crate::state::draft::SavedDraft;
    let text = match draft? {
        SavedDraft::Changes(n) => format!("この端末に下書きがあります（変更 {}件）", count(n)),
        SavedDraft::Unreadable => {
            "この端末の下書きを読めません。計画を開くと、消さずに退避して理由を示します。"
                .to_string()
        }
    };
    Some(view! { <p class="draft-note" data-testid="draft-note">{text}</p> })
}

/// The citizens' app never shows drafts.
#[cfg(not(feature = "staff"))]
fn draft_note(_plan_id: &str) -> impl IntoView {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_seeds::{annaka, higashine, minami_alps, yuzawa};

    /// A card with no figure to summarise says why in the overview's words: the seed plans in
    /// their first year, or whose document has no actuals, wait for them.
    #[test]
    fn a_card_without_evaluated_kpis_says_why() {
        assert_eq!(card_summary(&higashine()), "KPI 17件（実績待ち 17件）");
        assert_eq!(
            card_summary(&minami_alps()),
            "KPI 32件（実績待ち 18件、実施状況で評価 14件）"
        );
        assert_eq!(
            card_summary(&annaka()),
            "KPI 22件（実績待ち 19件、実施状況で評価 2件、評価不能 1件）"
        );
        let yuzawa = card_summary(&yuzawa());
        assert!(
            yuzawa.starts_with("令和5年度（2023年度）時点: KPI 20件のうち 達成 6件"),
            "{yuzawa}"
        );
    }

    #[test]
    fn counts_of_a_thousand_and_more_are_grouped() {
        let card = card_summary(&plan_core::synth::synthetic_plan(1_200));
        assert!(card.contains("KPI 1,200件のうち"), "{card}");
    }
}
