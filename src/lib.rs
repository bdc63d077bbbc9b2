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
    console_error_panic_hook::set_once();
    // Marks for the benchmark's breakdown of the first render (bench/browser.js).
    bench::mark("kpi:wasm-started");
    mount_to_body(app::App);
}
