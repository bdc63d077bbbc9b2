//! The offline copy and new deployments.
//!
//! - `sw.js` (assets/sw.js), a service worker, caches the app and the plan files on the first
//!   visit, so staff can reopen the app with no network. Where service workers are not
//!   available (old browsers, some embedded views, http on another host) the app works as
//!   before, online only.
//! - The page is fetched again, bypassing caches, on start and whenever the tab becomes
//!   visible again; if it now loads another wasm file, a new version has been deployed.

use leptos::prelude::*;
use leptos_use_document_visibility::use_document_visibility;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Register the service worker, once the page has rendered and settled (installing it
/// downloads the offline copy); silently nothing where it is unavailable.
pub fn register_service_worker_later() {
    set_timeout(
        || {
            let navigator = window().navigator();
            // `navigator.serviceWorker` is undefined outside secure contexts.
            if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
                return;
            }
            let registration = navigator.service_worker().register("sw.js");
            // A refusal (private mode, blocked by policy …) only means no offline copy.
            leptos::task::spawn_local(async move {
                let _ = JsFuture::from(registration).await;
            });
        },
        Duration::from_millis(1500),
    );
}

/// Whether a newer deployment than this page's is on the server: checked 5 s after start
/// (never competing with the first render) and whenever the tab becomes visible again.
pub fn use_new_version() -> ReadSignal<bool> {
    let (found, set_found) = signal(false);
    let check = move || {
        leptos::task::spawn_local(async move {
            if newer_deployment().await {
                let _ = set_found.try_set(true);
            }
        })
    };
    let visibility = use_document_visibility();
    Effect::new(move |was: Option<web_sys::VisibilityState>| {
        let now = visibility.get();
        match was {
            None => set_timeout(check, Duration::from_secs(5)),
            Some(_) if now == web_sys::VisibilityState::Visible => check(),
            Some(_) => {}
        }
        now
    });
    found
}

/// The wasm file this page runs: the one Trunk's preload names, or else its start-up module
/// (`./<name>-<hash>_bg.wasm`).
fn running_wasm() -> Option<String> {
    let document = document();
    if let Some(href) = document
        .query_selector(r#"link[href$="_bg.wasm"]"#)
        .ok()
        .flatten()
        .and_then(|link| link.get_attribute("href"))
    {
        return Some(href);
    }
    let script = document
        .query_selector("script[type=module]:not([src])")
        .ok()??
        .text_content()?;
    // The quoted path that ends in `_bg.wasm`, e.g. `'./kpi-dashboard-0123abcd_bg.wasm'`.
    let end = script.find("_bg.wasm")? + "_bg.wasm".len();
    let start = script[..end]
        .rfind(['\'', '"', '`'])
        .map_or(0, |quote| quote + 1);
    Some(script[start..end].to_string())
}

/// Fetch this page again, bypassing caches, and see if it loads another wasm file.
async fn newer_deployment() -> bool {
    let window = window();
    if !window.navigator().on_line() {
        return false;
    }
    let Some(current) = running_wasm() else {
        return false;
    };
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let page = window.location().pathname().unwrap_or_default();
    let Ok(response) = JsFuture::from(window.fetch_with_str_and_init(&page, &init)).await else {
        return false;
    };
    let Ok(response) = response.dyn_into::<web_sys::Response>() else {
        return false;
    };
    if !response.ok() {
        return false;
    }
    let Ok(text) = response.text() else {
        return false;
    };
    let Ok(text) = JsFuture::from(text).await else {
        return false;
    };
    let html = text.as_string().unwrap_or_default();
    html.contains("_bg.wasm") && !html.contains(current.as_str())
}
