//! The KPI finder of the plan overview: text search, department, band, sort by rate.
//! The matching itself is `plan_core::search`; this is only the form and the result list.

use crate::components::band::{badge_dom, rate_text};
use crate::components::titled;
use crate::dom::{el, elc, link, Dom};
use crate::pages::plan_scope::use_plan;
use leptos::prelude::*;
use plan_core::engine::NOT_EVALUABLE_LABEL;
use plan_core::route::Route;
use plan_core::search::{departments, filter_kpis, KpiFilter, Sort, NOT_EVALUABLE};

/// Results shown at once; more are one click away (long lists are never rendered whole).
const PAGE: usize = 50;

#[component]
pub fn KpiFinder() -> impl IntoView {
    let ctx = use_plan();
    let plan = ctx.base();
    let score = ctx.state.score;
    let filter = RwSignal::new(KpiFilter::default());
    let shown = RwSignal::new(PAGE);
    let depts = departments(&plan);
    let band_labels: Vec<(usize, String)> = score.with_untracked(|s| {
        s.bands
            .iter()
            .enumerate()
            .map(|(i, b)| (i, format!("{} {}", b.symbol, b.label)))
            .collect()
    });

    let p = plan.clone();
    let hits = Memo::new(move |_| {
        let s = score.get();
        filter.with(|f| filter_kpis(&p, &s, f))
    });

    let results = move || {
        let f = filter.get();
        if !f.is_active() && f.sort == Sort::Plan {
            return ().into_any();
        }
        let s = score.get();
        let all: Vec<_> = plan.kpis().collect();
        let ids = hits.get();
        let total = ids.len();
        let limit = shown.get().min(total);
        let rows = ids[..limit].iter().map(|&i| {
            let (node, kpi) = all[i];
            let r = &s.kpis[i];
            el("li")
                .child(link(
                    &Route::kpi(&plan.id, &kpi.id),
                    titled(&kpi.number, &kpi.name),
                ))
                .child(
                    elc("span", "muted")
                        .text(format!(" （{}）", titled(&node.number, &node.title))),
                )
                .text(" ")
                .child(elc("span", "rate").text(rate_text(&r.final_target.outcome, &s.bands)))
                .text(" ")
                .child(badge_dom(&r.final_target.outcome, &s.bands))
                .into()
        });
        let list = vec![
            Dom::from(
                el("p")
                    .attr("aria-live", "polite")
                    .attr("data-testid", "finder-count")
                    .text(format!("該当する指標: {total}件")),
            ),
            elc("ol", "finder-results").children(rows).into(),
        ];
        view! {
            {list}
            {(limit < total).then(|| view! {
                <button type="button" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {format!("さらに表示（残り{}件）", total - limit)}
                </button>
            })}
        }
        .into_any()
    };

    view! {
        <section class="finder" aria-labelledby="finder-h">
            <h2 id="finder-h">"指標をさがす"</h2>
            <form class="finder-form" role="search" on:submit=|ev| ev.prevent_default()>
                <label>
                    "キーワード "
                    <input
                        type="search"
                        data-testid="finder-text"
                        placeholder="例: 職員、ＳＮＳ"
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            shown.set(PAGE);
                            filter.update(|f| f.text = text);
                        }
                    />
                </label>
                <label>
                    "担当課 "
                    <select data-testid="finder-dept" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        filter.update(|f| f.department = (!v.is_empty()).then_some(v));
                    }>
                        <option value="">"すべて"</option>
                        {depts.into_iter().map(|d| Dom::from(el("option").attr("value", d.clone()).text(d))).collect::<Vec<_>>()}
                    </select>
                </label>
                <label>
                    "評価 "
                    <select data-testid="finder-band" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        filter.update(|f| f.band = v.parse::<usize>().ok());
                    }>
                        <option value="">"すべて"</option>
                        {band_labels.into_iter().map(|(i, l)| Dom::from(el("option").attr("value", i.to_string()).text(l))).collect::<Vec<_>>()}
                        <option value=NOT_EVALUABLE.to_string()>{NOT_EVALUABLE_LABEL}"・実施状況"</option>
                    </select>
                </label>
                <label>
                    "並び順 "
                    <select data-testid="finder-sort" on:change=move |ev| {
                        let sort = match event_target_value(&ev).as_str() {
                            "asc" => Sort::RateAscending,
                            "desc" => Sort::RateDescending,
                            _ => Sort::Plan,
                        };
                        filter.update(|f| f.sort = sort);
                    }>
                        <option value="plan">"計画の順"</option>
                        <option value="desc">"達成率の高い順"</option>
                        <option value="asc">"達成率の低い順"</option>
                    </select>
                </label>
            </form>
            {results}
        </section>
    }
}
