//! The thin web shell around `plan_core`: state, storage, fetch and the pages.
//!
//! Nothing here computes a rate; it asks the core and shows the answer.

pub mod app;
pub mod bench;
pub mod charts;
pub mod components;
pub mod dom;
pub mod download;
pub mod edit;
pub mod fetch;
pub mod nav;
pub mod offline;
pub mod pages;
pub mod prerender;
pub mod state;
pub mod storage;
#[cfg(test)]
mod test_seeds;

use leptos::prelude::*;

/// Built with the `staff` feature (`staff.html`): staff drafting — edit mode, saved drafts,
/// export and import. The citizens' bundle (`index.html`) leaves all of it out, so what
/// citizens download on a phone carries no editing code.
pub const STAFF: bool = cfg!(feature = "staff");

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Mount the app on `<body>`.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_stopped_notice();
    }));
    // Marks for the benchmark's breakdown of the first render (bench/browser.js).
    bench::mark("kpi:wasm-started");
    mount_to_body(app::App);
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
