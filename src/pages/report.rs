//! Progress report after 湯沢市's table: one row per KPI for one fiscal year, with the actuals
//! of every year up to it, grouped under the node that holds the KPIs; the year's 取組内容等
//! in a row of its own below the figures, as wide as the table. On a narrow screen each KPI
//! is a card (style/main.css). In the staff app's edit mode the year's actual and comment are
//! inputs, and rates and bands follow each entry at once.

use crate::components::badge::{badge, rate_text};
use crate::components::cells::{use_editing, ActualCell, CommentCell};
use crate::components::embed::EmbedCode;
use crate::components::figures::{baseline_text, figure_text, target_text};
use crate::components::layout::{titled, Crumbs, TableScroll, Toolbar};
use crate::components::year_select::YearSelect;
use crate::state::plan::use_open_plan;
use leptos::prelude::*;
use plan_core::edits::Cell;
use plan_core::format::{count, fy_both, wareki_short};
use plan_core::plan::{FiscalYear, Kpi, KpiPlace, Node, Plan};
use plan_core::route::Route;
use std::sync::Arc;

/// Rows shown at once (a large plan has thousands); more are one click away.
const PAGE: usize = 200;
/// Rows shown at most: a table of thousands of rows is not read but searched (the plan
/// page's finder), and another year changes every row shown.
const MOST: usize = 5 * PAGE;

#[component]
pub fn ReportPage() -> impl IntoView {
    let open = use_open_plan();
    let plan = open.base();
    let fy = open.fy;
    let editing = use_editing();
    // Where each KPI sits: its row reads it from the working plan without a search.
    let places = Arc::new(plan.kpi_places());
    let total = places.len();
    let shown = RwSignal::new(PAGE);
    let limit = Memo::new(move |_| shown.get().min(total).min(MOST));
    let start = plan.period.start;
    let years = Memo::new(move |_| (start..=fy.get()).collect::<Vec<FiscalYear>>());
    // Past the first page the table is "long": the browser then lays out and paints only the
    // cells near the screen (style/main.css), so an edit's frame does not grow with the rows.
    // Rows with inputs are taller, and the browser's guess at a row not yet shown differs.
    let class = move || match (limit.get() > PAGE, editing.get()) {
        (false, _) => "report",
        (true, false) => "report long",
        (true, true) => "report long with-inputs",
    };
    let caption = {
        let title = plan.title.clone();
        move || format!("{title} 進捗状況（{}時点）", fy_both(fy.get()))
    };
    // The columns: name, department, baseline, a column a year, target, rate, grade.
    let columns = Memo::new(move |_| years.with(Vec::len) + 6);
    let rows = {
        let (plan, places) = (plan.clone(), places.clone());
        move |i: usize| {
            let first_of_node = heads_a_run(&places, i);
            view! { <ReportRow plan=plan.clone() index=i place=places[i].clone() years=years columns=columns first_of_node=first_of_node/> }
        }
    };
    let crumbs = vec![(Route::plan(&plan.id), plan.title.clone())];
    let embed_title = format!("{} 進捗状況報告", plan.title);
    let period = plan.period;
    view! {
        <Crumbs items=crumbs/>
        <h1>"進捗状況報告"</h1>
        <Toolbar>
            <YearSelect period=period/>
            <button type="button" class="button" on:click=|_| { let _ = window().print(); }>
                "印刷（A4横）"
            </button>
            <EmbedCode title=embed_title/>
        </Toolbar>
        <TableScroll>
            <table class=class data-testid="report-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"指標名"</th>
                        <th scope="col">"担当課"</th>
                        <th scope="col">"基準値"</th>
                        {move || {
                            years
                                .get()
                                .into_iter()
                                .map(|y| view! { <th scope="col">{actual_label(y)}</th> })
                                .collect_view()
                        }}
                        <th scope="col">"目標値"</th>
                        <th scope="col">"達成率"</th>
                        <th scope="col">"評価"</th>
                    </tr>
                </thead>
                <tbody>{move || (0..limit.get()).map(&rows).collect_view()}</tbody>
            </table>
        </TableScroll>
        {move || more_rows(total, limit.get()).map(|more| match more {
            More::Button(label) => view! {
                <button type="button" class="no-print" data-testid="report-more" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {label}
                </button>
            }
            .into_any(),
            More::Cut(note) => view! { <p class="notes" data-testid="report-cut">{note}</p> }.into_any(),
        })}
    }
}

/// A year's actuals column: "実績値 R5".
fn actual_label(y: FiscalYear) -> String {
    format!("実績値 {}", wareki_short(y))
}

/// Is the KPI at `i` the first of its node's (in document order)?
fn heads_a_run(places: &[KpiPlace], i: usize) -> bool {
    i == 0 || places[i - 1].nodes != places[i].nodes
}

/// What follows a table of `limit` of `total` rows.
#[derive(Debug, PartialEq)]
enum More {
    /// The button for more, with its label.
    Button(String),
    /// At `MOST` rows: the table stops here, and says where the other KPIs are.
    Cut(String),
}

fn more_rows(total: usize, limit: usize) -> Option<More> {
    if limit >= total {
        None
    } else if limit < MOST {
        Some(More::Button(format!(
            "さらに表示（残り{}件）",
            count(total - limit)
        )))
    } else {
        Some(More::Cut(format!(
            "この表に示すのは先頭の{}件までです（全{}件）。ほかの指標は、計画のページの「指標をさがす」から開けます。",
            count(limit),
            count(total)
        )))
    }
}

/// The node holding the KPI at `place`, and the KPI.
fn kpi_with_node<'a>(plan: &'a Plan, place: &KpiPlace) -> (&'a Node, &'a Kpi) {
    let mut node = &plan.nodes[place.nodes[0]];
    for &i in &place.nodes[1..] {
        node = &node.children[i];
    }
    (node, &node.kpis[place.kpi])
}

/// One KPI's rows: its figures, and the year's 取組内容等 below them. Names, departments,
/// baseline and target are the published plan's; the actuals, the comment and the result
/// follow the working plan and the year.
#[component]
fn ReportRow(
    plan: Arc<Plan>,
    /// The KPI's position in document order (and in the scorecard).
    index: usize,
    place: KpiPlace,
    years: Memo<Vec<FiscalYear>>,
    /// The table's columns, which the heading and the comment rows span.
    columns: Memo<usize>,
    /// The first of its node's KPIs: a row with the node's name goes above it.
    first_of_node: bool,
) -> impl IntoView {
    let open = use_open_plan();
    let (score, fy) = (open.score, open.fy);
    let editing = use_editing();
    let (node, kpi) = kpi_with_node(&plan, &place);
    let heading = first_of_node.then(|| {
        let level = plan.level_name(place.nodes.len() - 1);
        format!("{level}　{}", titled(&node.number, &node.title))
    });
    let kpi = kpi.clone();
    // What an edit can change in this row: the KPI's actuals and comments now.
    let figures = Memo::new(move |_| {
        open.plan.with(|p| {
            p.kpi_at(&place)
                .map(|k| (k.actuals.clone(), k.comments.clone()))
                .unwrap_or_default()
        })
    });
    let outcome = Memo::new(move |_| {
        score.with(|s| s.kpis.get(index).map(|r| r.final_target.outcome.clone()))
    });
    // (The bands are the plan's: they never change while it is open.)
    let rate = move || {
        outcome.with(|o| {
            o.as_ref()
                .map(|o| score.with_untracked(|s| rate_text(o, &s.bands)))
        })
    };
    let band = move || {
        outcome
            .with(|o| {
                o.as_ref()
                    .map(|o| score.with_untracked(|s| badge(o, &s.bands)))
            })
            .into_any()
    };
    let year_cell = {
        let kpi = kpi.clone();
        move |y: FiscalYear| {
            let published = kpi.clone();
            let shown = Signal::derive(move || {
                figures.with(|(actuals, _)| {
                    actuals
                        .get(&y)
                        .map(|f| figure_text(f, &published))
                        .unwrap_or_default()
                })
            });
            let value =
                Signal::derive(move || figures.with(|(actuals, _)| input_text(actuals.get(&y))));
            let control = Signal::derive(move || editing.get() && y == fy.get());
            view! {
                <td class="num" data-label=actual_label(y)>
                    <ActualCell kpi=kpi.id.clone() fy=y shown=shown value=value control=control/>
                </td>
            }
        }
    };
    // The year's 取組内容等, in a row of its own below the figures (not shown while empty:
    // style/main.css).
    let comment = {
        let id = kpi.id.clone();
        move || {
            let y = fy.get();
            let text = Signal::derive(move || {
                figures.with(|(_, comments)| comments.get(&y).cloned().unwrap_or_default())
            });
            view! {
                <td class="pre comment" colspan=columns data-label=format!("{}年度 取組内容等", wareki_short(y))>
                    <CommentCell cell=Cell::Comment { kpi: id.clone(), fy: y } text=text control=editing/>
                </td>
            }
            .into_any()
        }
    };
    let heading = heading.map(|h| {
        view! {
            <tr class="group">
                <th colspan=columns>{h}</th>
            </tr>
        }
        .into_any()
    });
    view! {
        {heading}
        <tr class="figures" data-kpi=kpi.id.clone()>
            <th scope="row">
                <a href=Route::kpi(&plan.id, &kpi.id).to_query()>{titled(&kpi.number, &kpi.name)}</a>
            </th>
            <td data-label="担当課">{kpi.departments.join("、")}</td>
            <td class="num with-note" data-label="基準値">{baseline_text(&kpi)}</td>
            {move || years.get().into_iter().map(&year_cell).collect_view()}
            <td class="num with-note" data-label="目標値">{target_text(&kpi)}</td>
            <td class="num" data-label="達成率" data-testid="report-rate">{rate}</td>
            <td data-label="評価">{band}</td>
        </tr>
        <tr class="comment-row" data-kpi=kpi.id.clone()>{comment}</tr>
    }
}

/// What an actual's input shows (`state::draft::actual_text` in the staff app).
fn input_text(actual: Option<&plan_core::plan::Figure>) -> String {
    use plan_core::plan::Figure;
    match actual {
        Some(Figure::Number(n)) => plan_core::format::number(*n, None),
        Some(Figure::Text(t)) => t.clone(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_seeds::{render, text_of, with_open_plan, yuzawa};

    /// The report of `plan` as of `fy`, rendered.
    fn report(plan: Plan, fy: i32) -> String {
        render(move || {
            let id = plan.id.clone();
            with_open_plan(plan, move || {
                crate::state::route::use_router()
                    .route()
                    .set(Route::report(&id, Some(fy)));
                view! { <ReportPage/> }
            })
        })
    }

    /// The cells' texts of the row of KPI `id`.
    fn row(html: &str, id: &str) -> Vec<String> {
        let start = html
            .find(&format!(r#"<tr data-kpi="{id}" class="figures""#))
            .unwrap_or_else(|| panic!("no row for {id}"));
        let row = &html[start..start + html[start..].find("</tr>").unwrap()];
        let cell_starts: Vec<usize> = row
            .match_indices("<t")
            .map(|(i, _)| i)
            .filter(|&i| matches!(&row[i..i + 4], "<td " | "<td>" | "<th " | "<th>"))
            .collect();
        cell_starts
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let end = cell_starts.get(n + 1).copied().unwrap_or(row.len());
                text_of(&row[i..end]).trim().to_string()
            })
            .collect()
    }

    #[test]
    fn report_rows_carry_the_city_figures_and_our_rates() {
        let html = report(yuzawa(), 2023);
        let text = text_of(&html);
        assert!(
            text.contains("進捗状況（令和5年度（2023年度）時点）"),
            "{text}"
        );
        // 指標名, 担当課, 基準値, R3 R4 R5, 目標値, 達成率, 評価.
        let k07 = row(&html, "k07");
        assert_eq!(k07[2], "299,963m²（R1）", "{k07:?}");
        assert_eq!(
            k07[3..6],
            ["296,121m²", "285,615m²", "283,179m²"],
            "{k07:?}"
        );
        assert_eq!(k07[7], "93%", "{k07:?}");
        assert!(k07[8].contains("概ね達成"), "{k07:?}");
        assert_eq!(row(&html, "k02")[7], "220%");
        // Every KPI has a row; the first page is not "long".
        assert_eq!(html.matches(r#"class="figures""#).count(), 20);
        assert!(
            html.contains(r#"<table data-testid="report-table" class="report">"#),
            "{html}"
        );
    }

    /// Each node's name heads its KPIs once, in a row across the table, not in every row.
    #[test]
    fn a_node_heads_its_kpis_once() {
        let html = report(yuzawa(), 2023);
        assert_eq!(html.matches(r#"<tr class="group">"#).count(), 12);
        assert_eq!(
            text_of(&html)
                .matches("テーマプログラム　1 地域経営の仕組みづくり")
                .count(),
            1
        );
        assert!(html.contains(r#"<tr class="group"><th colspan="9">テーマプログラム　1 地域経営の仕組みづくり</th></tr>"#), "{html}");
        // 1 has three KPIs under its heading, and 2 follows.
        let group = &html[html.find("1 地域経営の仕組みづくり").unwrap()..];
        let group = &group[..group.find(r#"<tr class="group">"#).unwrap()];
        assert_eq!(group.matches(r#"class="figures""#).count(), 3);
        let places = yuzawa().kpi_places();
        let heads: Vec<usize> = (0..5).filter(|&i| heads_a_run(&places, i)).collect();
        assert_eq!(heads, [0, 3]);
    }

    /// The year's 取組内容等 is a row of its own below the KPI's figures, as wide as the
    /// table; with no comment its cell is empty, and the stylesheet shows no row.
    #[test]
    fn a_comment_has_a_row_below_its_figures() {
        let html = report(yuzawa(), 2023);
        let k02 = &html[html.find(r#"<tr data-kpi="k02" class="figures""#).unwrap()..];
        let next = &k02[k02.find("</tr>").unwrap()..];
        assert!(
            next.starts_with(r#"</tr><tr data-kpi="k02" class="comment-row"><td colspan="9" data-label="R5年度 取組内容等" class="pre comment">市政に対する市民理解の促進"#),
            "{next}"
        );
        let k09 = &html[html
            .find(r#"<tr data-kpi="k09" class="comment-row""#)
            .unwrap()..];
        let k09 = &k09[..k09.find("</tr>").unwrap()];
        assert_eq!(text_of(k09).trim(), "", "{k09}");
        let css = include_str!("../../style/main.css");
        assert!(css.contains("table.report td.comment:empty { display: none; }"));
    }

    #[test]
    fn only_years_up_to_the_report_year_have_a_column() {
        let html = report(yuzawa(), 2022);
        assert!(html.contains("実績値 R4"), "{html}");
        assert!(!html.contains("実績値 R5"), "{html}");
    }

    /// "さらに表示" adds a page at a time up to `MOST` rows; there the table stops and says
    /// so, with every count in 3桁区切り.
    #[test]
    fn more_rows_stop_at_the_most_with_a_note() {
        assert_eq!(more_rows(20, 20), None);
        assert_eq!(
            more_rows(10_000, PAGE),
            Some(More::Button("さらに表示（残り9,800件）".into()))
        );
        assert_eq!(
            more_rows(1_100, 4 * PAGE),
            Some(More::Button("さらに表示（残り300件）".into()))
        );
        assert_eq!(
            more_rows(10_000, MOST),
            Some(More::Cut("この表に示すのは先頭の1,000件までです（全10,000件）。ほかの指標は、計画のページの「指標をさがす」から開けます。".into()))
        );
        assert_eq!(more_rows(MOST, MOST), None);
    }

    /// A large plan shows its first page of rows, and a button for the rest.
    #[test]
    fn a_large_plan_shows_its_first_page() {
        let html = report(plan_core::synth::synthetic_plan(PAGE + 50), 2023);
        assert_eq!(html.matches(r#"class="figures""#).count(), PAGE);
        assert!(text_of(&html).contains("さらに表示（残り50件）"));
    }
}
