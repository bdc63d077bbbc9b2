//! KPI page: the values table, the rate with its formula (計算方法), band, pace and comments.

use crate::charts::{kpi_chart_svg, legend, KpiSeries};
use crate::components::band::badge_dom;
use crate::components::band::rate_text;
use crate::components::cell_inputs::{actual_input, comment_input, refusal, Refused};
use crate::components::embed::{trail, Crumbs, EmbedCode, Toolbar};
use crate::components::year_select::YearSelect;
use crate::dom::{el, elc, table_scroll, Dom};
use crate::pages::plan_scope::use_plan;
use leptos::prelude::*;
use plan_core::engine::KpiResult;
use plan_core::format::{fy_both, number, wareki_fy};
use plan_core::plan::Band;
use plan_core::plan::{Direction, Figure, Kpi, TargetKind};

/// The chart with its legend and text equivalent.
fn kpi_chart(kpi: &Kpi, period: plan_core::plan::Period) -> Option<Dom> {
    let series = KpiSeries::of(kpi, period);
    if series.is_empty() {
        return None;
    }
    let description = series.describe(kpi.unit.as_deref().unwrap_or(""));
    // The SVG holds only numbers and years (crate::charts), never plan text.
    let svg = kpi_chart_svg(&series, 480, 280).ok()?;
    let legend = el("ul")
        .attr("class", "legend")
        .children(legend().into_iter().map(|(label, color, mark)| {
            el("li")
                .child(
                    el("span")
                        .attr("style", format!("color:{color}"))
                        .attr("aria-hidden", "true")
                        .text(mark),
                )
                .text(format!(" {label}"))
                .into()
        }));
    Some(
        elc("figure", "chart")
            .attr("data-testid", "kpi-chart")
            .child(
                elc("div", "chart-svg")
                    .attr("role", "img")
                    .attr("aria-label", description.clone())
                    .chart_svg(svg),
            )
            .child(
                el("figcaption").child(legend).child(
                    elc("p", "chart-text")
                        .attr("data-testid", "chart-text")
                        .text(description),
                ),
            )
            .into(),
    )
}

/// One numeric cell per year: the figure of `values` for that year, or empty.
pub fn year_cells<'a>(
    values: &'a plan_core::plan::ByYear<Figure>,
    years: &'a [i32],
    kpi: &'a Kpi,
) -> impl Iterator<Item = Dom> + 'a {
    years.iter().map(move |y| {
        elc("td", "num")
            .text(
                values
                    .get(y)
                    .map(|f| figure_text(f, kpi))
                    .unwrap_or_default(),
            )
            .into()
    })
}

/// The baseline value as a number without its unit, or "－".
pub fn baseline_number(kpi: &Kpi) -> String {
    kpi.baseline
        .as_ref()
        .and_then(|b| b.value)
        .map(|v| number(v, kpi.decimals))
        .unwrap_or_else(|| "－".into())
}

/// A number with the KPI's decimals and unit: "283,179m²".
pub fn amount_text(value: f64, kpi: &Kpi) -> String {
    format!(
        "{}{}",
        number(value, kpi.decimals),
        kpi.unit.as_deref().unwrap_or("")
    )
}

pub fn figure_text(f: &Figure, kpi: &Kpi) -> String {
    match f {
        Figure::Number(n) => amount_text(*n, kpi),
        Figure::Text(t) => t.clone(),
    }
}

pub fn target_text(kpi: &Kpi) -> String {
    match &kpi.target {
        None => "—".into(),
        Some(t) => {
            let value = t.value.map(|v| amount_text(v, kpi));
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
            let value = b.value.map(|v| amount_text(v, &kpi));
            let when = b.as_of.as_ref().map(|a| format!("（{a}）"));
            format!(
                "{}{}",
                value.as_deref().unwrap_or("－"),
                when.unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "－".into());

    let years: Vec<i32> = plan.period.years().collect();
    let k2 = kpi.clone();
    let state = ctx.state;
    // The rows follow the mode and the working plan; `Dom` patches what changed, so an
    // edit never re-creates the inputs (focus stays where the user moved it).
    let rows = {
        let years = years.clone();
        move || {
            let editing = crate::STAFF && state.editing.get();
            let rows = state.plan.with(|p| {
                p.find_kpi(&k2.id).map(|(_, k)| {
                    if editing {
                        state
                            .refused
                            .with(|refused| values_rows_dom(k, &years, Some(refused)))
                    } else {
                        values_rows_dom(k, &years, None)
                    }
                })
            });
            Dom::from(el("tbody").children(rows.unwrap_or_default()))
        }
    };

    let series = (!kpi.series.is_empty()).then(|| series_dom(&kpi, &years));

    let kid = kpi.id.clone();
    // From the working plan, as the scorecard is: in the staff app the "実績の扱い" line
    // must name the value the rate was computed from, not the published one.
    let result = move || {
        score.with(|s| {
            state.plan.with(|p| {
                let (_, k) = p.find_kpi(&kid)?;
                Some(result_dom(s.kpi(&kid)?, k, &s.bands))
            })
        })
    };

    let period = plan.period;
    let kid_chart = kpi.id.clone();
    let draw = move |p: &crate::edit::Shared<plan_core::plan::Plan>| {
        p.find_kpi(&kid_chart)
            .and_then(|(_, k)| kpi_chart(k, period))
    };
    // The chart follows edits in the staff app; the citizens' figures never change.
    let chart = if crate::STAFF {
        (move || state.plan.with(|p| draw(p))).into_any()
    } else {
        state.plan.with_untracked(|p| draw(p)).into_any()
    };
    let embed_title = kpi.name.clone();
    let crumbs = trail(&plan, &node.id, true);
    view! {
        <Crumbs items=crumbs/>
        {[
            Dom::from(elc("p", "level").text(format!("重要業績評価指標（KPI） {}", kpi.number.clone().unwrap_or_default()))),
            el("h1").text(kpi.name.clone()).into(),
        ]}
        <Toolbar>
            <YearSelect period=plan.period current=Signal::from(fy)/>
            <EmbedCode title=embed_title/>
        </Toolbar>
        {facts_dom(&kpi, baseline, direction)}
        {result}
        {chart}
        <section>
            <h2>"年度別の値"</h2>
            <div class="table-scroll" tabindex="0">
                <table class="values">
                    <thead><tr><th scope="col">"年度"</th><th scope="col">"目標値"</th><th scope="col">"実績値"</th><th scope="col">"市の公表達成率"</th><th scope="col">"取組内容等"</th></tr></thead>
                    {rows}
                </table>
            </div>
        </section>
        {series}
        {notes_dom(&kpi.notes)}
    }
}

fn facts_dom(kpi: &Kpi, baseline: String, direction: &str) -> Dom {
    let fact = |label: &str, value: String| {
        el("div")
            .child(el("dt").text(label))
            .child(el("dd").text(value))
    };
    el("dl")
        .attr("class", "facts")
        .opt(kpi.definition.clone().map(|d| fact("数値の定義", d)))
        .opt((!kpi.departments.is_empty()).then(|| fact("担当課", kpi.departments.join("、"))))
        .child(fact("基準値", baseline))
        .child(
            el("div").child(el("dt").text("最終目標")).child(
                el("dd")
                    .attr("data-testid", "kpi-target")
                    .text(target_text(kpi)),
            ),
        )
        .child(fact("方向", direction.to_string()))
        .into()
}

/// The yearly values table body. In edit mode (`inputs`: the refused entries to show) each
/// year's actual and comment are inputs.
fn values_rows_dom(k: &Kpi, years: &[i32], inputs: Option<&[Refused]>) -> Vec<Dom> {
    // Never inputs in the citizens' app. The constant is tested where the inputs are made,
    // inside the closure: an option captured by a closure is not folded away, and the input
    // code (and its strings) stayed in the citizens' wasm.
    years
        .iter()
        .map(|&fy| {
            let actual = elc("td", "num")
                .attr("data-testid", "actual-cell")
                .attr("data-fy", fy.to_string());
            let comment = elc("td", "pre comment");
            let (actual, comment) = match inputs {
                Some(refused) if crate::STAFF => (
                    actual.child(actual_input(k, fy, refusal(refused, &k.id, fy))),
                    comment.child(comment_input(k, fy)),
                ),
                _ => (
                    actual.text(
                        k.actuals
                            .get(&fy)
                            .map(|f| figure_text(f, k))
                            .unwrap_or_default(),
                    ),
                    comment.text(k.comments.get(&fy).cloned().unwrap_or_default()),
                ),
            };
            el("tr")
                .child(el("th").attr("scope", "row").text(fy_both(fy)))
                .child(
                    elc("td", "num").text(
                        k.targets
                            .get(&fy)
                            .map(|f| figure_text(f, k))
                            .unwrap_or_default(),
                    ),
                )
                .child(actual)
                .child(
                    elc("td", "num").text(
                        k.reported
                            .get(&fy)
                            .map(|r| r.text.clone())
                            .unwrap_or_default(),
                    ),
                )
                .child(comment)
                .into()
        })
        .collect()
}

fn series_dom(k: &Kpi, years: &[i32]) -> Dom {
    let head = el("tr")
        .child(el("th").attr("scope", "col").text("区分"))
        .children(
            years
                .iter()
                .map(|y| el("th").attr("scope", "col").text(wareki_fy(*y)).into()),
        );
    let rows = k.series.iter().map(|s| {
        el("tr")
            .child(el("th").attr("scope", "row").text(s.label.clone()))
            .children(year_cells(&s.actuals, years, k))
            .into()
    });
    el("section")
        .child(el("h2").text("内訳"))
        .child(table_scroll(
            el("table")
                .child(el("thead").child(head))
                .child(el("tbody").children(rows)),
        ))
        .into()
}

fn result_dom(r: &KpiResult, k: &Kpi, bands: &[Band]) -> Dom {
    let reason = r
        .final_target
        .outcome
        .reason()
        .map(|reason| elc("p", "reason").text(format!("理由: {reason}")));
    let interim = r.interim.as_ref().map(|a| {
        elc("div", "result-block")
            .child(el("h3").text(format!("{}の目標に対して", wareki_fy(r.as_of))))
            .child(elc("p", "big-rate").text(rate_text(&a.outcome, bands)))
            .child(badge_dom(&a.outcome, bands))
            .child(elc("p", "formula").text(a.formula.text(k, bands)))
    });
    elc("section", "result")
        .attr("aria-labelledby", "result-h")
        .child(
            el("h2")
                .attr("id", "result-h")
                .text(format!("達成状況（{}時点）", fy_both(r.as_of))),
        )
        .child(
            elc("div", "result-grid")
                .child(
                    elc("div", "result-block")
                        .child(el("h3").text("最終目標に対して"))
                        .child(
                            elc("p", "big-rate")
                                .attr("data-testid", "kpi-rate")
                                .text(rate_text(&r.final_target.outcome, bands)),
                        )
                        .child(badge_dom(&r.final_target.outcome, bands))
                        .opt(reason),
                )
                .opt(interim)
                .child(
                    elc("div", "result-block")
                        .child(el("h3").text("ペース"))
                        .child(elc("p", "big-rate").text(r.pace.label()))
                        .child(elc("p", "formula").text(r.pace_basis.text())),
                ),
        )
        .child(
            elc("details", "formula-box")
                .attr("open", "")
                .child(el("summary").text("計算方法"))
                .child(el("p").text(format!("実績の扱い: {}", r.value_text(k))))
                .child(
                    el("p")
                        .attr("data-testid", "kpi-formula")
                        .text(r.final_target.formula.text(k, bands)),
                ),
        )
        .into()
}

fn notes_dom(notes: &[String]) -> Option<Dom> {
    (!notes.is_empty()).then(|| {
        elc("details", "notes")
            .child(el("summary").text("データ作成時の注記"))
            .child(el("ul").children(notes.iter().map(|n| el("li").text(n.clone()).into())))
            .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use plan_core::engine::Scorecard;

    #[test]
    fn yuzawa_k07_shows_rate_band_formula_and_chart_text() {
        let plan = crate::test_seeds::yuzawa();
        let score = Scorecard::new(&plan, 2023);
        let (_, kpi) = plan.find_kpi("k07").unwrap();
        let result = result_dom(score.kpi("k07").unwrap(), kpi, &score.bands);
        let text = result.text_content();
        assert!(
            text.contains("達成状況（令和5年度（2023年度）時点）"),
            "{text}"
        );
        assert!(
            text.contains("目標 264,000 ÷ 実績 283,179 × 100 = 93%"),
            "{text}"
        );
        assert_eq!(result.find_tag("p")[0].text_content(), "93%");
        let chart = kpi_chart(kpi, plan.period).expect("k07 has values to draw");
        let html = chart.markup();
        assert!(html.contains("<svg"), "the chart is drawn");
        assert!(chart.text_content().contains("目標値 264,000m²（R8）"));
        let rows = values_rows_dom(kpi, &plan.period.years().collect::<Vec<_>>(), None);
        assert_eq!(rows.len(), 6, "R3–R8");
        assert_eq!(rows[2].find_tag("td")[1].text_content(), "283,179m²");
    }
}
