//! The "as of" fiscal-year selector (令和 and 西暦).

use crate::dom::{el, Dom};
use crate::nav::{navigate_in_place, use_route};
use leptos::prelude::*;
use plan_core::format::fy_both;
use plan_core::plan::Period;

#[component]
pub fn YearSelect(period: Period, current: Signal<i32>) -> impl IntoView {
    let route = use_route();
    let on_change = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        if let Ok(fy) = value.parse::<i32>() {
            navigate_in_place(route.get_untracked().with_fy(Some(fy)));
        }
    };
    // The options are static markup; one reactive property keeps the choice in step with
    // the link (back and forward change the year without re-creating the page).
    let options = year_options(period, current.get_untracked());
    view! {
        <label class="year-select">
            "基準年度 "
            <select on:change=on_change data-testid="fy-select" prop:value=move || current.get().to_string()>
                {options}
            </select>
        </label>
    }
}

/// The years of the period as `<option>`s, `current` selected (also the pre-rendered overview's).
pub fn year_options(period: Period, current: i32) -> Vec<Dom> {
    period
        .years()
        .map(|fy| {
            let option = el("option").attr("value", fy.to_string());
            let option = if fy == current {
                option.attr("selected", "")
            } else {
                option
            };
            option.text(fy_both(fy)).into()
        })
        .collect()
}
