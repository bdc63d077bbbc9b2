//! Progress report in the layout of Yuzawa's table: one row per KPI for one fiscal year.
//! In edit mode the year's actuals and comments are inputs; rates and bands follow at once.

use crate::components::band::badge_dom;
use crate::components::band::rate_text;
use crate::components::cell_inputs::{actual_input, comment_input, refusal, Refused};
use crate::components::embed::{Crumbs, EmbedCode, Toolbar};
use crate::components::titled;
use crate::components::year_select::YearSelect;
use crate::dom::{action_button, el, elc, link, table_scroll, Dom};
use crate::pages::kpi::{baseline_number, figure_text, target_text};
use crate::pages::plan_scope::use_plan;
use leptos::prelude::*;
use plan_core::engine::Scorecard;
use plan_core::format::{count, fy_both, wareki_short};
use plan_core::plan::{ByYear, Figure, Kpi, Node, Plan};
use plan_core::route::Route;
use std::sync::Arc;

/// Rows shown at once (a synthetic plan may have thousands); more are one click away.
const PAGE: usize = 200;
/// Rows shown at most. An edit rebuilds its own row only (`RowCache`), but another year
/// rebuilds every shown row (≈ 0.3 s with 1,000 in the browser), and a page of thousands of
/// rows is not read, it is searched (the plan page's finder).
const MOST: usize = 5 * PAGE;

#[component]
pub fn ReportPage() -> impl IntoView {
    let ctx = use_plan();
    let state = ctx.state;
    let plan = ctx.base();
    let score = state.score;
    let fy = ctx.fy;
    let shown = RwSignal::new(PAGE);
    let embed_title = format!("{} 進捗状況報告", plan.title);
    // Edits change figures, never which KPIs there are: counted once, not at every edit.
    let total = plan.kpis().count();
    // Plain markup from the working plan and the scorecard, re-rendered when the year, the
    // scorecard or the working plan changes; `Dom` patches what differs, so in edit mode an
    // edit leaves the inputs (and the focus) in place.
    let mut rows = RowCache::default();
    let table = move || {
        let as_of = fy.get();
        let limit = shown.get().min(total).min(MOST);
        let editing = crate::STAFF && state.editing.get();
        let table = score.with(|s| {
            state.plan.with(|pl| {
                if editing {
                    state
                        .refused
                        .with(|r| report_dom(pl, s, as_of, limit, Some((r, &mut rows))))
                } else {
                    report_dom(pl, s, as_of, limit, None)
                }
            })
        });
        Dom::from(el("div").child(table).opt(more_rows(total, limit)))
    };
    // One click listener for the page's two buttons, which name their action.
    let on_click = move |ev: web_sys::MouseEvent| {
        let action = crate::dom::action_of(&ev);
        match action.as_deref() {
            Some("print") => {
                let _ = web_sys::window().map(|w| w.print());
            }
            Some("more") => shown.update(|n| *n += PAGE),
            _ => {}
        }
    };
    view! {
        <div on:click=on_click>
            <Crumbs items=vec![(Route::plan(&plan.id), plan.title.clone())]/>
            <h1>"進捗状況報告"</h1>
            <Toolbar>
                <YearSelect period=plan.period current=Signal::from(fy)/>
                <button type="button" class="button" data-action="print">"印刷（A4横）"</button>
                <EmbedCode title=embed_title/>
            </Toolbar>
            {table}
        </div>
    }
}

/// Under a table of `limit` of `total` rows: the button for more, or at `MOST` rows the
/// note that says the table stops there and where the other KPIs are.
fn more_rows(total: usize, limit: usize) -> Option<Dom> {
    if limit >= total {
        None
    } else if limit < MOST {
        let label = format!("さらに表示（残り{}件）", count(total - limit));
        Some(
            action_button("more", &label, true)
                .attr("class", "no-print")
                .into(),
        )
    } else {
        let note = format!(
            "この表に示すのは先頭の{}件までです（全{}件）。ほかの指標は、計画のページの「指標をさがす」から開けます。",
            count(limit),
            count(total)
        );
        Some(
            elc("p", "notes")
                .attr("data-testid", "report-cut")
                .text(note)
                .into(),
        )
    }
}

/// The caption and column heads of the report for `as_of` (both modes).
fn report_head(plan: &Plan, as_of: i32) -> [Dom; 2] {
    let th = |text: String| el("th").attr("scope", "col").text(text);
    let head = el("tr")
        .child(th(plan.kpi_level_name().to_string()))
        .child(th("指標名".into()))
        .child(th("担当課".into()))
        .child(th("基準値".into()))
        .child(th("単位".into()))
        .children(
            (plan.period.start..=as_of).map(|y| th(format!("実績値 {}", wareki_short(y))).into()),
        )
        .child(th("目標値".into()))
        .child(th("達成率".into()))
        .child(th("評価".into()))
        .child(th(format!("{}年度 取組内容等", wareki_short(as_of))));
    [
        el("caption")
            .text(format!("{} 進捗状況（{}時点）", plan.title, fy_both(as_of)))
            .into(),
        el("thead").child(head).into(),
    ]
}

/// The rows of the report's last rebuild in edit mode, kept so that an edit rebuilds only the
/// row it changed: a staff edit writes one KPI's actual or comment, and rebuilding every shown
/// row took most of an edit's frame with 1,000 rows (≈ 11 ms of script, bench/report.md).
#[derive(Default)]
pub struct RowCache {
    /// The year the rows were built for; another year rebuilds them all.
    as_of: Option<i32>,
    rows: Vec<CachedRow>,
}

/// A row and what it was built from that an edit can change. The rest of a row (names,
/// departments, baseline, target) is the published plan's, which an open page never
/// changes, and its rate and band follow from these (a KPI's result is its own).
struct CachedRow {
    kpi: String,
    actuals: ByYear<Figure>,
    comment: Option<String>,
    refused: Option<String>,
    row: Arc<Dom>,
}

impl RowCache {
    /// Row `i` (KPI `k`) as kept, if what it shows is unchanged; else built anew and kept.
    fn row(
        &mut self,
        i: usize,
        k: &Kpi,
        comment: Option<&String>,
        refused: Option<&str>,
        build: impl FnOnce() -> Dom,
    ) -> Dom {
        let kept = self.rows.get(i).filter(|c| {
            c.kpi == k.id
                && c.actuals == k.actuals
                && c.comment.as_ref() == comment
                && c.refused.as_deref() == refused
        });
        if let Some(c) = kept {
            return kept_row(&c.row);
        }
        let row = Arc::new(build());
        let cached = CachedRow {
            kpi: k.id.clone(),
            actuals: k.actuals.clone(),
            comment: comment.cloned(),
            refused: refused.map(str::to_string),
            row: row.clone(),
        };
        match self.rows.get_mut(i) {
            Some(slot) => *slot = cached,
            None => self.rows.push(cached),
        }
        kept_row(&row)
    }
}

/// A kept row in a new tree: shared, not copied. (`Dom::Shared` is in the staff app only, the
/// one that edits; the citizens' app never gets here.)
#[cfg(feature = "staff")]
fn kept_row(row: &Arc<Dom>) -> Dom {
    Dom::Shared(row.clone())
}

#[cfg(not(feature = "staff"))]
fn kept_row(row: &Arc<Dom>) -> Dom {
    Dom::clone(row)
}

/// The report table for `as_of`, at most `limit` rows. In edit mode (`inputs`: the refused
/// entries to show, and the rows kept from the last rebuild) the year's actual and comment
/// are inputs.
pub fn report_dom(
    plan: &Plan,
    score: &Scorecard,
    as_of: i32,
    limit: usize,
    inputs: Option<(&[Refused], &mut RowCache)>,
) -> Dom {
    // Never inputs in the citizens' app. The constant is tested where the inputs are made,
    // inside the closures: an option captured by a closure is not folded away, and the
    // input code (and its strings) stayed in the citizens' wasm.
    let years: Vec<i32> = (plan.period.start..=as_of).collect();
    let kpis: Vec<_> = plan.kpis().take(limit).collect();
    let shown = kpis.len();
    let editing = inputs.is_some();
    let mut rows = Vec::with_capacity(shown);
    match inputs {
        Some((refused, cache)) if crate::STAFF => {
            if cache.as_of != Some(as_of) {
                *cache = RowCache {
                    as_of: Some(as_of),
                    rows: Vec::new(),
                };
            }
            for (i, (node, k)) in kpis.into_iter().enumerate() {
                let problem = refusal(refused, &k.id, as_of);
                let build = || report_row(plan, score, &years, as_of, node, k, Some(problem));
                rows.push(cache.row(i, k, k.comments.get(&as_of), problem, build));
            }
        }
        _ => rows.extend(
            kpis.into_iter()
                .map(|(node, k)| report_row(plan, score, &years, as_of, node, k, None)),
        ),
    }
    // Past the first page the table is "long": the browser then lays out, paints and
    // hit-tests only the cells near the screen (style/main.css), so its part of an edit does
    // not grow with the rows shown (with 1,000 rows: ≈ 69 → ≈ 12 ms to the end of the frame).
    let class = match (shown > PAGE, crate::STAFF && editing) {
        (false, _) => "report",
        (true, false) => "report long",
        // Taller rows (a comment box in each): the browser's guess at the height of a row
        // not yet shown differs (style/main.css).
        (true, true) => "report long with-inputs",
    };
    table_scroll(
        elc("table", class)
            .attr("data-testid", "report-table")
            .children(report_head(plan, as_of))
            .child(el("tbody").children(rows)),
    )
    .into()
}

/// One KPI's row. With `refused` (edit mode: the message for what was typed in its actual for
/// `as_of`, if it was refused) the year's actual and comment are inputs.
fn report_row(
    plan: &Plan,
    score: &Scorecard,
    years: &[i32],
    as_of: i32,
    node: &Node,
    k: &Kpi,
    refused: Option<Option<&str>>,
) -> Dom {
    let baseline = baseline_number(k);
    let result = score.kpi(&k.id);
    el("tr")
        .attr("data-kpi", k.id.clone())
        .child(el("td").text(titled(&node.number, &node.title)))
        .child(el("th").attr("scope", "row").child(link(
            &Route::kpi(&plan.id, &k.id),
            titled(&k.number, &k.name),
        )))
        .child(el("td").text(k.departments.join("、")))
        .child(elc("td", "num").text(baseline))
        .child(el("td").text(k.unit.clone().unwrap_or_default()))
        .children(years.iter().map(|&y| {
            let td = elc("td", "num");
            match refused {
                Some(refused) if crate::STAFF && y == as_of => {
                    td.child(actual_input(k, y, refused))
                }
                _ => td.text(
                    k.actuals
                        .get(&y)
                        .map(|f| figure_text(f, k))
                        .unwrap_or_default(),
                ),
            }
            .into()
        }))
        .child(elc("td", "num").text(target_text(k)))
        .child(
            elc("td", "num").attr("data-testid", "report-rate").text(
                result
                    .map(|r| rate_text(&r.final_target.outcome, &score.bands))
                    .unwrap_or_default(),
            ),
        )
        .child(el("td").opt(result.map(|r| badge_dom(&r.final_target.outcome, &score.bands))))
        .child(match refused {
            Some(_) if crate::STAFF => elc("td", "pre comment").child(comment_input(k, as_of)),
            _ => elc("td", "pre comment").text(k.comments.get(&as_of).cloned().unwrap_or_default()),
        })
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_seeds::yuzawa;

    /// The row of the KPI whose name contains `name`, as the cells' texts.
    fn row(table: &Dom, name: &str) -> Vec<String> {
        let row = table
            .find_tag("tr")
            .into_iter()
            .find(|r| r.text_content().contains(name))
            .unwrap_or_else(|| panic!("no row for {name}"));
        row.children.iter().map(Dom::text_content).collect()
    }

    #[test]
    fn report_rows_carry_the_city_figures_and_our_rates() {
        let plan = yuzawa();
        let score = Scorecard::new(&plan, 2023);
        let table = report_dom(&plan, &score, 2023, usize::MAX, None);
        let caption = table.find_tag("caption")[0].text_content();
        assert!(caption.contains("令和5年度（2023年度）"), "{caption}");
        // 指標名, 担当課, 基準値, 単位, R3 R4 R5, 目標値, 達成率, 評価, comment after the node.
        let cells = row(&table, "公共施設の延べ床面積");
        assert_eq!(cells[5..8], ["296,121m²", "285,615m²", "283,179m²"]);
        assert_eq!(cells[9], "93%");
        assert!(cells[10].contains("概ね達成"), "{:?}", cells[10]);
        assert_eq!(row(&table, "地域課題の解決に向けた講座参加者数")[9], "220%");
        assert_eq!(row(&table, "簡易水道・下水道事業")[9], "100.2%");
        // Every KPI has a row.
        assert_eq!(table.find_tag("tbody")[0].children.len(), 20);
        assert_eq!(table_class(&table), "report");
    }

    /// "さらに表示" adds a page at a time up to `MOST` rows; there the table stops and says
    /// so, with every count in 3桁区切り.
    #[test]
    fn more_rows_stop_at_the_most_with_a_note() {
        assert_eq!(more_rows(20, 20), None);
        let button = more_rows(10_000, PAGE).unwrap();
        assert_eq!(button.text_content(), "さらに表示（残り9,800件）");
        assert!(button.markup().contains(r#"data-action="more""#));
        let button = more_rows(1_100, 4 * PAGE).unwrap();
        assert_eq!(button.text_content(), "さらに表示（残り300件）");
        let note = more_rows(10_000, MOST).unwrap();
        assert_eq!(
            note.text_content(),
            "この表に示すのは先頭の1,000件までです（全10,000件）。ほかの指標は、計画のページの「指標をさがす」から開けます。"
        );
        assert!(!note.markup().contains("data-action"));
        assert_eq!(more_rows(MOST, MOST), None);
    }

    fn table_class(table: &Dom) -> String {
        let table = &table.find_tag("table")[0];
        let class = table.attrs.iter().find(|(k, _)| *k == "class");
        class.map(|(_, v)| v.to_string()).unwrap_or_default()
    }

    /// Past the first page (さらに表示) the table is marked long, which makes the browser skip
    /// the layout and paint of cells far from the screen; the first page stays as it was.
    #[test]
    fn only_a_table_shown_past_its_first_page_is_marked_long() {
        let plan = plan_core::synth::synthetic_plan(PAGE + 50);
        let score = Scorecard::new(&plan, 2023);
        let first = report_dom(&plan, &score, 2023, PAGE, None);
        assert_eq!(first.find_tag("tbody")[0].children.len(), PAGE);
        assert_eq!(table_class(&first), "report");
        let more = report_dom(&plan, &score, 2023, PAGE * 2, None);
        assert_eq!(more.find_tag("tbody")[0].children.len(), PAGE + 50);
        assert_eq!(table_class(&more), "report long");
        let mut rows = RowCache::default();
        let inputs = report_dom(&plan, &score, 2023, PAGE * 2, Some((&[], &mut rows)));
        let expected = if crate::STAFF {
            "report long with-inputs"
        } else {
            "report long" // (the citizens' app never has inputs)
        };
        assert_eq!(table_class(&inputs), expected);
    }

    #[test]
    fn report_shows_at_most_the_limit_and_only_years_up_to_as_of() {
        let plan = yuzawa();
        let score = Scorecard::new(&plan, 2022);
        let table = report_dom(&plan, &score, 2022, 5, None);
        assert_eq!(table.find_tag("tbody")[0].children.len(), 5);
        let head: Vec<String> = table
            .find_tag("th")
            .iter()
            .take(8)
            .map(|t| t.text_content())
            .collect();
        assert!(head.contains(&"実績値 R4".to_string()), "{head:?}");
        assert!(!head.iter().any(|h| h == "実績値 R5"), "{head:?}");
    }

    /// Whether element `e` has attribute `name` set to `value`.
    #[cfg(feature = "staff")]
    fn has_attr(e: &crate::dom::El, name: &str, value: &str) -> bool {
        e.attrs.iter().any(|(k, v)| *k == name && v == value)
    }

    /// The 達成率 cell's text of a report row.
    #[cfg(feature = "staff")]
    fn rate_of(row: &Dom) -> Option<String> {
        row.find_tag("td")
            .into_iter()
            .find(|td| has_attr(td, "data-testid", "report-rate"))
            .map(|td| td.text_content())
    }

    /// The table's rows (under `tbody`), each the very row the cache kept (`Arc`).
    #[cfg(feature = "staff")]
    fn kept_rows(table: &Dom) -> Vec<Arc<Dom>> {
        let Dom::El(scroll) = table else {
            panic!("a scroll box")
        };
        let Dom::El(t) = &scroll.children[0] else {
            panic!("a table")
        };
        let Some(Dom::El(body)) = t.children.last() else {
            panic!("a tbody")
        };
        body.children
            .iter()
            .map(|r| match r {
                Dom::Shared(row) => row.clone(),
                other => panic!("a row not kept: {other:?}"),
            })
            .collect()
    }

    /// The rows of the report in edit mode, each the very row the cache kept.
    #[cfg(feature = "staff")]
    fn edit_rows(
        plan: &Plan,
        score: &Scorecard,
        as_of: i32,
        refused: &[crate::components::cell_inputs::Refused],
        cache: &mut RowCache,
    ) -> Vec<Arc<Dom>> {
        kept_rows(&report_dom(
            plan,
            score,
            as_of,
            usize::MAX,
            Some((refused, cache)),
        ))
    }

    /// In edit mode an edit rebuilds the row it changed and keeps every other one as it was;
    /// a refusal shown or another year rebuilds what it changes.
    #[cfg(feature = "staff")]
    #[test]
    fn an_edit_rebuilds_only_its_row() {
        use crate::components::cell_inputs::Refused;
        let plan = yuzawa();
        let score = Scorecard::new(&plan, 2023);
        let mut cache = RowCache::default();
        let before = edit_rows(&plan, &score, 2023, &[], &mut cache);
        assert_eq!(before.len(), 20);

        let mut edited = plan.clone();
        let k07 = edited.find_kpi_mut("k07").expect("k07");
        k07.actuals.insert(2023, Figure::Number(250_000.0));
        let k07_at = edited.kpis().position(|(_, k)| k.id == "k07").unwrap();
        let mut score = score.clone();
        let (_, k) = edited.find_kpi("k07").unwrap();
        score.update_kpi(&edited, k);
        let after = edit_rows(&edited, &score, 2023, &[], &mut cache);
        let text: String = after.iter().map(|row| row.text_content()).collect();
        for (i, (was, now)) in before.iter().zip(&after).enumerate() {
            assert_eq!(Arc::ptr_eq(was, now), i != k07_at, "row {i}");
        }
        // The rebuilt row shows the new figure in its input and its new rate.
        let row = after[k07_at].markup();
        assert!(row.contains(r#"value="250,000""#), "{row}");
        assert!(!text.is_empty());
        assert_ne!(rate_of(&after[k07_at]), rate_of(&before[k07_at]));

        // A refusal shown under one input rebuilds that row only.
        let refused = [Refused {
            kpi: "k02".into(),
            fy: 2023,
            message: "入力「たくさん」を受け付けません".into(),
        }];
        let k02_at = edited.kpis().position(|(_, k)| k.id == "k02").unwrap();
        let refusal = edit_rows(&edited, &score, 2023, &refused, &mut cache);
        for (i, (was, now)) in after.iter().zip(&refusal).enumerate() {
            assert_eq!(Arc::ptr_eq(was, now), i != k02_at, "row {i}");
        }
        assert!(refusal[k02_at].text_content().contains("たくさん"));

        // Another year: every row anew, with that year's column.
        let score = Scorecard::new(&edited, 2022);
        let year = edit_rows(&edited, &score, 2022, &refused, &mut cache);
        assert!(year.iter().zip(&refusal).all(|(a, b)| !Arc::ptr_eq(a, b)));
    }

    /// (The staff app's build only: the citizens' app never has inputs.)
    #[cfg(feature = "staff")]
    #[test]
    fn in_edit_mode_the_years_actual_and_comment_are_inputs_and_a_refusal_shows() {
        use crate::components::cell_inputs::Refused;
        let plan = yuzawa();
        let score = Scorecard::new(&plan, 2023);
        let refused = [Refused {
            kpi: "k02".into(),
            fy: 2023,
            message: "入力「たくさん」を受け付けません".into(),
        }];
        let mut rows = RowCache::default();
        let table = report_dom(&plan, &score, 2023, usize::MAX, Some((&refused, &mut rows)));
        let row = table
            .find_tag("tr")
            .into_iter()
            .find(|r| has_attr(r, "data-kpi", "k02"))
            .expect("a row for k02");
        let html = Dom::from(row.clone()).markup();
        // Earlier years stay text; the year's actual is an input holding the plan's value.
        let inputs = Dom::from(row.clone()).find_tag("input").len();
        assert_eq!(inputs, 1, "{html}");
        assert!(
            html.contains(r#"data-cell="actual" data-kpi="k02" data-fy="2023""#),
            "{html}"
        );
        assert!(html.contains(r#"value="439""#), "{html}");
        assert!(
            html.contains(r#"role="alert">入力「たくさん」を受け付けません</span>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<textarea autocomplete="off" class="comment-input""#),
            "{html}"
        );
        assert_eq!(
            row.children[9].text_content(),
            "220%",
            "the rate is still shown"
        );
        // Other rows: an input each, no alert.
        let all = table.markup();
        assert_eq!(all.matches("role=\"alert\"").count(), 1);
        assert_eq!(table.find_tag("input").len(), 20);
    }
}
