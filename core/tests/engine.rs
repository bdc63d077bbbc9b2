//! The achievement engine against the city's own printed figures, and against arbitrary input.

use plan_core::engine::{default_bands, evaluate_kpi, format_rate, Outcome, Pace, Scorecard};
use plan_core::plan::{
    Aggregation, Baseline, Direction, Figure, FinalTarget, Kpi, Method, Node, Period, Plan,
    TargetKind,
};
use proptest::prelude::*;

fn yuzawa() -> Plan {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../seeds/yuzawa.json");
    plan_core::validate::parse_plan(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// ⑨ and ⑫ print no target in 001; the strategy (000) does (6 施設, 10 件). ⑨'s facilities
/// stand at 6 in 令和5年度; ⑫ counts new cases a year, summed as the city sums ⑪'s.
#[test]
fn yuzawa_targets_from_the_strategy_document() {
    let plan = yuzawa();
    let score = Scorecard::new(&plan, 2023);
    let bands = default_bands();
    let text = |id: &str| {
        let (_, k) = plan.find_kpi(id).unwrap();
        let r = score.kpi(id).unwrap();
        (r.value_text(k), r.final_target.formula.text(k, &bands))
    };
    assert_eq!(
        text("k09"),
        (
            "令和5年度の実績値 6".into(),
            "実績 6 ÷ 目標 6 × 100 = 100.0%".into()
        )
    );
    assert_eq!(
        text("k12"),
        (
            "累計 1 + 3 + 2 = 6".into(),
            "実績 6 ÷ 目標 10 × 100 = 60%".into()
        )
    );
}

/// Every 達成率 printed in the progress table (001) is reproduced within its printed precision.
#[test]
fn reproduces_every_rate_yuzawa_printed() {
    let plan = yuzawa();
    let bands = default_bands();
    let mut checked = Vec::new();
    for (_, kpi) in plan.kpis() {
        let Some(printed) = kpi.reported.get(&2023) else {
            continue;
        };
        let printed_rate = printed.rate.expect("printed rate as a number");
        let decimals = printed
            .text
            .trim_end_matches('%')
            .split_once('.')
            .map(|(_, d)| d.len())
            .unwrap_or(0);
        let tolerance = 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9;
        let result = evaluate_kpi(&plan, kpi, 2023, &bands);
        let Outcome::Rate { rate, .. } = result.final_target.outcome else {
            panic!(
                "{} {}: no rate ({:?})",
                kpi.id, kpi.name, result.final_target.outcome
            );
        };
        assert!(
            (rate - printed_rate).abs() <= tolerance,
            "{} {}: computed {rate} ({}), printed {}",
            kpi.id,
            kpi.name,
            result.final_target.formula.text(kpi, &bands),
            printed.text
        );
        // What the app shows agrees with what the city printed, to the printed precision.
        let shown: f64 = format_rate(rate, &bands)
            .trim_end_matches('%')
            .parse()
            .unwrap();
        assert!(
            (shown - printed_rate).abs() <= tolerance.max(0.05 + 1e-9),
            "{}: shows {shown}, printed {}",
            kpi.id,
            printed.text
        );
        checked.push(kpi.id.clone());
    }
    assert_eq!(
        checked.len(),
        18,
        "18 printed rates (⑨ and ⑫ printed none): {checked:?}"
    );
}

#[test]
fn formulas_show_the_numbers() {
    let plan = yuzawa();
    let bands = default_bands();
    let (_, k7) = plan.find_kpi("k07").unwrap();
    let r = evaluate_kpi(&plan, k7, 2023, &bands);
    assert_eq!(
        r.final_target.formula.text(k7, &bands),
        "目標 264,000 ÷ 実績 283,179 × 100 = 93%"
    );
    let (_, k11) = plan.find_kpi("k11").unwrap();
    let r = evaluate_kpi(&plan, k11, 2023, &bands);
    assert_eq!(r.value_text(k11), "累計 3 + 8 + 4 = 15");
    assert_eq!(
        r.final_target.formula.text(k11, &bands),
        "実績 15 ÷ 目標 20 × 100 = 75%"
    );
    let (_, k16) = plan.find_kpi("k16").unwrap();
    let r = evaluate_kpi(&plan, k16, 2023, &bands);
    let text = r.final_target.formula.text(k16, &bands);
    assert!(text.ends_with("= 100.2%"), "{text}");
}

#[test]
fn rounding_never_shows_a_rate_below_a_boundary_as_reaching_it() {
    let bands = default_bands();
    assert_eq!(format_rate(99.96, &bands), "99.9%");
    assert_eq!(format_rate(100.24, &bands), "100.2%");
    assert_eq!(format_rate(79.99, &bands), "79.9%");
    assert_eq!(format_rate(219.5, &bands), "220%");
    assert_eq!(format_rate(42.857, &bands), "43%");
    assert_eq!(format_rate(1234.4, &bands), "1,234%");
}

#[test]
fn half_a_point_below_a_boundary_never_prints_as_reaching_it() {
    let bands = default_bands();
    assert_eq!(format_rate(99.5, &bands), "99.5%");
    assert_eq!(format_rate(79.5, &bands), "79.5%");
    assert_eq!(format_rate(99.4999999999, &bands), "99.4%");
    assert_eq!(format_rate(100.0, &bands), "100.0%");
}

#[test]
fn binary_noise_does_not_decide_the_band() {
    let bands = default_bands();
    // 0.7 + 0.1 is 0.7999999999999999 in binary; against a target of 0.8 that is 達成.
    let mut k = simple_kpi("a", 0.0, 0.8, 0.7);
    k.aggregation = plan_core::plan::Aggregation::Cumulative;
    k.actuals = [(2021, Figure::Number(0.7)), (2022, Figure::Number(0.1))].into();
    let plan = plan_with(vec![k], Method::Ratio);
    let k = &plan.nodes[0].children[0].kpis[0];
    let r = evaluate_kpi(&plan, k, 2022, &bands);
    assert_eq!(r.final_target.outcome.rate(), Some(100.0));
    assert_eq!(
        r.final_target.outcome,
        Outcome::Rate {
            rate: 100.0,
            band: 0
        }
    );
}

fn plan_with(kpis: Vec<Kpi>, method: Method) -> Plan {
    Plan {
        schema_version: 1,
        id: "t".into(),
        revision: 1,
        municipality: "テスト市".into(),
        title: "テスト".into(),
        status: None,
        period: Period {
            start: 2021,
            end: 2025,
        },
        levels: vec!["方針".into(), "施策".into()],
        sources: vec![],
        method,
        bands: None,
        texts: vec![],
        nodes: vec![Node {
            id: "n1".into(),
            title: "方針".into(),
            children: vec![Node {
                id: "n2".into(),
                title: "施策".into(),
                kpis,
                ..Default::default()
            }],
            ..Default::default()
        }],
        notes: vec![],
    }
}

fn simple_kpi(id: &str, baseline: f64, target: f64, actual: f64) -> Kpi {
    Kpi {
        id: id.into(),
        name: id.into(),
        baseline: Some(Baseline {
            value: Some(baseline),
            as_of: None,
            fy: None,
        }),
        target: Some(FinalTarget {
            value: Some(target),
            fy: 2025,
            kind: TargetKind::AtLeast,
            text: None,
        }),
        actuals: [(2022, Figure::Number(actual))].into(),
        ..Default::default()
    }
}

#[test]
fn progress_method_pace_and_improve_targets() {
    let bands = default_bands();
    let plan = plan_with(vec![simple_kpi("a", 100.0, 200.0, 150.0)], Method::Progress);
    let k = &plan.nodes[0].children[0].kpis[0];
    let r = evaluate_kpi(&plan, k, 2022, &bands);
    assert_eq!(r.final_target.outcome.rate(), Some(50.0));
    assert_eq!(
        r.final_target.formula.text(k, &bands),
        "(実績 150 − 基準 100) ÷ (目標 200 − 基準 100) × 100 = 50%"
    );
    // 2 of 5 years elapsed = 40% ≤ 50% progress.
    assert_eq!(r.pace, Pace::OnTrack);
    assert_eq!(
        r.pace_basis.text(),
        "進捗 (150 − 100) ÷ (200 − 100) = 50% ／ 期間経過 40%"
    );
    let r = evaluate_kpi(&plan, k, 2024, &bands);
    assert_eq!(r.pace, Pace::Behind, "{}", r.pace_basis.text());

    let mut improve = simple_kpi("b", 100.0, 0.0, 101.0);
    improve.target = Some(FinalTarget {
        value: None,
        fy: 2025,
        kind: TargetKind::Improve,
        text: Some("現状より向上".into()),
    });
    let plan = plan_with(vec![improve], Method::Ratio);
    let r = evaluate_kpi(&plan, &plan.nodes[0].children[0].kpis[0], 2022, &bands);
    assert_eq!(r.final_target.outcome, Outcome::Improved { achieved: true });
}

#[test]
fn interim_targets_are_assessed_beside_the_final_one() {
    let bands = default_bands();
    let mut k = simple_kpi("a", 100.0, 200.0, 150.0);
    k.targets = [
        (2022, Figure::Number(120.0)),
        (2023, Figure::Text("策定".into())),
    ]
    .into();
    let plan = plan_with(vec![k], Method::Ratio);
    let k = &plan.nodes[0].children[0].kpis[0];
    let r = evaluate_kpi(&plan, k, 2022, &bands);
    assert_eq!(r.final_target.outcome.rate(), Some(75.0));
    assert_eq!(r.interim.unwrap().outcome.rate(), Some(125.0));
    let r = evaluate_kpi(&plan, k, 2023, &bands);
    assert_eq!(
        r.interim.unwrap().outcome,
        Outcome::Milestone { status: None }
    );
}

/// No actual yet is 実績待ち, counted apart; a KPI the data cannot rate stays 評価不能.
#[test]
fn no_actual_yet_is_awaiting_not_unevaluable() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../seeds/higashine.json");
    let higashine =
        plan_core::validate::parse_plan(&std::fs::read_to_string(path).unwrap()).unwrap();
    // 令和8年度, the plan's first year: nothing published yet.
    let roll = Scorecard::new(&higashine, 2026).plan;
    assert_eq!(
        (roll.awaiting, roll.not_evaluable, roll.total()),
        (17, 0, 17)
    );
    assert!(roll.formula(&default_bands()).ends_with("実績待ち 17"));

    // Every Yuzawa KPI has an actual and a target by 令和5年度.
    let score = Scorecard::new(&yuzawa(), 2023);
    assert_eq!((score.plan.awaiting, score.plan.not_evaluable), (0, 0));
    // A KPI with no target is 評価不能, whatever the year.
    let mut k = simple_kpi("a", 100.0, 200.0, 150.0);
    k.target = None;
    let plan = plan_with(vec![k], Method::Ratio);
    let score = Scorecard::new(&plan, 2022);
    assert_eq!(score.plan.not_evaluable, 1);
    assert_eq!(
        score.kpi("a").unwrap().final_target.outcome.reason(),
        Some("目標値が設定されていません")
    );

    let bands = default_bands();
    let mut k = simple_kpi("a", 100.0, 200.0, 150.0);
    k.targets = [(2022, Figure::Number(120.0)), (2023, Figure::Number(140.0))].into();
    let plan = plan_with(vec![k], Method::Ratio);
    let k = &plan.nodes[0].children[0].kpis[0];
    let before = k.actuals.keys().next().copied().unwrap() - 1;
    let r = evaluate_kpi(&plan, k, before, &bands);
    assert!(matches!(r.final_target.outcome, Outcome::Awaiting { .. }));
    // The year's own target waits for the year's actual, even with earlier ones in.
    let mut late = k.clone();
    late.actuals = [(2022, Figure::Number(130.0))].into();
    let r = evaluate_kpi(&plan, &late, 2023, &bands);
    assert_eq!(r.final_target.outcome.rate(), Some(65.0));
    assert_eq!(
        r.interim.unwrap().outcome,
        Outcome::Awaiting {
            reason: "令和5年度の実績値がまだありません".into()
        }
    );
    // A text where a number is needed is 評価不能, with its reason.
    late.actuals.insert(2023, Figure::Text("集計中".into()));
    let r = evaluate_kpi(&plan, &late, 2023, &bands);
    assert!(matches!(
        r.interim.unwrap().outcome,
        Outcome::NotEvaluable { .. }
    ));
}

#[test]
fn incremental_update_equals_full_recompute() {
    let mut plan = yuzawa();
    let mut score = Scorecard::new(&plan, 2023);
    // Staff enter an R5 value for ⑨ and change ⑦.
    for (id, value) in [("k09", 7.0), ("k07", 250000.0)] {
        let kpi = plan.find_kpi_mut(id).unwrap();
        kpi.actuals.insert(2023, Figure::Number(value));
        let kpi = kpi.clone();
        assert!(score.update_kpi(&plan, &kpi));
    }
    let full = Scorecard::new(&plan, 2023);
    assert_eq!(score.kpis, full.kpis);
    for (a, b) in score.nodes.iter().zip(full.nodes.iter()) {
        assert_eq!(a.per_band, b.per_band);
        assert_eq!(a.achieved, b.achieved);
        assert!((a.rate_sum - b.rate_sum).abs() < 1e-6);
    }
    assert_eq!(score.plan.per_band, full.plan.per_band);
}

/// Every node's roll-up counts exactly the KPIs of its subtree (computed here the slow,
/// obvious way), and a scorecard moved to another year equals one made for that year.
#[test]
fn roll_ups_count_each_subtree_and_another_year_equals_a_fresh_scorecard() {
    let mut plans: Vec<Plan> = ["yuzawa", "annaka", "higashine", "minami-alps"]
        .iter()
        .map(|id| {
            let path = format!("{}/../seeds/{id}.json", env!("CARGO_MANIFEST_DIR"));
            plan_core::validate::parse_plan(&std::fs::read_to_string(path).unwrap()).unwrap()
        })
        .collect();
    plans.push(plan_core::synth::synthetic_plan(300));
    for plan in &plans {
        let mut score = Scorecard::new(plan, plan.period.start);
        for fy in plan.period.years() {
            score = score.at(plan, fy);
            let fresh = Scorecard::new(plan, fy);
            assert_eq!(score.as_of, fy);
            assert_eq!(score.kpis, fresh.kpis, "{} {fy}", plan.id);
            assert_eq!(score.nodes, fresh.nodes, "{} {fy}", plan.id);
            assert_eq!(score.plan, fresh.plan);
            for (node, roll) in plan.walk().iter().map(|(_, n)| n).zip(&score.nodes) {
                fn subtree<'a>(n: &'a plan_core::plan::Node, out: &mut Vec<&'a str>) {
                    out.extend(n.kpis.iter().map(|k| k.id.as_str()));
                    n.children.iter().for_each(|c| subtree(c, out));
                }
                let mut ids = Vec::new();
                subtree(node, &mut ids);
                let results: Vec<_> = ids.iter().map(|id| score.kpi(id).unwrap()).collect();
                let rated = results
                    .iter()
                    .filter(|r| matches!(r.final_target.outcome, Outcome::Rate { .. }))
                    .count();
                let not_evaluable = results
                    .iter()
                    .filter(|r| matches!(r.final_target.outcome, Outcome::NotEvaluable { .. }))
                    .count();
                assert_eq!(roll.total() as usize, ids.len(), "{} {}", plan.id, node.id);
                assert_eq!(roll.rated as usize, rated, "{} {}", plan.id, node.id);
                assert_eq!(roll.not_evaluable as usize, not_evaluable);
                let awaiting = results
                    .iter()
                    .filter(|r| matches!(r.final_target.outcome, Outcome::Awaiting { .. }))
                    .count();
                assert_eq!(roll.awaiting as usize, awaiting);
                let on_track = results.iter().filter(|r| r.pace == Pace::OnTrack).count();
                assert_eq!(roll.on_track as usize, on_track);
            }
            let top: u32 = plan
                .nodes
                .iter()
                .map(|n| score.node(&n.id).unwrap().total())
                .sum();
            assert_eq!(score.plan.total(), top);
            assert_eq!(score.plan.total() as usize, plan.kpis().count());
        }
    }
}

#[test]
fn a_scorecard_moved_onto_a_plan_of_another_shape_finds_its_kpis() {
    let big = plan_core::synth::synthetic_plan(300);
    let small = plan_core::synth::synthetic_plan(100);
    let moved = Scorecard::new(&big, 2022).at(&small, 2023);
    let fresh = Scorecard::new(&small, 2023);
    assert_eq!(moved.kpis, fresh.kpis);
    for (_, kpi) in small.kpis() {
        assert_eq!(moved.kpi(&kpi.id), fresh.kpi(&kpi.id));
    }
    assert!(moved.kpi("k300").is_none());
}

fn figure() -> impl Strategy<Value = Figure> {
    prop_oneof![
        any::<f64>().prop_map(Figure::Number),
        prop_oneof![
            Just(0.0),
            Just(-1.0),
            Just(1e308),
            Just(f64::NAN),
            -1e6..1e6f64
        ]
        .prop_map(Figure::Number),
        "[a-zあ-ん0-9()]{0,6}".prop_map(Figure::Text),
    ]
}

fn opt_number() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        Just(Some(0.0)),
        Just(Some(f64::NAN)),
        Just(Some(f64::INFINITY)),
        any::<f64>().prop_map(Some),
        (-1e9..1e9f64).prop_map(Some),
    ]
}

prop_compose! {
    fn arbitrary_kpi()(
        baseline in opt_number(),
        target in opt_number(),
        kind in prop_oneof![Just(TargetKind::Exactly), Just(TargetKind::AtLeast), Just(TargetKind::AtMost), Just(TargetKind::Improve), Just(TargetKind::Milestone)],
        direction in prop_oneof![Just(Direction::Increase), Just(Direction::Decrease), Just(Direction::Maintain)],
        aggregation in prop_oneof![Just(Aggregation::Latest), Just(Aggregation::Cumulative), Just(Aggregation::BaselinePlusCumulative), Just(Aggregation::Average)],
        method in prop_oneof![Just(None), Just(Some(Method::Ratio)), Just(Some(Method::Progress))],
        actuals in proptest::collection::btree_map(2021..=2025i32, figure(), 0..5),
        targets in proptest::collection::btree_map(2021..=2025i32, figure(), 0..3),
        has_target in any::<bool>(),
    ) -> Kpi {
        Kpi {
            id: "k".into(),
            name: "k".into(),
            baseline: Some(Baseline { value: baseline, as_of: None, fy: None }),
            direction,
            aggregation,
            method,
            target: has_target.then_some(FinalTarget { value: target, fy: 2025, kind, text: Some("目標".into()) }),
            actuals: actuals.into(),
            targets: targets.into(),
            ..Default::default()
        }
    }
}

proptest! {
    #[test]
    fn arbitrary_values_never_panic_and_explain_themselves(kpi in arbitrary_kpi(), fy in 2020..=2026i32) {
        let plan = plan_with(vec![kpi.clone()], Method::Ratio);
        let bands = default_bands();
        let r = evaluate_kpi(&plan, &kpi, fy, &bands);
        for a in std::iter::once(&r.final_target).chain(r.interim.iter()) {
            match &a.outcome {
                Outcome::Rate { rate, band } => {
                    prop_assert!(rate.is_finite(), "rate {rate}");
                    prop_assert!(*band < bands.len());
                    prop_assert!(!a.formula.text(&kpi, &bands).is_empty());
                    prop_assert!(!format_rate(*rate, &bands).is_empty());
                }
                Outcome::NotEvaluable { reason } => prop_assert!(!reason.is_empty()),
                // 実績待ち only when there is truly no actual yet: for the final target none
                // up to the year, for the year's own target none in that year.
                Outcome::Awaiting { reason } => {
                    prop_assert!(!reason.is_empty());
                    prop_assert!(kpi.actuals.get(&fy).is_none());
                }
                Outcome::Improved { .. } | Outcome::Milestone { .. } => {}
            }
        }
        // Whole-plan roll-ups hold together.
        let score = Scorecard::new(&plan, fy);
        let roll = &score.plan;
        prop_assert_eq!(roll.total(), 1);
        prop_assert_eq!(
            roll.per_band.iter().sum::<u32>() + roll.not_evaluable + roll.awaiting + roll.milestones,
            1
        );
        if matches!(r.final_target.outcome, Outcome::Awaiting { .. }) {
            prop_assert_eq!(kpi.actuals.range(..=fy).count(), 0);
        }
    }
}
