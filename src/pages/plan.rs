//! Plan overview: the plan's facts, a summary per top-level node, and a drill-down tree.

use crate::components::band::{badge_dom, band_bar_dom, rate_text};
use crate::components::embed::{embedded, EmbedCode, Toolbar};
use crate::components::finder::KpiFinder;
use crate::components::titled;
use crate::components::year_select::{year_options, YearSelect};
use crate::dom::{control, el, elc, link, Dom, El};
use crate::nav::Link;
use crate::pages::plan_scope::use_plan;
use leptos::prelude::*;
use plan_core::engine::{
    latest_actual_year, RollUp, Scorecard, AWAITING_COLOR, AWAITING_LABEL, MILESTONE_LABEL,
    NOT_EVALUABLE_COLOR, NOT_EVALUABLE_LABEL,
};
use plan_core::format::{count, period_both};
use plan_core::plan::{Band, Node, Plan};
use plan_core::route::Route;
use std::sync::Arc;

#[component]
pub fn PlanPage() -> impl IntoView {
    let ctx = use_plan();
    let plan = ctx.base();
    let score = ctx.state.score;
    let fy = ctx.fy;
    let p = plan.clone();
    let report_route = Route::report(&plan.id, None);
    let period = plan.period;
    let embed_title = plan.title.clone();
    // Read by the benchmark: navigation to first render of the overview.
    Effect::new(|_| crate::bench::mark("kpi:overview-rendered"));
    view! {
        {plan_header_dom(&plan)}
        <Toolbar>
            <YearSelect period=period current=Signal::from(fy)/>
            <Link route=report_route label="進捗状況報告（一覧表）" class="button"/>
            <EmbedCode title=embed_title/>
        </Toolbar>
        {move || summary_dom(&p, &score.get())}
        {(!embedded()).then(|| view! {
            <KpiFinder/>
            <PlanTree plan=plan.clone()/>
        })}
    }
}

/// "全体の状況": the whole plan's counts per band, and a card per top-level node.
fn summary_dom(plan: &Plan, score: &Scorecard) -> Dom {
    elc("section", "summary")
        .attr("aria-labelledby", "summary-h")
        .child(el("h2").attr("id", "summary-h").text("全体の状況"))
        .child(rollup_dom(&score.plan, &score.bands))
        .child(
            elc("div", "top-nodes")
                .children(plan.nodes.iter().map(|n| top_node_card(plan, n, score))),
        )
        .into()
}

/// The overview's first screen as static markup, made at build time (`crate::prerender`):
/// the plan's facts, the toolbar and the summary, as the app first shows them — the default
/// year, the published figures. The year select is disabled until the app takes over; the
/// report link works as a plain link. (The finder and the tree, below, come with the app.)
pub fn overview_first_screen(plan: &Plan) -> Vec<Dom> {
    let fy = latest_actual_year(plan);
    let score = Scorecard::new(plan, fy);
    let toolbar = elc("div", "toolbar no-print")
        .child(
            elc("label", "year-select").text("基準年度 ").child(
                control("select")
                    .attr("disabled", "")
                    .children(year_options(plan.period, fy)),
            ),
        )
        .child(
            link(
                &Route::report(&plan.id, None),
                "進捗状況報告（一覧表）".into(),
            )
            .attr("class", "button"),
        )
        .child(
            elc("details", "embed-details").child(elc("summary", "button").text("埋め込みコード")),
        );
    vec![
        plan_header_dom(plan),
        toolbar.into(),
        summary_dom(plan, &score),
    ]
}

/// The drill-down tree of the whole plan.
#[component]
fn PlanTree(plan: Arc<Plan>) -> impl IntoView {
    view! {
        <section class="tree" aria-labelledby="tree-h">
            <h2 id="tree-h">"計画の体系"</h2>
            <ul class="tree-root">
                {(0..plan.nodes.len()).map(|i| view! { <TreeBranch plan=plan.clone() path=vec![i]/> }).collect_view()}
            </ul>
        </section>
    }
}

/// The plan's facts: city, title, period, levels, sources.
pub fn plan_header_dom(plan: &Plan) -> Dom {
    let status = plan
        .status
        .clone()
        .map(|s| format!("（{s}）"))
        .unwrap_or_default();
    let fact = |label: &str, value: String| {
        el("div")
            .child(el("dt").text(label))
            .child(el("dd").text(value))
    };
    let sources = plan
        .sources
        .iter()
        .map(|s| {
            let date = s
                .date
                .clone()
                .map(|d| format!("（{d}）"))
                .unwrap_or_default();
            format!("{}{}", s.title, date)
        })
        .collect::<Vec<_>>()
        .join("／");
    elc("div", "plan-header")
        .child(elc("p", "city").text(plan.municipality.clone()))
        .child(el("h1").text(format!("{}{status}", plan.title)))
        .child(
            elc("dl", "facts")
                .child(fact(
                    "計画期間",
                    period_both(plan.period.start, plan.period.end),
                ))
                .child(fact("体系", plan.levels.join(" → ")))
                .child(fact("出典", sources)),
        )
        .into()
}

fn top_node_card(plan: &Plan, node: &Node, score: &Scorecard) -> Dom {
    let roll = score.node(&node.id).cloned().unwrap_or_default();
    let label = format!(
        "{}{} {}",
        plan.level_name(0),
        node.number
            .clone()
            .map(|n| format!(" {n}"))
            .unwrap_or_default(),
        node.title
    );
    elc("article", "node-card")
        .child(el("h3").child(link(&Route::node(&plan.id, &node.id), label)))
        .child(rollup_dom(&roll, &score.bands))
        .into()
}

/// "実績待ち 17件": a kind of KPI and how many, as the overview and the home cards say it.
pub fn counted(label: &str, n: u32) -> String {
    format!("{label} {}件", count(n as usize))
}

/// Counts per band as a stacked bar and as text (the text is the accessible equivalent).
pub fn rollup_dom(roll: &RollUp, bands: &[Band]) -> El {
    let mut segments: Vec<(String, String, u32)> = bands
        .iter()
        .zip(roll.per_band.iter())
        .map(|(b, n)| (b.label.clone(), b.color.clone(), *n))
        .collect();
    segments.push((
        NOT_EVALUABLE_LABEL.into(),
        NOT_EVALUABLE_COLOR.into(),
        roll.not_evaluable,
    ));
    if roll.awaiting > 0 {
        segments.push((AWAITING_LABEL.into(), AWAITING_COLOR.into(), roll.awaiting));
    }
    if roll.milestones > 0 {
        segments.push((MILESTONE_LABEL.into(), "#8c959f".into(), roll.milestones));
    }
    let text = segments
        .iter()
        .map(|(l, _, n)| counted(l, *n))
        .collect::<Vec<_>>()
        .join("、");
    let mean = roll
        .mean_capped_rate()
        .map(|m| {
            format!(
                "平均達成率 {}（上限100%）",
                plan_core::engine::format_rate(m, bands)
            )
        })
        .unwrap_or_default();
    let pace = if roll.on_track + roll.behind > 0 {
        format!(
            "ペース: 順調 {}件・遅れ {}件",
            count(roll.on_track as usize),
            count(roll.behind as usize)
        )
    } else {
        String::new()
    };
    elc("div", "rollup")
        .child(band_bar_dom(
            segments.iter().map(|(_, c, n)| (*n, c.as_str())),
        ))
        .child(
            elc("p", "rollup-text").text(format!("KPI {}件: {text}", count(roll.total() as usize))),
        )
        .child(elc("p", "rollup-text").text(format!("{mean} {pace}")))
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

/// One branch of the drill-down tree. Children are rendered only once the branch is opened,
/// so a plan of thousands of KPIs renders its top levels, not every row.
#[component]
fn TreeBranch(plan: Arc<Plan>, path: Vec<usize>) -> impl IntoView {
    let ctx = use_plan();
    let score = ctx.state.score;
    let node = node_at(&plan, &path);
    let depth = path.len() - 1;
    let level = plan.level_name(depth).to_string();
    let title = view! {
        <span class="level">{level}</span>" "
        <Link route=Route::node(&plan.id, &node.id) label=titled(&node.number, &node.title)/>
    };
    if node.children.is_empty() && node.kpis.is_empty() {
        return view! { <li class="leaf">{title}</li> }.into_any();
    }
    let open = RwSignal::new(depth == 0);
    let shown = RwSignal::new(TREE_PAGE);
    let on_toggle = move |ev: web_sys::Event| {
        let el: web_sys::HtmlDetailsElement = event_target(&ev);
        open.set(el.open());
    };
    let body = {
        let plan = plan.clone();
        move || {
            if !open.get() {
                return ().into_any();
            }
            let node = node_at(&plan, &path);
            // Only the KPI lines follow the scorecard; a new year must not re-create the
            // child branches (and close the ones the reader opened).
            let kpis = {
                let plan = plan.clone();
                let path = path.clone();
                move || {
                    let s = score.get();
                    node_at(&plan, &path)
                        .kpis
                        .iter()
                        .map(|k| {
                            let r = s.kpi(&k.id);
                            let rate = r
                                .map(|r| rate_text(&r.final_target.outcome, &s.bands))
                                .unwrap_or_default();
                            elc("li", "tree-kpi")
                                .child(link(
                                    &Route::kpi(&plan.id, &k.id),
                                    titled(&k.number, &k.name),
                                ))
                                .text(" ")
                                .child(elc("span", "rate").text(rate))
                                .text(" ")
                                .opt(r.map(|r| badge_dom(&r.final_target.outcome, &s.bands)))
                                .into()
                        })
                        .collect::<Vec<Dom>>()
                }
            };
            let limit = shown.get().min(node.children.len());
            let children = (0..limit)
                .map(|i| {
                    let mut child = path.clone();
                    child.push(i);
                    view! { <TreeBranch plan=plan.clone() path=child/> }
                })
                .collect_view();
            let more = node.children.len() - limit;
            view! {
                <ul>
                    {kpis}
                    {children}
                    {(more > 0).then(|| view! {
                        <li><button type="button" on:click=move |_| shown.update(|n| *n += TREE_PAGE)>
                            {format!("さらに表示（残り{}件）", count(more))}
                        </button></li>
                    })}
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <li>
            <details open=depth == 0 on:toggle=on_toggle>
                <summary>{title}</summary>
                {body}
            </details>
        </li>
    }
    .into_any()
}
