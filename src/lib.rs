//! The web app around `plan_core`: Leptos components over a small layer of app state.
//!
//! The layers read top-down, each using only those below it (docs/architecture.md):
//! `plan_core` ← [`state`] ← [`components`] ← [`pages`] ← [`app`].
//! Nothing here computes a rate; the views ask the core and show the answer.

// The view types of whole pages, rendered to HTML natively (`ssr`), nest deeper than the
// compiler's default limit.
#![recursion_limit = "256"]

pub mod app;
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

/// Start the app: load what the link needs, then render the page, taking the place of the
/// page pre-rendered at build time if the page's start-up script showed one.
pub fn start() {
    launch(|route, app_state| async move {
        match state::early::prerendered_root().await {
            Some(shown) => take_over(shown, move || app::root(route, app_state)),
            None => mount_to_body(move || app::root(route, app_state)),
        }
    });
}

/// Start the survey round's page (survey.html, built from the `survey_round` binary).
#[cfg(feature = "staff")]
pub fn start_survey() {
    launch(|route, app_state| async move {
        mount_to_body(move || app::survey_root(route, app_state));
    });
}

/// What every page does first: the panic notice, the app state (its plans live as long as the
/// page), the files the link needs; then `render`.
fn launch<F: std::future::Future<Output = ()> + 'static>(
    render: impl FnOnce(Route, state::app::AppState) -> F + 'static,
) {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_stopped_notice();
    }));
    state::marks::mark("kpi:wasm-started");
    let owner = Owner::new_root(None);
    let app_state = owner.with(state::app::AppState::new);
    std::mem::forget(owner);
    wasm_bindgen_futures::spawn_local(async move {
        let route = Route::parse(&state::route::current_search());
        app_state.preload(&route).await;
        render(route, app_state).await;
    });
}

/// Render the app in place of `shown`, the same page pre-rendered at build time. Its files
/// are loaded, so its first render is that very page: drawn hidden beside it and put in its
/// place in the same task, so the reader sees no change, and the focus stays on the element
/// at the same place in the page.
fn take_over<V: IntoView + 'static>(
    shown: web_sys::HtmlElement,
    app: impl FnOnce() -> V + 'static,
) {
    use wasm_bindgen::JsCast;
    let focused = document()
        .active_element()
        .and_then(|e| element_path(&shown, &e));
    let Ok(root) = document().create_element("div") else {
        return;
    };
    let root: web_sys::HtmlElement = root.unchecked_into();
    root.set_hidden(true);
    let _ = shown.after_with_node_1(&root);
    leptos::mount::mount_to(root.clone(), app).forget();
    shown.remove();
    root.set_hidden(false);
    if let Some(element) = focused.and_then(|path| element_at(&root, &path)) {
        if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// The position of `element` under `root`: its element-child index at each level.
fn element_path(root: &web_sys::Element, element: &web_sys::Element) -> Option<Vec<u32>> {
    let mut path = Vec::new();
    let mut at = element.clone();
    while &at != root {
        let parent = at.parent_element()?;
        let children = parent.children();
        path.push((0..children.length()).find(|&i| children.item(i).as_ref() == Some(&at))?);
        at = parent;
    }
    path.reverse();
    Some(path)
}

/// The element at `path` under `root` (see `element_path`).
fn element_at(root: &web_sys::Element, path: &[u32]) -> Option<web_sys::Element> {
    path.iter()
        .try_fold(root.clone(), |at, &i| at.children().item(i))
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
