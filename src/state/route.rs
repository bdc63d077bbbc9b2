//! The current public link as a signal, and in-app navigation.
//!
//! Public links are query strings on one page (`?plan=yuzawa&kpi=k07`), so a city can publish
//! the app under any sub-path with no rewrite rules; leptos_router matches paths and needs the
//! base path at build time. The route is therefore one signal, fed by `location.search` and
//! `popstate`, and every in-app link is a real `<a href="?…">` (open in a new tab and copy
//! link work) whose plain click one window listener keeps in the page, as leptos_router
//! does for its own links.

use leptos::prelude::*;
use plan_core::route::Route;
use wasm_bindgen::JsCast;

/// The current route and the way to another one, provided as context by the app.
#[derive(Clone, Copy)]
pub struct Router {
    route: RwSignal<Route>,
}

/// `location.search` of the page.
pub fn current_search() -> String {
    window().location().search().unwrap_or_default()
}

/// Provide the router for `initial` (the link the page was opened with), following the
/// browser's back and forward and the plain clicks on in-app links until the app is gone.
pub fn provide_router(initial: Route) -> Router {
    let router = Router {
        route: RwSignal::new(initial),
    };
    provide_context(router);
    // (Window listeners are no-ops when rendering on the server.)
    let back_forward = window_event_listener(leptos::ev::popstate, move |_| {
        router.route.set(Route::parse(&current_search()));
        scroll_to_top();
    });
    let links = window_event_listener(leptos::ev::click, move |ev| {
        if let Some(route) = in_app_link(&ev) {
            ev.prevent_default();
            router.go(route);
        }
    });
    on_cleanup(move || {
        back_forward.remove();
        links.remove();
    });
    router
}

/// The route of an in-app link a plain click landed on (`<a href="?…">`), if any. Modified
/// clicks (a new tab …), links with a target or a download, and links to other pages are
/// left to the browser.
fn in_app_link(ev: &web_sys::MouseEvent) -> Option<Route> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.ctrl_key()
        || ev.meta_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let anchor = ev
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??;
    let href = anchor.get_attribute("href")?;
    let plain = href.starts_with('?')
        && !anchor.has_attribute("target")
        && !anchor.has_attribute("download");
    plain.then(|| Route::parse(&href))
}

pub fn use_router() -> Router {
    expect_context::<Router>()
}

/// The current route (a signal).
pub fn use_route() -> RwSignal<Route> {
    use_router().route
}

fn scroll_to_top() {
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

impl Router {
    pub fn route(&self) -> RwSignal<Route> {
        self.route
    }

    /// Go to another page: a new history entry, at the top of the page.
    pub fn go(&self, route: Route) {
        self.push(route);
        scroll_to_top();
    }

    /// Show the same page with other figures (a new 基準年度): a new history entry, and the
    /// reader stays where they are on the page.
    pub fn go_in_place(&self, route: Route) {
        self.push(route);
    }

    fn push(&self, route: Route) {
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&route.to_query()),
            );
        }
        self.route.set(route);
    }
}
