//! Node page: every text field of the document, the yearly plan and its 進捗状況, the node's
//! KPIs and the roll-up of everything below it.

use crate::components::badge::KpiOutcome;
use crate::components::cells::{use_editing, CommentCell, ProgressCell};
use crate::components::embed::EmbedCode;
use crate::components::layout::{titled, trail, Crumbs, TableScroll, Toolbar};
use crate::components::rollup::rollup;
use crate::state::plan::{use_open_plan, OpenPlan};
use leptos::prelude::*;
use plan_core::edits::Cell;
use plan_core::format::{fy_both, wareki_short};
use plan_core::plan::{ByYear, FiscalYear, Node};
use plan_core::route::Route;

#[component]
pub fn NodePage(node_id: String) -> impl IntoView {
    let open = use_open_plan();
    let plan = open.base();
    let node = plan
        .find_node(&node_id)
        .cloned()
        .expect("checked by PlanScope");
    // The node's depth names its level (基本方針, 施策 …) and its children's.
    let depth = plan.ancestors(&node_id).len();
    let level = plan.level_name(depth).to_string();
    let child_level = plan.level_name(depth + 1).to_string();

    let fact = |label: &'static str, value: String| {
        view! { <div><dt>{label}</dt><dd>{value}</dd></div> }
    };
    let departments = (!node.lead_departments.is_empty() || !node.related_departments.is_empty())
        .then(|| {
            view! {
                <dl class="facts">
                    {fact("担当課", node.lead_departments.join("、"))}
                    {(!node.related_departments.is_empty())
                        .then(|| fact("関係課", node.related_departments.join("、")))}
                </dl>
            }
        });
    let texts = node
        .texts
        .iter()
        .map(|t| {
            view! {
                <div class="text-field">
                    <h3>{t.label.clone()}</h3>
                    <p class="pre">{t.text.clone()}</p>
                </div>
            }
        })
        .collect_view();
    let footnotes = (!node.footnotes.is_empty()).then(|| {
        view! {
            <ul class="footnotes">
                {node.footnotes.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view()}
            </ul>
        }
    });
    let editing = use_editing();
    let schedule = {
        let node = node.clone();
        let period = plan.period;
        // The working plan's: a status or 取組内容 in the draft shows too.
        let recorded = yearly_record(open, node.id.clone());
        move || {
            (editing.get() || !node.schedule.is_empty() || recorded.get().any())
                .then(|| view! { <Schedule node=node.clone() years=period.years().collect()/> })
                .into_any()
        }
    };
    let score = open.score;
    let kpis = node.kpis.clone();
    let plan_id = plan.id.clone();
    let nid = node.id.clone();
    let roll_up = move || {
        score
            .with(|s| {
                let roll = s.node(&nid).cloned().unwrap_or_default();
                (roll.total() > 0).then(|| {
                    view! {
                        <section>
                            <h2>"指標の状況（この項目以下）"</h2>
                            {rollup(&roll, &s.bands)}
                        </section>
                    }
                })
            })
            .into_any()
    };
    let kpi_list = (!kpis.is_empty()).then(|| {
        let items = kpis
            .iter()
            .map(|k| {
                view! {
                    <li>
                        <a href=Route::kpi(&plan_id, &k.id).to_query()>{titled(&k.number, &k.name)}</a>
                        " "
                        <KpiOutcome kpi=k.id.clone()/>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section>
                <h2>"重要業績評価指標（KPI）"</h2>
                <ul class="kpi-list">{items}</ul>
            </section>
        }
    });
    let children = (!node.children.is_empty()).then(|| {
        let items = node
            .children
            .iter()
            .map(|c| {
                view! {
                    <li><a href=Route::node(&plan.id, &c.id).to_query()>{titled(&c.number, &c.title)}</a></li>
                }
            })
            .collect_view();
        view! {
            <section>
                <h2>{child_level}</h2>
                <ul class="child-list">{items}</ul>
            </section>
        }
    });
    let notes = (!node.notes.is_empty()).then(|| {
        view! {
            <details class="notes">
                <summary>"データ作成時の注記"</summary>
                <ul>{node.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            </details>
        }
    });
    view! {
        <Crumbs items=trail(&plan, &node_id, false)/>
        <p class="level">{format!("{level} {}", node.number.clone().unwrap_or_default())}</p>
        <h1>{node.title.clone()}</h1>
        <Toolbar><EmbedCode title=node.title.clone()/></Toolbar>
        {departments}
        {texts}
        {footnotes}
        {schedule}
        {roll_up}
        {kpi_list}
        {children}
        {notes}
    }
}

/// A node's yearly text in the working plan (tracked): `field` is its 進捗状況 or 取組内容.
fn yearly_text(
    open: OpenPlan,
    id: String,
    fy: FiscalYear,
    field: fn(&Node) -> &ByYear<String>,
) -> Signal<String> {
    Signal::derive(move || {
        open.plan.with(|p| {
            p.find_node(&id)
                .and_then(|n| field(n).get(&fy).cloned())
                .unwrap_or_default()
        })
    })
}

/// Whether a node has any 進捗状況 and any 取組内容, in the working plan (the draft's too).
#[derive(Clone, Copy, PartialEq)]
struct Recorded {
    progress: bool,
    work: bool,
}

impl Recorded {
    fn any(self) -> bool {
        self.progress || self.work
    }
}

fn yearly_record(open: OpenPlan, id: String) -> Memo<Recorded> {
    Memo::new(move |_| {
        open.plan.with(|p| {
            p.find_node(&id).map_or(
                Recorded {
                    progress: false,
                    work: false,
                },
                |n| Recorded {
                    progress: !n.progress.is_empty(),
                    work: !n.comments.is_empty(),
                },
            )
        })
    })
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

/// The yearly plan (展開スケジュール) and each year's 取組内容 and 進捗状況, which staff enter in
/// edit mode.
#[component]
fn Schedule(node: Node, years: Vec<i32>) -> impl IntoView {
    let open = use_open_plan();
    let editing = use_editing();
    let recorded = yearly_record(open, node.id.clone());
    let show_progress = move || editing.get() || recorded.get().progress;
    let show_work = move || editing.get() || recorded.get().work;
    let rows = years
        .into_iter()
        .map(|fy| {
            let node_id = node.id.clone();
            let work = Cell::NodeComment {
                node: node_id.clone(),
                fy,
            };
            let status = yearly_text(open, node_id.clone(), fy, |n| &n.progress);
            let work_text = yearly_text(open, node_id.clone(), fy, |n| &n.comments);
            view! {
                <tr>
                    <th scope="row">{fy_both(fy)}</th>
                    <td class="pre">{span_text(&node, fy)}</td>
                    {move || show_work().then(|| view! {
                        <td class="pre"><CommentCell cell=work.clone() text=work_text control=editing/></td>
                    })}
                    {move || show_progress().then(|| view! {
                        <td><ProgressCell node=node_id.clone() fy=fy status=status control=editing/></td>
                    })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section>
            <h2>"年度別の計画"</h2>
            <TableScroll>
                <table class="schedule">
                    <thead>
                        <tr>
                            <th scope="col">"年度"</th>
                            <th scope="col">"計画"</th>
                            {move || show_work().then(|| view! { <th scope="col">"取組内容"</th> })}
                            {move || show_progress().then(|| view! { <th scope="col">"進捗状況"</th> })}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_seeds::{annaka, item_with_schedule_and_progress, render, text_of};

    #[test]
    fn the_schedule_shows_each_year_and_the_printed_progress() {
        let plan = annaka();
        let node = item_with_schedule_and_progress(&plan).clone();
        let (fy, status) = node
            .progress
            .iter()
            .next()
            .map(|(y, s)| (*y, s.clone()))
            .unwrap();
        let years: Vec<i32> = plan.period.years().collect();
        let rows = years.len();
        let html = render(move || {
            crate::test_seeds::with_open_plan(
                plan,
                move || view! { <Schedule node=node years=years/> },
            )
        });
        // The header, then one row per fiscal year of the plan.
        assert_eq!(html.matches("<tr").count(), 1 + rows, "{html}");
        let row = html
            .split("<tr")
            .find(|r| text_of(r).contains(&fy_both(fy)))
            .unwrap();
        assert!(text_of(row).ends_with(&status), "{}", text_of(row));
    }
}
