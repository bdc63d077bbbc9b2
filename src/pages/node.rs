//! Node page: every text field of the document, the schedule, its KPIs and its roll-up.

use crate::components::band::{rate_text, BandBadge};
use crate::components::edit_bar::ProgressSelect;
use crate::components::embed::{Crumbs, EmbedCode, Toolbar};
use crate::components::titled;
use crate::nav::Link;
use crate::pages::plan::RollUpView;
use crate::pages::plan_scope::use_plan;
use leptos::prelude::*;
use plan_core::format::{fy_both, wareki_short};
use plan_core::route::Route;

#[component]
pub fn NodePage(node_id: String) -> impl IntoView {
    let ctx = use_plan();
    let plan = ctx.base();
    let node = plan
        .find_node(&node_id)
        .cloned()
        .expect("checked by PlanScope");
    let ancestors: Vec<_> = plan.ancestors(&node_id).into_iter().cloned().collect();
    let level = plan.level_name(ancestors.len()).to_string();
    let score = ctx.state.score;
    let pid = plan.id.clone();

    let crumbs: Vec<(Route, String)> = std::iter::once((Route::plan(&plan.id), plan.title.clone()))
        .chain(
            ancestors
                .iter()
                .map(|a| (Route::node(&pid, &a.id), titled(&a.number, &a.title))),
        )
        .collect();

    let texts = node
        .texts
        .iter()
        .map(|t| view! { <div class="text-field"><h3>{t.label.clone()}</h3><p class="pre">{t.text.clone()}</p></div> })
        .collect_view();

    let departments = (!node.lead_departments.is_empty() || !node.related_departments.is_empty())
        .then(|| {
            view! {
                <dl class="facts">
                    <div><dt>"担当課"</dt><dd>{node.lead_departments.join("、")}</dd></div>
                    {(!node.related_departments.is_empty()).then(|| view! {
                        <div><dt>"関係課"</dt><dd>{node.related_departments.join("、")}</dd></div>
                    })}
                </dl>
            }
        });

    let period = plan.period;
    let state = ctx.state;
    let has_plan_rows = !node.schedule.is_empty() || !node.progress.is_empty();
    let spans = node.schedule.clone();
    let node_id_s = node.id.clone();
    // The table's shape depends on the mode only; status cells follow the working plan.
    let schedule = move || {
        let editing = crate::STAFF && state.editing.get();
        (has_plan_rows || editing).then(|| {
            let has_progress = editing || state.plan.with_untracked(|p| {
                p.find_node(&node_id_s).is_some_and(|n| !n.progress.is_empty())
            });
            view! {
                <section>
                    <h2>"年度別の計画"</h2>
                    <div class="table-scroll" tabindex="0">
                        <table class="schedule">
                            <thead><tr><th scope="col">"年度"</th><th scope="col">"計画"</th>
                                {has_progress.then(|| view! { <th scope="col">"進捗状況"</th> })}
                            </tr></thead>
                            <tbody>
                                {period.years().map(|fy| {
                                    let text = spans.iter().find(|s| s.from <= fy && fy <= s.last()).map(|s| {
                                        if s.from == fy || s.last() == s.from { s.text.clone() } else { format!("（{}から継続）{}", wareki_short(s.from), s.text) }
                                    }).unwrap_or_default();
                                    let nid = node_id_s.clone();
                                    let status = move || {
                                        state.plan.with(|p| p.find_node(&nid).and_then(|n| n.progress.get(&fy).cloned()).unwrap_or_default())
                                    };
                                    let nid2 = node_id_s.clone();
                                    view! {
                                        <tr><th scope="row">{fy_both(fy)}</th><td class="pre">{text}</td>
                                        {has_progress.then(|| if editing {
                                            view! { <td><ProgressSelect node_id=nid2 fy=fy/></td> }.into_any()
                                        } else {
                                            view! { <td>{status}</td> }.into_any()
                                        })}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }
        })
    };

    let footnotes = (!node.footnotes.is_empty()).then(|| {
        view! { <ul class="footnotes">{node.footnotes.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view()}</ul> }
    });

    let kpis = node.kpis.clone();
    let children = node.children.clone();
    let nid = node.id.clone();
    let pid2 = plan.id.clone();
    let pid3 = plan.id.clone();
    let embed_title = node.title.clone();
    let child_level = plan.level_name(ancestors.len() + 1).to_string();
    let notes = node.notes.clone();

    view! {
        <Crumbs items=crumbs/>
        <p class="level">{level}" "{node.number.clone().unwrap_or_default()}</p>
        <h1>{node.title.clone()}</h1>
        <Toolbar><EmbedCode title=embed_title/></Toolbar>
        {departments}
        {texts}
        {footnotes}
        {schedule}
        {move || {
            let s = score.get();
            let roll = s.node(&nid).cloned().unwrap_or_default();
            let has = roll.total() > 0;
            let bands = s.bands.clone();
            view! {
                {has.then(|| view! { <section><h2>"指標の状況（この項目以下）"</h2><RollUpView roll=roll.clone() bands=bands.clone()/></section> })}
                {(!kpis.is_empty()).then(|| view! {
                    <section>
                        <h2>"重要業績評価指標（KPI）"</h2>
                        <ul class="kpi-list">
                            {kpis.iter().map(|k| {
                                let r = s.kpi(&k.id).cloned();
                                view! {
                                    <li>
                                        <Link route=Route::kpi(&pid2, &k.id) label=titled(&k.number, &k.name)/>
                                        {r.map(|r| view! {
                                            " "<span class="rate">{rate_text(&r.final_target.outcome, &s.bands)}</span>" "
                                            <BandBadge outcome=r.final_target.outcome.clone() bands=s.bands.clone()/>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                })}
            }
        }}
        {(!children.is_empty()).then(|| view! {
            <section>
                <h2>{child_level.clone()}</h2>
                <ul class="child-list">
                    {children.iter().map(|c| view! {
                        <li><Link route=Route::node(&pid3, &c.id) label=titled(&c.number, &c.title)/></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!notes.is_empty()).then(|| view! {
            <details class="notes"><summary>"データ作成時の注記"</summary>
                <ul>{notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            </details>
        })}
    }
}
