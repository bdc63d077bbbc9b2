//! Moments the benchmark (`make bench`, bench/browser.js) and the end-to-end tests read with
//! `performance.getEntriesByName`, in the shipped build.

pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
