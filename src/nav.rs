//! In-app navigation over public links (query strings), with back/forward support.
//!
//! leptos_router matches paths and needs the base path at build time; our public links are
//! query strings on one page that any city may publish under any sub-path, so a route signal
//! fed by `location.search` and `popstate` is all that is needed.

use leptos::prelude::*;
use plan_core::route::Route;
use wasm_bindgen::prelude::*;

/// The current route, provided as context by `App`.
#[derive(Clone, Copy)]
pub struct CurrentRoute(pub RwSignal<Route>);

pub fn current_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

thread_local! {
    /// The route signal of the mounted app, for navigation from async tasks (an import
    /// finishing, for example), where no reactive owner carries the context.
    static ROUTE: std::cell::Cell<Option<RwSignal<Route>>> = const { std::cell::Cell::new(None) };
}

/// Create the route signal and keep it in step with back/forward.
pub fn provide_route() -> RwSignal<Route> {
    let route = RwSignal::new(Route::parse(&current_search()));
    provide_context(CurrentRoute(route));
    ROUTE.with(|r| r.set(Some(route)));
    let on_pop = Closure::<dyn Fn()>::new(move || {
        // The browser has already moved to another entry: a year change still waiting to
        // be written would land on top of it, so it is dropped.
        ADDRESS_BEHIND.with(|b| b.set(false));
        route.set(Route::parse(&current_search()));
        scroll_to_top();
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    on_pop.forget();
    intercept_link_clicks();
    route
}

/// One click listener for every in-app link (`<a href="?…">`), instead of a handler per
/// link: a plain click navigates without reloading; modified clicks (new tab …), links with
/// a target or a download, and links to other pages behave as the browser decides.
fn intercept_link_clicks() {
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|ev: web_sys::MouseEvent| {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(anchor) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
        else {
            return;
        };
        let href = anchor.get_attribute("href").unwrap_or_default();
        if !href.starts_with('?')
            || anchor.has_attribute("target")
            || anchor.has_attribute("download")
        {
            return;
        }
        ev.prevent_default();
        navigate(Route::parse(&href));
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let _ =
            document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    }
    on_click.forget();
}

pub fn use_route() -> RwSignal<Route> {
    expect_context::<CurrentRoute>().0
}

fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Go to a route: push a history entry and update the signal.
pub fn navigate(route: Route) {
    go(route);
    scroll_to_top();
}

/// Go to `route` but stay where the reader is on the page (a new 基準年度 shows the same
/// page with other figures; jumping to the top would lose the reader's place).
///
/// The new figures are drawn first and the address bar is written after that frame:
/// nothing on screen depends on it, and with 10,000 KPIs a year change's script (change →
/// figures in the page) took 3.5–4.8 ms with `history.pushState` in it, 2.6–3.0 ms without
/// (medians of 40 changes, the two builds alternating in headless Chromium). Changes made
/// before then share one history entry, the last. (A task queued from an animation-frame
/// callback runs once that frame is drawn.)
pub fn navigate_in_place(route: Route) {
    route_signal().set(route);
    if !ADDRESS_BEHIND.with(|b| b.replace(true)) {
        // Leptos's helpers: smaller in the wasm than closures of our own (measured).
        request_animation_frame(|| set_timeout(catch_up_address, std::time::Duration::ZERO));
    }
}

thread_local! {
    /// True while the route has moved in place and the address bar not yet (see
    /// `navigate_in_place`).
    static ADDRESS_BEHIND: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Write the current route to the history if an in-place change is waiting for it.
fn catch_up_address() {
    if ADDRESS_BEHIND.with(|b| b.replace(false)) {
        push_history(&route_signal().get_untracked().to_query());
    }
}

fn go(route: Route) {
    // A year change still waiting is written first, so that history keeps the order in
    // which the reader went.
    catch_up_address();
    push_history(&route.to_query());
    route_signal().set(route);
}

fn push_history(query: &str) {
    if let Some(w) = web_sys::window() {
        if let Ok(history) = w.history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(query));
        }
    }
}

fn route_signal() -> RwSignal<Route> {
    ROUTE.with(|r| r.get()).unwrap_or_else(use_route)
}

/// A link to a public route: a real `<a href>` (open in new tab and copy link work); a
/// plain click is handled in-app by the one listener of `intercept_link_clicks`.
#[component]
pub fn Link(
    route: Route,
    #[prop(into)] label: String,
    #[prop(optional, into)] class: Option<String>,
) -> impl IntoView {
    view! { <a href=route.to_query() class=class>{label}</a> }
}
