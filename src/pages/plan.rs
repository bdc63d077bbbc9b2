//! Plan overview: the plan's facts, a summary per top-level node, the KPI finder and the
//! drill-down tree.

use crate::components::badge::KpiOutcome;
use crate::components::embed::EmbedCode;
use crate::components::finder::KpiFinder;
use crate::components::layout::{embedded, titled, Toolbar};
use crate::components::rollup::rollup;
use crate::components::year_select::YearSelect;
use crate::state::marks::mark;
use crate::state::plan::use_open_plan;
use leptos::prelude::*;
use plan_core::format::{count, period_both};
use plan_core::plan::{Node, Plan};
use plan_core::route::Route;
use std::sync::Arc;

#[component]
pub fn PlanPage() -> impl IntoView {
    let open = use_open_plan();
    let plan = open.base();
    let score = open.score;
    // Read by the benchmark and the tests: the app has its overview on screen.
    Effect::new(|_| mark("kpi:overview-rendered"));
    let summary = {
        let plan = plan.clone();
        move || {
            score.with(|s| {
                let cards = plan
                    .nodes
                    .iter()
                    .map(|node| {
                        let label = format!(
                            "{}{} {}",
                            plan.level_name(0),
                            node.number
                                .as_ref()
                                .map(|n| format!(" {n}"))
                                .unwrap_or_default(),
                            node.title
                        );
                        let roll = s.node(&node.id).cloned().unwrap_or_default();
                        view! {
                            <article class="node-card">
                                <h3><a href=Route::node(&plan.id, &node.id).to_query()>{label}</a></h3>
                                {rollup(&roll, &s.bands)}
                            </article>
                        }
                    })
                    .collect_view();
                view! {
                    {rollup(&s.plan, &s.bands)}
                    <div class="top-nodes">{cards}</div>
                }
                .into_any()
            })
        }
    };
    let (period, title) = (plan.period, plan.title.clone());
    let report = Route::report(&plan.id, None).to_query();
    let below = (!embedded()).then(|| {
        let plan = plan.clone();
        view! {
            <KpiFinder/>
            <PlanTree plan=plan/>
        }
    });
    view! {
        <PlanHeader plan=plan/>
        <Toolbar>
            <YearSelect period=period/>
            <a class="button" href=report>"進捗状況報告（一覧表）"</a>
            <EmbedCode title=title/>
        </Toolbar>
        <section class="summary" aria-labelledby="summary-h">
            <h2 id="summary-h">"全体の状況"</h2>
            {summary}
        </section>
        {below}
    }
}

/// The plan's facts: city, title, period, levels, sources.
#[component]
fn PlanHeader(plan: Arc<Plan>) -> impl IntoView {
    let status = plan
        .status
        .as_ref()
        .map(|s| format!("（{s}）"))
        .unwrap_or_default();
    let sources = plan
        .sources
        .iter()
        .map(|s| {
            let date = s
                .date
                .as_ref()
                .map(|d| format!("（{d}）"))
                .unwrap_or_default();
            format!("{}{date}", s.title)
        })
        .collect::<Vec<_>>()
        .join("／");
    view! {
        <div class="plan-header">
            <p class="city">{plan.municipality.clone()}</p>
            <h1>{format!("{}{status}", plan.title)}</h1>
            <dl class="facts">
                <div><dt>"計画期間"</dt><dd>{period_both(plan.period.start, plan.period.end)}</dd></div>
                <div><dt>"体系"</dt><dd>{plan.levels.join(" → ")}</dd></div>
                <div><dt>"出典"</dt><dd>{sources}</dd></div>
            </dl>
        </div>
    }
}

/// The drill-down tree of the whole plan.
#[component]
fn PlanTree(plan: Arc<Plan>) -> impl IntoView {
    let branches = (0..plan.nodes.len())
        .map(|i| view! { <TreeBranch plan=plan.clone() path=vec![i]/> })
        .collect_view();
    view! {
        <section class="tree" aria-labelledby="tree-h">
            <h2 id="tree-h">"計画の体系"</h2>
            <ul class="tree-root">{branches}</ul>
        </section>
    }
}

/// Children shown at once under one node; more are one click away.
const TREE_PAGE: usize = 100;

/// The node at `path` (child indices from the top).
fn node_at<'a>(plan: &'a Plan, path: &[usize]) -> &'a Node {
    let mut node = &plan.nodes[path[0]];
    for &i in &path[1..] {
        node = &node.children[i];
    }
    node
}

/// One branch of the drill-down tree. Its children are rendered once the branch is opened,
/// so a plan of thousands of KPIs renders its top levels, not every row; a new year updates
/// the KPI lines and leaves open what the reader opened.
#[component]
fn TreeBranch(plan: Arc<Plan>, path: Vec<usize>) -> impl IntoView {
    let node = node_at(&plan, &path);
    let depth = path.len() - 1;
    let level = plan.level_name(depth).to_string();
    let title = titled(&node.number, &node.title);
    let href = Route::node(&plan.id, &node.id).to_query();
    if node.children.is_empty() && node.kpis.is_empty() {
        return view! {
            <li class="leaf"><span class="level">{level}</span>" "<a href=href>{title}</a></li>
        }
        .into_any();
    }
    // A summary holds no link (a control inside a control is out of reach for some assistive
    // technology): the node's page is the first line of the open branch.
    let page_link = format!("この{level}のページ");
    let open = RwSignal::new(depth == 0);
    let body = move || {
        open.get()
            .then(|| view! { <BranchBody plan=plan.clone() path=path.clone()/> })
            .into_any()
    };
    view! {
        <li>
            <details
                open=depth == 0
                on:toggle=move |ev| {
                    // (Also fired when a branch is drawn open: only a change re-renders it.)
                    let now = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                    if open.get_untracked() != now {
                        open.set(now);
                    }
                }
            >
                <summary><span class="level">{level}</span>" "{title}</summary>
                <a class="node-link" href=href>{page_link}</a>
                {body}
            </details>
        </li>
    }
    .into_any()
}

/// An open branch: its KPIs with their rates, then its child branches.
#[component]
fn BranchBody(plan: Arc<Plan>, path: Vec<usize>) -> impl IntoView {
    let node = node_at(&plan, &path);
    let kpis = node
        .kpis
        .iter()
        .map(|k| {
            view! {
                <li class="tree-kpi">
                    <a href=Route::kpi(&plan.id, &k.id).to_query()>{titled(&k.number, &k.name)}</a>
                    " "
                    <KpiOutcome kpi=k.id.clone()/>
                </li>
            }
        })
        .collect_view();
    let shown = RwSignal::new(TREE_PAGE);
    let children_count = node.children.len();
    let children = move || {
        let limit = shown.get().min(children_count);
        let branches = (0..limit)
            .map(|i| {
                let mut child = path.clone();
                child.push(i);
                view! { <TreeBranch plan=plan.clone() path=child/> }
            })
            .collect_view();
        let more = (limit < children_count).then(|| {
            view! {
                <li>
                    <button type="button" on:click=move |_| shown.update(|n| *n += TREE_PAGE)>
                        {format!("さらに表示（残り{}件）", count(children_count - limit))}
                    </button>
                </li>
            }
        });
        view! { {branches}{more} }.into_any()
    };
    view! { <ul>{kpis}{children}</ul> }
}
