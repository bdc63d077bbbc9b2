//! Progress report in the layout of Yuzawa's table: one row per KPI for one fiscal year.

use crate::components::band::{rate_text, BandBadge};
use crate::components::titled;
use crate::components::year_select::YearSelect;
use crate::nav::Link;
use crate::pages::kpi::{figure_text, target_text};
use crate::pages::plan_scope::use_plan;
use leptos::prelude::*;
use plan_core::format::{fy_both, number, wareki_short};
use plan_core::route::Route;

#[component]
pub fn ReportPage() -> impl IntoView {
    let ctx = use_plan();
    let plan = ctx.plan.clone();
    let score = ctx.score;
    let fy = ctx.fy;
    let p = plan.clone();
    let table = move || {
        let s = score.get();
        let as_of = fy.get();
        let years: Vec<i32> = (p.period.start..=as_of).collect();
        let rows = p
            .kpis()
            .map(|(node, k)| {
                let r = s.kpi(&k.id).cloned();
                let baseline = k.baseline.as_ref().and_then(|b| b.value).map(|v| number(v, k.decimals)).unwrap_or_else(|| "－".into());
                view! {
                    <tr>
                        <td>{node.number.clone().unwrap_or_default()}" "{node.title.clone()}</td>
                        <th scope="row"><Link route=Route::kpi(&p.id, &k.id) label=titled(&k.number, &k.name)/></th>
                        <td>{k.departments.join("、")}</td>
                        <td class="num">{baseline}</td>
                        <td>{k.unit.clone().unwrap_or_default()}</td>
                        {years.iter().map(|y| view! { <td class="num">{k.actuals.get(y).map(|f| figure_text(f, k)).unwrap_or_default()}</td> }).collect_view()}
                        <td class="num">{target_text(k)}</td>
                        <td class="num">{r.as_ref().map(|r| rate_text(&r.final_target.outcome, &s.bands)).unwrap_or_default()}</td>
                        <td>{r.map(|r| view! { <BandBadge outcome=r.final_target.outcome.clone() bands=s.bands.clone()/> })}</td>
                        <td class="pre comment">{k.comments.get(&as_of).cloned().unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll" tabindex="0">
                <table class="report" data-testid="report-table">
                    <caption>{format!("{} 進捗状況（{}時点）", p.title, fy_both(as_of))}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{p.level_name(1).to_string()}</th>
                            <th scope="col">"指標名"</th>
                            <th scope="col">"担当課"</th>
                            <th scope="col">"基準値"</th>
                            <th scope="col">"単位"</th>
                            {years.iter().map(|y| view! { <th scope="col">"実績値 "{wareki_short(*y)}</th> }).collect_view()}
                            <th scope="col">"目標値"</th>
                            <th scope="col">"達成率"</th>
                            <th scope="col">"評価"</th>
                            <th scope="col">{format!("{}年度 取組内容等", wareki_short(as_of))}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    };
    view! {
        <nav aria-label="パンくず" class="crumbs">
            <ol><li><Link route=Route::plan(&plan.id) label=plan.title.clone()/></li></ol>
        </nav>
        <h1>"進捗状況報告"</h1>
        <div class="toolbar no-print">
            <YearSelect period=plan.period current=Signal::from(fy)/>
            <button type="button" class="button" on:click=|_| { let _ = web_sys::window().map(|w| w.print()); }>"印刷（A4横）"</button>
        </div>
        {table}
    }
}
