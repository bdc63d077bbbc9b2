//! KPI page: the facts, the rate with its formula (計算方法), band and pace, the chart, the
//! yearly values with the city's own comments, and any breakdown.

use crate::components::badge::{badge, rate_text};
use crate::components::cells::{use_editing, ActualCell, CommentCell};
use crate::components::chart::kpi_chart;
use crate::components::embed::EmbedCode;
use crate::components::figures::{baseline_text, figure_text, target_text};
use crate::components::layout::{trail, Crumbs, TableScroll, Toolbar};
use crate::components::year_select::YearSelect;
use crate::state::plan::use_open_plan;
use leptos::prelude::*;
use plan_core::edits::Cell;
use plan_core::engine::KpiResult;
use plan_core::format::{fy_both, wareki_fy, wareki_short};
use plan_core::plan::{Band, Direction, Kpi};

#[component]
pub fn KpiPage(kpi_id: String) -> impl IntoView {
    let open = use_open_plan();
    let plan = open.base();
    let (node, kpi) = plan
        .find_kpi(&kpi_id)
        .map(|(n, k)| (n.id.clone(), k.clone()))
        .expect("checked by PlanScope");
    let score = open.score;
    // The KPI as it is now: its actuals and comments follow the staff's edits.
    let now = {
        let id = kpi.id.clone();
        Memo::new(move |_| open.with_kpi(&id, Kpi::clone))
    };
    let result = {
        let id = kpi.id.clone();
        move || {
            score
                .with(|s| {
                    let r = s.kpi(&id)?;
                    now.with(|k| k.as_ref().map(|k| result_view(r, k, &s.bands)))
                })
                .into_any()
        }
    };
    let period = plan.period;
    // Redrawn when the figures change (the staff's edits; the citizens' never do).
    let chart = move || {
        now.with(|k| k.as_ref().and_then(|k| kpi_chart(k, period)))
            .into_any()
    };
    let editing = use_editing();
    let rows = period
        .years()
        .map(|fy| {
            let target = kpi.targets.get(&fy).map(|f| figure_text(f, &kpi)).unwrap_or_default();
            let reported = kpi.reported.get(&fy).map(|r| r.text.clone()).unwrap_or_default();
            let published = kpi.clone();
            let shown = Signal::derive(move || {
                now.with(|k| {
                    k.as_ref()
                        .and_then(|k| k.actuals.get(&fy))
                        .map(|f| figure_text(f, &published))
                        .unwrap_or_default()
                })
            });
            let value = Signal::derive(move || {
                now.with(|k| k.as_ref().map(|k| input_text(k, fy)).unwrap_or_default())
            });
            let comment = Signal::derive(move || {
                now.with(|k| {
                    k.as_ref()
                        .and_then(|k| k.comments.get(&fy).cloned())
                        .unwrap_or_default()
                })
            });
            view! {
                <tr>
                    <th scope="row">{fy_both(fy)}</th>
                    <td class="num">{target}</td>
                    <td class="num" data-testid="actual-cell" data-fy=fy.to_string()>
                        <ActualCell kpi=kpi.id.clone() fy=fy shown=shown value=value control=editing/>
                    </td>
                    <td class="num">{reported}</td>
                    <td class="pre comment">
                        <CommentCell cell=Cell::Comment { kpi: kpi.id.clone(), fy } text=comment control=editing/>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let crumbs = trail(&plan, &node, true);
    let level = format!(
        "重要業績評価指標（KPI） {}",
        kpi.number.clone().unwrap_or_default()
    );
    let (name, title) = (kpi.name.clone(), kpi.name.clone());
    let facts = facts(&kpi);
    let breakdown = breakdown(&kpi, &period.years().collect::<Vec<_>>());
    let notes = notes(&kpi.notes);
    view! {
        <Crumbs items=crumbs/>
        <p class="level">{level}</p>
        <h1>{name}</h1>
        <Toolbar>
            <YearSelect period=period/>
            <EmbedCode title=title/>
        </Toolbar>
        {facts}
        {result}
        {chart}
        <section>
            <h2>"年度別の値"</h2>
            <TableScroll>
                <table class="values">
                    <thead>
                        <tr>
                            <th scope="col">"年度"</th>
                            <th scope="col">"目標値"</th>
                            <th scope="col">"実績値"</th>
                            <th scope="col">"市の公表達成率"</th>
                            <th scope="col">"取組内容等"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
        </section>
        {breakdown}
        {notes}
    }
}

/// What an input shows of an actual (`state::draft::actual_text` in the staff app).
fn input_text(kpi: &Kpi, fy: i32) -> String {
    #[cfg(feature = "staff")]
    {
        crate::state::draft::actual_text(kpi, fy)
    }
    #[cfg(not(feature = "staff"))]
    {
        let _ = (kpi, fy);
        String::new()
    }
}

fn facts(kpi: &Kpi) -> impl IntoView {
    let fact = |label: &'static str, value: String| {
        view! { <div><dt>{label}</dt><dd>{value}</dd></div> }
    };
    let direction = match kpi.direction {
        Direction::Increase => "増やす（値が大きいほど良い）",
        Direction::Decrease => "減らす（値が小さいほど良い）",
        Direction::Maintain => "維持する",
    };
    view! {
        <dl class="facts">
            {kpi.definition.clone().map(|d| fact("数値の定義", d))}
            {(!kpi.departments.is_empty()).then(|| fact("担当課", kpi.departments.join("、")))}
            {fact("基準値", baseline_text(kpi))}
            <div><dt>"最終目標"</dt><dd data-testid="kpi-target">{target_text(kpi)}</dd></div>
            {fact("方向", direction.to_string())}
        </dl>
    }
}

/// 達成状況: against the final target, against the year's target if there is one, the pace,
/// and 計算方法 with the KPI's own numbers.
fn result_view(r: &KpiResult, k: &Kpi, bands: &[Band]) -> impl IntoView {
    let outcome = &r.final_target.outcome;
    let reason = outcome
        .reason()
        .map(|reason| view! { <p class="reason">{format!("理由: {reason}")}</p> });
    let interim = r.interim.as_ref().map(|a| {
        view! {
            <div class="result-block">
                <h3>{format!("{}の目標に対して", wareki_fy(r.as_of))}</h3>
                <p class="big-rate">{rate_text(&a.outcome, bands)}</p>
                {badge(&a.outcome, bands)}
                <p class="formula">{a.formula.text(k, bands)}</p>
            </div>
        }
    });
    view! {
        <section class="result" aria-labelledby="result-h">
            <h2 id="result-h">{format!("達成状況（{}時点）", fy_both(r.as_of))}</h2>
            <div class="result-grid">
                <div class="result-block">
                    <h3>"最終目標に対して"</h3>
                    <p class="big-rate" data-testid="kpi-rate">{rate_text(outcome, bands)}</p>
                    {badge(outcome, bands)}
                    {reason}
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
                <p>{format!("実績の扱い: {}", r.value_text(k))}</p>
                <p data-testid="kpi-formula">{r.final_target.formula.text(k, bands)}</p>
            </details>
        </section>
    }
}

/// 内訳: the printed breakdown of the KPI (a department's row, a total), per year.
fn breakdown(k: &Kpi, years: &[i32]) -> Option<impl IntoView> {
    if k.series.is_empty() {
        return None;
    }
    let head = years
        .iter()
        .map(|y| view! { <th scope="col">{wareki_short(*y)}</th> })
        .collect_view();
    let rows = k
        .series
        .iter()
        .map(|s| {
            let cells = years
                .iter()
                .map(|y| {
                    let text = s
                        .actuals
                        .get(y)
                        .map(|f| figure_text(f, k))
                        .unwrap_or_default();
                    view! { <td class="num">{text}</td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{s.label.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    Some(view! {
        <section>
            <h2>"内訳"</h2>
            <TableScroll>
                <table>
                    <thead><tr><th scope="col">"区分"</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
        </section>
    })
}

fn notes(notes: &[String]) -> Option<impl IntoView> {
    (!notes.is_empty()).then(|| {
        view! {
            <details class="notes">
                <summary>"データ作成時の注記"</summary>
                <ul>{notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            </details>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_seeds::{render, testid_text, text_of, with_open_plan, yuzawa};
    use plan_core::route::Route;

    /// Yuzawa ⑦ as of 令和5年度: the rate, its formula with the KPI's own numbers, the chart
    /// with its text equivalent, and the yearly values.
    #[test]
    fn yuzawa_k07_shows_rate_band_formula_chart_and_values() {
        let html = render(|| {
            with_open_plan(yuzawa(), || {
                crate::state::route::use_router()
                    .route()
                    .set(Route::kpi("yuzawa", "k07").with_fy(Some(2023)));
                view! { <KpiPage kpi_id="k07".to_string()/> }
            })
        });
        let text = text_of(&html);
        assert!(
            text.contains("達成状況（令和5年度（2023年度）時点）"),
            "{text}"
        );
        assert!(
            text.contains("目標 264,000 ÷ 実績 283,179 × 100 = 93%"),
            "{text}"
        );
        assert_eq!(testid_text(&html, "kpi-rate").as_deref(), Some("93%"));
        assert!(html.contains("<svg"), "the chart is drawn");
        assert!(text.contains("目標値 264,000m²（R8）"), "{text}");
        // R3–R8, each with its actual where there is one.
        assert_eq!(html.matches(r#"data-testid="actual-cell""#).count(), 6);
        assert!(html.contains("283,179m²"), "{html}");
    }
}
