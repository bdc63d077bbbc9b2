//! Hooks the benchmark (`make bench`, bench/browser.js) calls in the shipped release build,
//! so browser figures are measured on exactly what citizens download.

use plan_core::engine::{latest_actual_year, Scorecard};
use plan_core::validate::parse_plan;
use wasm_bindgen::prelude::*;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Mark a moment for the benchmark to read (`performance.getEntriesByName`).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Parse + validate `json`, then fully recompute its scorecard, `runs` times each.
/// Returns `[parse_ms…]` followed by `[recompute_ms…]` as one flat array of 2 × runs numbers.
#[wasm_bindgen]
pub fn bench_engine(json: &str, runs: u32) -> Result<Vec<f64>, JsValue> {
    let mut parse = Vec::with_capacity(runs as usize);
    let mut plan = None;
    for _ in 0..runs {
        let t = now();
        let p = parse_plan(json).map_err(|e| JsValue::from_str(&format!("{}", e[0])))?;
        parse.push(now() - t);
        plan = Some(p);
    }
    let plan = plan.ok_or("runs must be at least 1")?;
    let fy = latest_actual_year(&plan);
    let mut recompute = Vec::with_capacity(runs as usize);
    for _ in 0..runs {
        let t = now();
        let score = Scorecard::new(&plan, fy);
        recompute.push(now() - t);
        std::hint::black_box(score);
    }
    parse.extend(recompute);
    Ok(parse)
}
