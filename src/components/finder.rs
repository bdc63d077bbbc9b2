//! The KPI finder of the plan overview: text search, department, band, sort by rate.
//! The matching itself is `plan_core::search`; this is the form and the result list.

use super::badge::{badge, rate_text};
use super::layout::titled;
use crate::state::app::use_interactive;
use crate::state::plan::use_open_plan;
use leptos::prelude::*;
use plan_core::engine::{AWAITING_LABEL, NOT_EVALUABLE_LABEL};
use plan_core::format::count;
use plan_core::route::Route;
use plan_core::search::{
    departments, filter_kpis, search_texts, KpiFilter, Sort, AWAITING, NOT_EVALUABLE,
};

/// Results shown at once; more are one click away (long lists are never rendered whole).
const PAGE: usize = 50;

#[component]
pub fn KpiFinder() -> impl IntoView {
    let open = use_open_plan();
    let plan = open.base();
    let score = open.score;
    let interactive = use_interactive();
    let filter = RwSignal::new(KpiFilter::default());
    let shown = RwSignal::new(PAGE);
    let set = move |change: &dyn Fn(&mut KpiFilter)| {
        shown.set(PAGE);
        filter.update(|f| change(f));
    };

    // The searchable texts, folded once with the page rather than at every keystroke.
    let texts = search_texts(&plan);
    let hits = {
        let plan = plan.clone();
        Memo::new(move |_| score.with(|s| filter.with(|f| filter_kpis(&plan, s, f, &texts))))
    };

    let results = move || {
        let active = filter.with(|f| f.is_active() || f.sort != Sort::Plan);
        if !active {
            return ().into_any();
        }
        let s = score.get();
        let all: Vec<_> = plan.kpis().collect();
        let ids = hits.get();
        let total = ids.len();
        let limit = shown.get().min(total);
        let rows = ids[..limit]
            .iter()
            .map(|&i| {
                let (node, kpi) = all[i];
                let outcome = &s.kpis[i].final_target.outcome;
                view! {
                    <li>
                        <a href=Route::kpi(&plan.id, &kpi.id).to_query()>{titled(&kpi.number, &kpi.name)}</a>
                        <span class="muted">{format!(" （{}）", titled(&node.number, &node.title))}</span>
                        " "
                        <span class="rate">{rate_text(outcome, &s.bands)}</span>
                        " "
                        {badge(outcome, &s.bands)}
                    </li>
                }
            })
            .collect_view();
        let more = (limit < total).then(|| {
            view! {
                <button type="button" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {format!("さらに表示（残り{}件）", count(total - limit))}
                </button>
            }
        });
        view! {
            <p aria-live="polite" data-testid="finder-count">{format!("該当する指標: {}件", count(total))}</p>
            <ol class="finder-results">{rows}</ol>
            {more}
        }
        .into_any()
    };

    let band_options = score.with_untracked(|s| {
        s.bands
            .iter()
            .enumerate()
            .map(|(i, b)| view! { <option value=i.to_string()>{format!("{} {}", b.symbol, b.label)}</option> })
            .collect_view()
    });
    let department_options = departments(&open.base())
        .into_iter()
        .map(|d| view! { <option value=d.clone()>{d.clone()}</option> })
        .collect_view();

    view! {
        <section class="finder" aria-labelledby="finder-h">
            <h2 id="finder-h">"指標をさがす"</h2>
            <form role="search" on:submit=|ev| ev.prevent_default()>
                // Usable once the app has the page (not while it is the pre-rendered one).
                <fieldset class="finder-form" disabled=move || !interactive.get()>
                    <label>
                        "キーワード "
                        <input
                            type="search"
                            autocomplete="off"
                            data-testid="finder-text"
                            placeholder="例: 職員、ＳＮＳ"
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                set(&|f| f.text = text.clone());
                            }
                        />
                    </label>
                    <label>
                        "担当課 "
                        <select
                            autocomplete="off"
                            data-testid="finder-dept"
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                set(&|f| f.department = (!value.is_empty()).then(|| value.clone()));
                            }
                        >
                            <option value="">"すべて"</option>
                            {department_options}
                        </select>
                    </label>
                    <label>
                        "評価 "
                        <select
                            autocomplete="off"
                            data-testid="finder-band"
                            on:change=move |ev| {
                                let band = event_target_value(&ev).parse::<usize>().ok();
                                set(&|f| f.band = band);
                            }
                        >
                            <option value="">"すべて"</option>
                            {band_options}
                            <option value=AWAITING.to_string()>{AWAITING_LABEL}</option>
                            <option value=NOT_EVALUABLE.to_string()>{format!("{NOT_EVALUABLE_LABEL}・実施状況")}</option>
                        </select>
                    </label>
                    <label>
                        "並び順 "
                        <select
                            autocomplete="off"
                            data-testid="finder-sort"
                            on:change=move |ev| {
                                let sort = match event_target_value(&ev).as_str() {
                                    "asc" => Sort::RateAscending,
                                    "desc" => Sort::RateDescending,
                                    _ => Sort::Plan,
                                };
                                set(&|f| f.sort = sort);
                            }
                        >
                            <option value="plan">"計画の順"</option>
                            <option value="desc">"達成率の高い順"</option>
                            <option value="asc">"達成率の低い順"</option>
                        </select>
                    </label>
                </fieldset>
            </form>
            {results}
        </section>
    }
}
