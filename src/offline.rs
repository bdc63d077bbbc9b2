//! Offline use and new deployments.
//!
//! - Registers `sw.js` (assets/sw.js), which caches the app and the plan files on the first
//!   visit so staff can reopen the app with no network. Where service workers are not
//!   available (old browsers, some embedded views, http on another host) the app works as
//!   before, online only.
//! - Checks whether a new deployment replaced the files this page runs, on start and when the
//!   page becomes visible again, and offers a reload.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Register the service worker; silently do nothing where it is unavailable.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // `navigator.serviceWorker` is undefined outside secure contexts.
    let has_sw = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    if !has_sw {
        return;
    }
    let registration = navigator.service_worker().register("sw.js");
    // A refusal (private mode, blocked by policy …) only means no offline copy.
    leptos::task::spawn_local(async move {
        let _ = JsFuture::from(registration).await;
    });
}

/// The wasm file this page runs (`./name-hash_bg.wasm`): from the link Trunk writes to preload
/// it, or else from Trunk's start-up module, which names it too (a page whose preload link was
/// taken out, or that has none, would otherwise never hear of a new deployment).
fn running_wasm() -> Option<String> {
    let document = web_sys::window()?.document()?;
    if let Some(href) = document
        .query_selector("link[href$='_bg.wasm']")
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
    let start = script[..end].rfind(['\'', '"', '`']).map_or(0, |quote| quote + 1);
    Some(script[start..end].to_string())
}

/// Fetch this page again, bypassing caches, and see if it loads another wasm file.
async fn newer_deployment() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
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

/// Watch for new deployments; `found` becomes true when one is there.
pub fn watch_for_updates(found: RwSignal<bool>) {
    let check = move || {
        leptos::task::spawn_local(async move {
            if newer_deployment().await {
                found.set(true);
            }
        })
    };
    // The first check waits until the page has rendered and settled: it must never
    // compete with the first render for the network or the main thread.
    set_timeout(check, std::time::Duration::from_secs(5));
    let on_visible = Closure::<dyn Fn()>::new(move || {
        let visible = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
        if visible {
            check();
        }
    });
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        let _ = d.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
    }
    on_visible.forget();
}

/// The banner offering the new version.
#[component]
pub fn UpdateBanner(found: RwSignal<bool>) -> impl IntoView {
    move || {
        found.get().then(|| {
            view! {
                <div class="notice" role="status" data-testid="update-banner">
                    <p>"新しい版が公開されています。再読み込みすると最新の内容になります（入力中の下書きは保存されています）。"</p>
                    <button type="button" on:click=|_| { let _ = web_sys::window().map(|w| w.location().reload()); }>"再読み込み"</button>
                </div>
            }
        })
    }
}
