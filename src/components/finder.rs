//! The KPI finder of the plan overview: text search, department, band, sort by rate.
//! The matching itself is `plan_core::search`; this is only the form and the result list.

use crate::components::band::{badge_dom, rate_text};
use crate::components::titled;
use crate::dom::{control, el, elc, link, Dom};
use crate::pages::plan_scope::use_plan;
use leptos::prelude::*;
use plan_core::engine::{AWAITING_LABEL, NOT_EVALUABLE_LABEL};
use plan_core::format::count;
use plan_core::route::Route;
use plan_core::search::{
    departments, filter_kpis, search_texts, KpiFilter, Sort, AWAITING, NOT_EVALUABLE,
};
use wasm_bindgen::JsCast;

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
    // The searchable texts, made with the page rather than at the first search: ≈ 0.1 ms for a
    // city's plan (4–6 ms natively for 10,000 KPIs), where making them lazily cost ≈ 0.2 KB of wasm.
    let texts = search_texts(&p);
    let hits = Memo::new(move |_| {
        let s = score.get();
        filter.with(|f| filter_kpis(&p, &s, f, &texts))
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
                    .text(format!("該当する指標: {}件", count(total))),
            ),
            elc("ol", "finder-results").children(rows).into(),
        ];
        view! {
            {list}
            {(limit < total).then(|| view! {
                <button type="button" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {format!("さらに表示（残り{}件）", count(total - limit))}
                </button>
            })}
        }
        .into_any()
    };

    // One handler for the whole form (each control says which filter it sets by its name);
    // the controls themselves are static markup.
    let on_input = move |ev: web_sys::Event| {
        let Some(control) = ev.target().map(|t| t.unchecked_into::<web_sys::Element>()) else {
            return;
        };
        let value = event_target_value(&ev);
        shown.set(PAGE);
        match control.get_attribute("name").as_deref() {
            Some("text") => filter.update(|f| f.text = value),
            Some("department") => {
                filter.update(|f| f.department = (!value.is_empty()).then_some(value))
            }
            Some("band") => filter.update(|f| f.band = value.parse::<usize>().ok()),
            Some("sort") => filter.update(|f| {
                f.sort = match value.as_str() {
                    "asc" => Sort::RateAscending,
                    "desc" => Sort::RateDescending,
                    _ => Sort::Plan,
                }
            }),
            _ => {}
        }
    };
    let option =
        |value: String, label: String| Dom::from(el("option").attr("value", value).text(label));
    let select = |label: &str, name: &'static str, testid: &'static str, options: Vec<Dom>| {
        Dom::from(
            el("label").text(format!("{label} ")).child(
                control("select")
                    .attr("name", name)
                    .attr("data-testid", testid)
                    .children(options),
            ),
        )
    };
    let mut band_options = vec![option(String::new(), "すべて".into())];
    band_options.extend(
        band_labels
            .into_iter()
            .map(|(i, l)| option(i.to_string(), l)),
    );
    band_options.push(option(AWAITING.to_string(), AWAITING_LABEL.into()));
    band_options.push(option(
        NOT_EVALUABLE.to_string(),
        format!("{NOT_EVALUABLE_LABEL}・実施状況"),
    ));
    let controls = vec![
        Dom::from(
            el("label").text("キーワード ").child(
                control("input")
                    .attr("type", "search")
                    .attr("name", "text")
                    .attr("data-testid", "finder-text")
                    .attr("placeholder", "例: 職員、ＳＮＳ"),
            ),
        ),
        select(
            "担当課",
            "department",
            "finder-dept",
            std::iter::once(option(String::new(), "すべて".into()))
                .chain(depts.into_iter().map(|d| option(d.clone(), d)))
                .collect(),
        ),
        select("評価", "band", "finder-band", band_options),
        select(
            "並び順",
            "sort",
            "finder-sort",
            vec![
                option("plan".into(), "計画の順".into()),
                option("desc".into(), "達成率の高い順".into()),
                option("asc".into(), "達成率の低い順".into()),
            ],
        ),
    ];
    view! {
        <section class="finder" aria-labelledby="finder-h">
            <h2 id="finder-h">"指標をさがす"</h2>
            <form class="finder-form" role="search" on:submit=|ev| ev.prevent_default() on:input=on_input>
                {controls}
            </form>
            {results}
        </section>
    }
}
