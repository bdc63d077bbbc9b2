//! The "as of" fiscal-year selector (令和 and 西暦).

use crate::state::app::use_interactive;
use crate::state::plan::use_open_plan;
use crate::state::route::use_router;
use leptos::prelude::*;
use plan_core::format::fy_both;
use plan_core::plan::Period;

/// Choosing a year shows the same page as of that year, and is a new entry in the history.
#[component]
pub fn YearSelect(period: Period) -> impl IntoView {
    let router = use_router();
    let fy = use_open_plan().fy;
    let interactive = use_interactive();
    let on_change = move |ev: web_sys::Event| {
        if let Ok(year) = event_target_value(&ev).parse::<i32>() {
            router.go_in_place(router.route().get_untracked().with_fy(Some(year)));
        }
    };
    // `selected` is the year as first rendered (in HTML pre-rendered at build time too); the
    // `value` property follows the link afterwards (back and forward change the year without
    // re-creating the page).
    let first = fy.get_untracked();
    let options = period
        .years()
        .map(|year| view! { <option value=year.to_string() selected=year == first>{fy_both(year)}</option> })
        .collect_view();
    view! {
        <label class="year-select">
            "基準年度 "
            <select
                data-testid="fy-select"
                autocomplete="off"
                disabled=move || !interactive.get()
                prop:value=move || fy.get().to_string()
                on:change=on_change
            >
                {options}
            </select>
        </label>
    }
}
