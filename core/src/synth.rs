//! Synthetic plans for benchmarks: valid against the schema, shaped like the real ones
//! (4 top-level policies, themes, measures with KPIs), with deterministic pseudo-random values.

use crate::plan::{
    Aggregation, Baseline, Direction, Figure, FinalTarget, Kpi, Node, Period, Plan, Source,
    TargetKind, Text, SCHEMA_VERSION,
};

/// A small deterministic generator (xorshift), so every run benchmarks the same plan.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A plan with `kpis` KPIs: 4 policies × 10 themes × N measures, one KPI per measure.
pub fn synthetic_plan(kpis: usize) -> Plan {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ kpis as u64);
    let period = Period {
        start: 2021,
        end: 2026,
    };
    let themes_per_policy = 10;
    let measures_per_theme = kpis.div_ceil(4 * themes_per_policy).max(1);
    let mut made = 0;
    let mut nodes = Vec::new();
    for p in 1..=4 {
        let mut themes = Vec::new();
        for t in 1..=themes_per_policy {
            let mut measures = Vec::new();
            for m in 1..=measures_per_theme {
                if made == kpis {
                    break;
                }
                made += 1;
                let decreasing = rng.below(4) == 0;
                let baseline = 100.0 + rng.below(900) as f64;
                let target = if decreasing {
                    baseline * 0.8
                } else {
                    baseline * 1.5
                };
                let actuals = (2021..=2023)
                    .map(|fy| {
                        let step = (fy - 2020) as f64 / 6.0;
                        let noise = rng.below(40) as f64 - 20.0;
                        (
                            fy,
                            Figure::Number((baseline + (target - baseline) * step + noise).round()),
                        )
                    })
                    .collect();
                measures.push(Node {
                    id: format!("m{made}"),
                    number: Some(format!("取組{m}")),
                    title: format!("合成の取組 {p}-{t}-{m}"),
                    texts: vec![Text {
                        label: "取組内容".into(),
                        text: "ベンチマーク用に生成した取組です。".into(),
                    }],
                    lead_departments: vec![format!("第{}課", rng.below(30) + 1)],
                    kpis: vec![Kpi {
                        id: format!("k{made}"),
                        number: Some(made.to_string()),
                        name: format!("合成指標 {made}"),
                        unit: Some("件".into()),
                        baseline: Some(Baseline {
                            value: Some(baseline),
                            as_of: Some("R2".into()),
                            fy: Some(2020),
                        }),
                        direction: if decreasing {
                            Direction::Decrease
                        } else {
                            Direction::Increase
                        },
                        aggregation: Aggregation::Latest,
                        target: Some(FinalTarget {
                            value: Some(target.round()),
                            fy: 2026,
                            kind: if decreasing {
                                TargetKind::AtMost
                            } else {
                                TargetKind::AtLeast
                            },
                            text: None,
                        }),
                        actuals,
                        ..Default::default()
                    }],
                    ..Default::default()
                });
            }
            themes.push(Node {
                id: format!("t{p}-{t}"),
                number: Some(t.to_string()),
                title: format!("合成のテーマ {p}-{t}"),
                children: measures,
                ..Default::default()
            });
        }
        nodes.push(Node {
            id: format!("p{p}"),
            number: Some(p.to_string()),
            title: format!("合成の基本方針 {p}"),
            children: themes,
            ..Default::default()
        });
    }
    Plan {
        schema_version: SCHEMA_VERSION,
        id: format!("synthetic-{kpis}"),
        revision: 1,
        municipality: "ベンチ市".into(),
        title: format!("合成計画（KPI {kpis}件）"),
        status: None,
        period,
        levels: vec!["基本方針".into(), "テーマ".into(), "取組".into()],
        sources: vec![Source {
            title: "plan_core::synth による生成".into(),
            file: None,
            date: None,
            url: None,
        }],
        method: Default::default(),
        bands: None,
        texts: vec![],
        nodes,
        notes: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_plans_validate_and_have_the_asked_size() {
        for n in [100, 1000, 10_000] {
            let plan = synthetic_plan(n);
            assert_eq!(plan.kpis().count(), n);
            let json = serde_json::to_string(&plan).unwrap();
            let back = crate::validate::parse_plan(&json).expect("valid");
            assert_eq!(back, plan);
        }
    }
}
