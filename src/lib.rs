//! The web app around `plan_core`: Leptos components over a small layer of app state.
//!
//! The layers read top-down, each using only those below it (docs/architecture.md):
//! `plan_core` ← [`state`] ← [`components`] ← [`pages`] ← [`app`].
//! Nothing here computes a rate; the views ask the core and show the answer.

// The view types of whole pages, rendered to HTML natively (`ssr`), nest deeper than the
// compiler's default limit.
#![recursion_limit = "256"]

pub mod app;
pub mod bench;
pub mod components;
pub mod pages;
pub mod state;
#[cfg(test)]
mod test_seeds;

use leptos::prelude::*;
use plan_core::route::Route;

/// Built with the `staff` feature (`staff.html`): staff drafting — edit mode, saved drafts,
/// export and import. The citizens' app (`index.html`) is built without it, so what citizens
/// download on a phone carries no editing code.
pub const STAFF: bool = cfg!(feature = "staff");

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Start the app: load what the link needs, then take over the page pre-rendered at build
/// time (hydration) if the page's start-up script showed one, or render the page.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_stopped_notice();
    }));
    state::marks::mark("kpi:wasm-started");
    wasm_bindgen_futures::spawn_local(async {
        let route = Route::parse(&state::route::current_search());
        let loaded = state::app::Preloaded::fetch(&route).await;
        #[cfg(feature = "hydrate")]
        if let Some(root) = state::early::prerendered_root().await {
            leptos::mount::hydrate_from(root, move || app::root(route, loaded)).forget();
            return;
        }
        mount_to_body(move || app::root(route, loaded));
    });
}

/// A panic stops the app for good (`panic = "abort"`): its listeners are gone, but the page
/// still looks alive, and a member of staff could keep typing into inputs that no longer save.
/// So the page says so at its top, in Japanese, with what to do; the console has the message
/// for whoever reports the bug. Once only.
pub fn show_stopped_notice() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if document.get_element_by_id("app-stopped").is_some() {
        return;
    }
    let Ok(notice) = document.create_element("div") else {
        return;
    };
    notice.set_id("app-stopped");
    notice.set_class_name("notice serious");
    let _ = notice.set_attribute("role", "alert");
    notice.set_text_content(Some(if STAFF {
        "予期しないエラーでアプリが止まりました。ページを再読み込みしてください。\
         入力は下書きとしてこのブラウザに保存されています（止まる直前の入力は保存されていないことがあります）。"
    } else {
        "予期しないエラーでアプリが止まりました。ページを再読み込みしてください。"
    }));
    let _ = body.prepend_with_node_1(&notice);
}
