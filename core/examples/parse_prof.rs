fn main() {
    let json = serde_json::to_string(&plan_core::synth::synthetic_plan(10_000)).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..100 {
        std::hint::black_box(
            serde_json::from_str::<plan_core::plan::Plan>(std::hint::black_box(&json)).unwrap(),
        );
    }
    eprintln!("{:.2} ms per parse", t.elapsed().as_secs_f64() * 10.0);
}
