//! KPI page: the values table, the rate with its formula (計算方法), band, pace and comments.

use crate::charts::{kpi_chart_svg, legend, KpiSeries};
use crate::components::band::{rate_text, BandBadge};
use crate::components::edit_bar::{ActualInput, CommentInput};
use crate::components::embed::{Crumbs, EmbedCode, Toolbar};
use crate::components::year_select::YearSelect;
use crate::components::{plan_text, titled};
use crate::pages::plan_scope::use_plan;
use leptos::prelude::*;
use plan_core::engine::Outcome;
use plan_core::format::{fy_both, number, wareki_fy};
use plan_core::plan::{Direction, Figure, Kpi, TargetKind};
use plan_core::route::Route;

/// The chart with its legend and text equivalent.
fn kpi_chart(kpi: &Kpi, period: plan_core::plan::Period) -> Option<impl IntoView> {
    let series = KpiSeries::of(kpi, period);
    if series.is_empty() {
        return None;
    }
    let description = series.describe(kpi.unit.as_deref().unwrap_or(""));
    // The SVG holds only numbers and years drawn by plotters, never plan text.
    let svg = kpi_chart_svg(&series, 480, 280).ok()?;
    Some(view! {
        <figure class="chart" data-testid="kpi-chart">
            <div class="chart-svg" role="img" aria-label=description.clone() inner_html=svg></div>
            <figcaption>
                <ul class="legend">
                    {legend().into_iter().map(|(label, color, mark)| view! {
                        <li><span style=format!("color:{color}") aria-hidden="true">{mark}</span>" "{label}</li>
                    }).collect_view()}
                </ul>
                <p class="chart-text" data-testid="chart-text">{description}</p>
            </figcaption>
        </figure>
    })
}

pub fn figure_text(f: &Figure, kpi: &Kpi) -> String {
    match f {
        Figure::Number(n) => format!(
            "{}{}",
            number(*n, kpi.decimals),
            kpi.unit.as_deref().unwrap_or("")
        ),
        Figure::Text(t) => t.clone(),
    }
}

pub fn target_text(kpi: &Kpi) -> String {
    match &kpi.target {
        None => "—".into(),
        Some(t) => {
            let value = t.value.map(|v| {
                format!(
                    "{}{}",
                    number(v, kpi.decimals),
                    kpi.unit.as_deref().unwrap_or("")
                )
            });
            let kind = match t.kind {
                TargetKind::AtLeast => "以上",
                TargetKind::AtMost => "以下",
                _ => "",
            };
            match (value, &t.text) {
                (Some(v), _) => format!("{v}{kind}（{}）", wareki_fy(t.fy)),
                (None, Some(text)) => format!("{text}（{}）", wareki_fy(t.fy)),
                (None, None) => "—".into(),
            }
        }
    }
}

#[component]
pub fn KpiPage(kpi_id: String) -> impl IntoView {
    let ctx = use_plan();
    let plan = ctx.base();
    let (node, kpi) = plan
        .find_kpi(&kpi_id)
        .map(|(n, k)| (n.clone(), k.clone()))
        .expect("checked by PlanScope");
    let score = ctx.state.score;
    let fy = ctx.fy;
    let direction = match kpi.direction {
        Direction::Increase => "増やす（値が大きいほど良い）",
        Direction::Decrease => "減らす（値が小さいほど良い）",
        Direction::Maintain => "維持する",
    };
    let baseline = kpi
        .baseline
        .as_ref()
        .map(|b| {
            let v = b
                .value
                .map(|v| {
                    format!(
                        "{}{}",
                        number(v, kpi.decimals),
                        kpi.unit.as_deref().unwrap_or("")
                    )
                })
                .unwrap_or_else(|| "－".into());
            let when = b
                .as_of
                .clone()
                .map(|a| format!("（{a}）"))
                .unwrap_or_default();
            format!("{v}{when}")
        })
        .unwrap_or_else(|| "－".into());

    let years: Vec<i32> = plan.period.years().collect();
    let k2 = kpi.clone();
    let state = ctx.state;
    // Rows depend on the mode only; each value cell follows the working plan by itself, so
    // an edit never re-creates the inputs (focus stays where the user moved it).
    let rows = {
        let years = years.clone();
        move || {
            let editing = crate::STAFF && state.editing.get();
            years
                .iter()
                .map(|&fy| {
                    let t = k2.targets.get(&fy).map(|f| figure_text(f, &k2)).unwrap_or_default();
                    let reported = k2.reported.get(&fy).map(|r| r.text.clone()).unwrap_or_default();
                    let (kid_a, kid_c) = (k2.id.clone(), k2.id.clone());
                    let actual = if editing {
                        view! { <ActualInput kpi_id=kid_a fy=fy/> }.into_any()
                    } else {
                        plan_text(state, move |p| {
                            p.find_kpi(&kid_a)
                                .and_then(|(_, k)| k.actuals.get(&fy).map(|f| figure_text(f, k)))
                                .unwrap_or_default()
                        })
                    };
                    let comment = if editing {
                        view! { <CommentInput kpi_id=kid_c fy=fy/> }.into_any()
                    } else {
                        plan_text(state, move |p| {
                            p.find_kpi(&kid_c).and_then(|(_, k)| k.comments.get(&fy).cloned()).unwrap_or_default()
                        })
                    };
                    view! {
                        <tr>
                            <th scope="row">{fy_both(fy)}</th>
                            <td class="num">{t}</td>
                            <td class="num" data-testid="actual-cell" data-fy=fy.to_string()>{actual}</td>
                            <td class="num">{reported}</td>
                            <td class="pre comment">{comment}</td>
                        </tr>
                    }
                })
                .collect_view()
        }
    };

    let series = (!kpi.series.is_empty()).then(|| {
        let k3 = kpi.clone();
        view! {
            <section>
                <h2>"内訳"</h2>
                <div class="table-scroll" tabindex="0">
                    <table>
                        <thead><tr><th scope="col">"区分"</th>{years.iter().map(|y| view! { <th scope="col">{wareki_fy(*y)}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {k3.series.iter().map(|s| view! {
                                <tr><th scope="row">{s.label.clone()}</th>
                                {years.iter().map(|y| view! { <td class="num">{s.actuals.get(y).map(|f| figure_text(f, &k3)).unwrap_or_default()}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        }
    });

    let kid = kpi.id.clone();
    let k4 = kpi.clone();
    let result = move || {
        let s = score.get();
        let Some(r) = s.kpi(&kid).cloned() else {
            return ().into_any();
        };
        let bands = s.bands.clone();
        let reason = match &r.final_target.outcome {
            Outcome::NotEvaluable { reason } => Some(reason.clone()),
            _ => None,
        };
        let interim = r.interim.clone().map(|a| {
            view! {
                <div class="result-block">
                    <h3>{format!("{}の目標に対して", wareki_fy(r.as_of))}</h3>
                    <p class="big-rate">{rate_text(&a.outcome, &bands)}</p>
                    <BandBadge outcome=a.outcome.clone() bands=bands.clone()/>
                    <p class="formula">{a.formula.text(&k4, &bands)}</p>
                </div>
            }
        });
        view! {
            <section class="result" aria-labelledby="result-h">
                <h2 id="result-h">{format!("達成状況（{}時点）", fy_both(r.as_of))}</h2>
                <div class="result-grid">
                    <div class="result-block">
                        <h3>"最終目標に対して"</h3>
                        <p class="big-rate" data-testid="kpi-rate">{rate_text(&r.final_target.outcome, &bands)}</p>
                        <BandBadge outcome=r.final_target.outcome.clone() bands=bands.clone()/>
                        {reason.map(|x| view! { <p class="reason">"理由: "{x}</p> })}
                    </div>
                    {interim}
                    <div class="result-block">
                        <h3>"ペース"</h3>
                        <p class="big-rate">{r.pace.label()}</p>
                        <p class="formula">{r.pace_basis.text()}</p>
                    </div>
                </div>
                <details class="formula-box" open>
                    <summary>"計算方法"</summary>
                    <p>"実績の扱い: "{r.value_text(&k4)}</p>
                    <p data-testid="kpi-formula">{r.final_target.formula.text(&k4, &bands)}</p>
                </details>
            </section>
        }
        .into_any()
    };

    let notes = kpi.notes.clone();
    let period = plan.period;
    let kid_chart = kpi.id.clone();
    let draw = move |p: &crate::edit::Shared<plan_core::plan::Plan>| {
        p.find_kpi(&kid_chart)
            .and_then(|(_, k)| kpi_chart(k, period))
            .map(IntoAny::into_any)
    };
    // The chart follows edits in the staff app; the citizens' figures never change.
    let chart = if crate::STAFF {
        (move || state.plan.with(|p| draw(p))).into_any()
    } else {
        state.plan.with_untracked(|p| draw(p)).into_any()
    };
    let embed_title = kpi.name.clone();
    let crumbs = vec![
        (Route::plan(&plan.id), plan.title.clone()),
        (
            Route::node(&plan.id, &node.id),
            titled(&node.number, &node.title),
        ),
    ];
    view! {
        <Crumbs items=crumbs/>
        <p class="level">"重要業績評価指標（KPI） "{kpi.number.clone().unwrap_or_default()}</p>
        <h1>{kpi.name.clone()}</h1>
        <Toolbar>
            <YearSelect period=plan.period current=Signal::from(fy)/>
            <EmbedCode title=embed_title/>
        </Toolbar>
        <dl class="facts">
            {kpi.definition.clone().map(|d| view! { <div><dt>"数値の定義"</dt><dd>{d}</dd></div> })}
            <div><dt>"担当課"</dt><dd>{kpi.departments.join("、")}</dd></div>
            <div><dt>"基準値"</dt><dd>{baseline}</dd></div>
            <div><dt>"最終目標"</dt><dd data-testid="kpi-target">{target_text(&kpi)}</dd></div>
            <div><dt>"方向"</dt><dd>{direction}</dd></div>
        </dl>
        {result}
        {chart}
        <section>
            <h2>"年度別の値"</h2>
            <div class="table-scroll" tabindex="0">
                <table class="values">
                    <thead><tr><th scope="col">"年度"</th><th scope="col">"目標値"</th><th scope="col">"実績値"</th><th scope="col">"市の公表達成率"</th><th scope="col">"取組内容等"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
        {series}
        {(!notes.is_empty()).then(|| view! {
            <details class="notes"><summary>"データ作成時の注記"</summary>
                <ul>{notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            </details>
        })}
    }
}
