//! Native benchmark of the pure core (not a timed test): parse + validate, full recompute,
//! and the incremental update after one edit, on synthetic plans of 100, 1,000 and 10,000
//! KPIs. Prints a markdown table of median, min and max over repeated runs.
//!
//! `cargo bench -p plan-core --bench engine`

use plan_core::engine::Scorecard;
use plan_core::plan::Figure;
use plan_core::synth::synthetic_plan;
use plan_core::validate::parse_plan;
use std::hint::black_box;
use std::time::Instant;

/// Run `f` until ~0.5 s or 200 runs have passed (at least 5); return (median, min, max) in ms.
fn measure(mut f: impl FnMut()) -> (f64, f64, f64) {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 5 || (times.len() < 200 && start.elapsed().as_secs_f64() < 0.5) {
        let t = Instant::now();
        f();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0], times[times.len() - 1])
}

fn row(what: &str, n: usize, (med, min, max): (f64, f64, f64)) {
    println!("| {what} | {n} | {med:.3} | {min:.3} | {max:.3} |");
}

fn main() {
    println!("| native | KPIs | median ms | min ms | max ms |");
    println!("|---|---:|---:|---:|---:|");
    for n in [100, 1_000, 10_000] {
        let plan = synthetic_plan(n);
        let json = serde_json::to_string(&plan).unwrap();
        eprintln!("{n} KPIs: {} bytes of JSON", json.len());
        row(
            "parse + validate",
            n,
            measure(|| {
                black_box(parse_plan(black_box(&json)).unwrap());
            }),
        );
        row(
            "  of which reading the JSON (serde_json::from_str)",
            n,
            measure(|| {
                black_box(serde_json::from_str::<plan_core::plan::Plan>(black_box(&json)).unwrap());
            }),
        );
        row(
            "  of which the JSON syntax alone (serde::de::IgnoredAny)",
            n,
            measure(|| {
                black_box(serde_json::from_str::<serde::de::IgnoredAny>(black_box(&json)).unwrap());
            }),
        );
        row(
            "first scorecard (Scorecard::new: id indexes + every KPI)",
            n,
            measure(|| {
                black_box(Scorecard::new(black_box(&plan), 2023));
            }),
        );
        let mut score = Scorecard::new(&plan, 2023);
        let mut year = 2023;
        row(
            "full recompute, another year (Scorecard::at)",
            n,
            measure(|| {
                year = if year == 2023 { 2022 } else { 2023 };
                score = score.at(black_box(&plan), year);
            }),
        );
        let mut edited = plan.clone();
        let mut score = Scorecard::new(&plan, 2023);
        let last = edited.kpis().last().unwrap().1.id.clone();
        let mut value = 0.0;
        row(
            "one edit (Scorecard::update_kpi)",
            n,
            measure(|| {
                value += 1.0;
                let kpi = edited.find_kpi_mut(&last).expect("the last KPI");
                kpi.actuals.insert(2023, Figure::Number(value));
                let kpi = kpi.clone();
                black_box(score.update_kpi(&edited, &kpi));
            }),
        );
    }
}
