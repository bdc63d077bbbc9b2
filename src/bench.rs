//! The engine benchmark's hook in the shipped citizens' app (`make bench`, bench/browser.js
//! calls it), so the engine's browser figures are measured on what citizens download.

#[cfg(not(feature = "staff"))]
mod engine {
    use plan_core::engine::{latest_actual_year, Scorecard};
    use plan_core::validate::parse_plan;
    use wasm_bindgen::prelude::*;

    fn now() -> f64 {
        web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now())
            .unwrap_or(0.0)
    }

    /// Parse + validate `json`; build its first scorecard (id indexes and every KPI); and
    /// recompute it fully as of another year (what a new 基準年度 costs), `runs` times each.
    /// Returns the three series of `runs` times (ms) one after another in one flat array.
    #[wasm_bindgen]
    pub fn bench_engine(json: &str, runs: u32) -> Result<Vec<f64>, JsValue> {
        let mut times = Vec::with_capacity(3 * runs as usize);
        let mut plan = None;
        for _ in 0..runs {
            let t = now();
            let p = parse_plan(json).map_err(|e| JsValue::from_str(&format!("{}", e[0])))?;
            times.push(now() - t);
            plan = Some(p);
        }
        let plan = plan.ok_or("runs must be at least 1")?;
        let fy = latest_actual_year(&plan);
        let mut score = None;
        for _ in 0..runs {
            let t = now();
            let s = Scorecard::new(&plan, fy);
            times.push(now() - t);
            score = Some(s);
        }
        let mut score = score.ok_or("runs must be at least 1")?;
        let other = if fy > plan.period.start {
            fy - 1
        } else {
            plan.period.end
        };
        for i in 0..runs {
            let year = if i % 2 == 0 { other } else { fy };
            let t = now();
            let s = score.at(&plan, year);
            times.push(now() - t);
            score = s;
        }
        Ok(times)
    }
}
