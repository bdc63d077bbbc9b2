//! The "as of" fiscal-year selector (令和 and 西暦).

use crate::nav::{navigate, use_route};
use leptos::prelude::*;
use plan_core::format::fy_both;
use plan_core::plan::Period;

#[component]
pub fn YearSelect(period: Period, current: Signal<i32>) -> impl IntoView {
    let route = use_route();
    let on_change = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        if let Ok(fy) = value.parse::<i32>() {
            navigate(route.get_untracked().with_fy(Some(fy)));
        }
    };
    view! {
        <label class="year-select">
            "基準年度 "
            <select on:change=on_change data-testid="fy-select">
                {period
                    .years()
                    .map(|fy| {
                        view! {
                            <option value=fy.to_string() selected=move || current.get() == fy>
                                {fy_both(fy)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
