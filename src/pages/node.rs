//! Node page: every text field of the document, the schedule, its KPIs and its roll-up.

use crate::components::band::{badge_dom, rate_text};
use crate::components::cell_inputs::progress_select;
use crate::components::embed::{trail, Crumbs, EmbedCode, Toolbar};
use crate::components::titled;
use crate::dom::{el, elc, link, table_scroll, Dom};
use crate::pages::plan::rollup_dom;
use crate::pages::plan_scope::use_plan;
use leptos::prelude::*;
use plan_core::format::{fy_both, wareki_short};
use plan_core::plan::{Node, Period};
use plan_core::route::Route;

#[component]
pub fn NodePage(node_id: String) -> impl IntoView {
    let ctx = use_plan();
    let plan = ctx.base();
    let node = plan
        .find_node(&node_id)
        .cloned()
        .expect("checked by PlanScope");
    // The node's depth names its level (基本方針, 施策 …) and its children's.
    let depth = plan.ancestors(&node_id).len();
    let level = plan.level_name(depth).to_string();
    let score = ctx.state.score;

    let crumbs = trail(&plan, &node_id, false);

    let texts: Vec<Dom> = node
        .texts
        .iter()
        .map(|t| {
            elc("div", "text-field")
                .child(el("h3").text(t.label.clone()))
                .child(elc("p", "pre").text(t.text.clone()))
                .into()
        })
        .collect();

    let departments = (!node.lead_departments.is_empty() || !node.related_departments.is_empty())
        .then(|| {
            let fact = |label: &str, value: String| {
                el("div")
                    .child(el("dt").text(label))
                    .child(el("dd").text(value))
            };
            Dom::from(
                elc("dl", "facts")
                    .child(fact("担当課", node.lead_departments.join("、")))
                    .opt(
                        (!node.related_departments.is_empty())
                            .then(|| fact("関係課", node.related_departments.join("、"))),
                    ),
            )
        });

    let period = plan.period;
    let state = ctx.state;
    let node_id_s = node.id.clone();
    // Plain markup from the working plan, re-rendered (patched) when it changes. In edit
    // mode each year's status is a select.
    let schedule = move || {
        let editing = crate::STAFF && state.editing.get();
        state.plan.with(|p| {
            p.find_node(&node_id_s)
                .filter(|n| editing || !n.schedule.is_empty() || !n.progress.is_empty())
                .map(|n| schedule_dom(n, period, editing))
        })
    };

    let footnotes = (!node.footnotes.is_empty()).then(|| {
        Dom::from(
            elc("ul", "footnotes").children(
                node.footnotes
                    .iter()
                    .map(|f| el("li").text(f.clone()).into()),
            ),
        )
    });

    let kpis = node.kpis.clone();
    let nid = node.id.clone();
    let pid2 = plan.id.clone();
    let embed_title = node.title.clone();
    let child_level = plan.level_name(depth + 1).to_string();
    let children = (!node.children.is_empty()).then(|| {
        el("section")
            .child(el("h2").text(child_level))
            .child(
                elc("ul", "child-list").children(node.children.iter().map(|c| {
                    el("li")
                        .child(link(
                            &Route::node(&plan.id, &c.id),
                            titled(&c.number, &c.title),
                        ))
                        .into()
                })),
            )
    });
    let notes = (!node.notes.is_empty()).then(|| {
        elc("details", "notes")
            .child(el("summary").text("データ作成時の注記"))
            .child(el("ul").children(node.notes.iter().map(|n| el("li").text(n.clone()).into())))
    });
    let tail: Vec<Dom> = [children, notes]
        .into_iter()
        .flatten()
        .map(Dom::from)
        .collect();

    view! {
        <Crumbs items=crumbs/>
        {[
            Dom::from(elc("p", "level").text(format!("{level} {}", node.number.clone().unwrap_or_default()))),
            el("h1").text(node.title.clone()).into(),
        ]}
        <Toolbar><EmbedCode title=embed_title/></Toolbar>
        {departments}
        {texts}
        {footnotes}
        {schedule}
        {move || {
            let s = score.get();
            let roll = s.node(&nid).cloned().unwrap_or_default();
            let summary = (roll.total() > 0).then(|| {
                el("section")
                    .child(el("h2").text("指標の状況（この項目以下）"))
                    .child(rollup_dom(&roll, &s.bands))
            });
            let list = (!kpis.is_empty()).then(|| {
                el("section").child(el("h2").text("重要業績評価指標（KPI）")).child(
                    elc("ul", "kpi-list").children(kpis.iter().map(|k| {
                        let r = s.kpi(&k.id);
                        el("li")
                            .child(link(&Route::kpi(&pid2, &k.id), titled(&k.number, &k.name)))
                            .opt(r.map(|r| {
                                el("span")
                                    .text(" ")
                                    .child(elc("span", "rate").text(rate_text(&r.final_target.outcome, &s.bands)))
                                    .text(" ")
                                    .child(badge_dom(&r.final_target.outcome, &s.bands))
                            }))
                            .into()
                    })),
                )
            });
            vec![summary.map(Dom::from), list.map(Dom::from)].into_iter().flatten().collect::<Vec<Dom>>()
        }}
        {tail}
    }
}

/// The plan text of `fy` in a yearly schedule; a merged cell says where it started.
fn span_text(node: &Node, fy: i32) -> String {
    node.schedule
        .iter()
        .find(|s| s.from <= fy && fy <= s.last())
        .map(|s| {
            if s.from == fy || s.last() == s.from {
                s.text.clone()
            } else {
                format!("（{}から継続）{}", wareki_short(s.from), s.text)
            }
        })
        .unwrap_or_default()
}

fn schedule_head(has_progress: bool) -> Dom {
    let th = |text: &str| el("th").attr("scope", "col").text(text);
    el("thead")
        .child(
            el("tr")
                .child(th("年度"))
                .child(th("計画"))
                .opt(has_progress.then(|| th("進捗状況"))),
        )
        .into()
}

/// The yearly plan (展開スケジュール) and progress status; in edit mode each year's status
/// is a select.
fn schedule_dom(node: &Node, period: Period, editing: bool) -> Dom {
    // Never inputs in the citizens' app. The constant is tested where the inputs are made,
    // inside the closures: a flag captured by a closure is not folded away, and the input
    // code (and its strings) stayed in the citizens' wasm.
    let editing = crate::STAFF && editing;
    let has_progress = editing || !node.progress.is_empty();
    let rows = period.years().map(|fy| {
        el("tr")
            .child(el("th").attr("scope", "row").text(fy_both(fy)))
            .child(elc("td", "pre").text(span_text(node, fy)))
            .opt(has_progress.then(|| {
                let td = el("td");
                if crate::STAFF && editing {
                    td.child(progress_select(node, fy))
                } else {
                    td.text(node.progress.get(&fy).cloned().unwrap_or_default())
                }
            }))
            .into()
    });
    el("section")
        .child(el("h2").text("年度別の計画"))
        .child(table_scroll(
            elc("table", "schedule")
                .child(schedule_head(has_progress))
                .child(el("tbody").children(rows)),
        ))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_shows_each_year_and_the_printed_progress() {
        let plan = crate::test_seeds::annaka();
        let node = crate::test_seeds::item_with_schedule_and_progress(&plan);
        let table = schedule_dom(node, plan.period, false);
        let rows = table.find_tag("tr");
        // Header, then one row per fiscal year of the plan.
        assert_eq!(rows.len(), 1 + plan.period.len());
        let (fy, status) = node.progress.iter().next().unwrap();
        let row = rows
            .iter()
            .find(|r| r.text_content().starts_with(&fy_both(*fy)))
            .unwrap();
        assert_eq!(row.children[2].text_content(), *status);
    }
}
