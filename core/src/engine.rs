//! The achievement engine: value to date, 達成率, band, pace and roll-ups, each with the
//! formula a citizen can check (計算方法). Pure functions over a `Plan`.
//!
//! Rounding: rates are shown as integer percent, except within ±0.5 of a band boundary
//! (80 %, 100 % by default), where one decimal is shown and a rate below the boundary is
//! truncated, never rounded up into the higher band (99.96 % shows as 99.9 %, not 100.0 %).
//! Halves round away from zero (219.5 % → 220 %, as the city printed for ②).

use crate::format::{number, wareki_fy};
use crate::plan::{
    Aggregation, Band, Direction, Figure, FiscalYear, Kpi, Method, Node, Plan, TargetKind,
};

/// The default bands: 達成 ≥ 100 %, 概ね達成 ≥ 80 %, 未達成 < 80 %.
pub fn default_bands() -> Vec<Band> {
    let band = |id: &str, label: &str, min_rate: f64, color: &str, symbol: &str| Band {
        id: id.into(),
        label: label.into(),
        min_rate,
        color: color.into(),
        symbol: symbol.into(),
    };
    vec![
        band("achieved", "達成", 100.0, "#1a7f37", "◎"),
        band("mostly", "概ね達成", 80.0, "#9a6700", "○"),
        band("not-achieved", "未達成", f64::NEG_INFINITY, "#cf222e", "△"),
    ]
}

/// Shown for 評価不能.
pub const NOT_EVALUABLE_LABEL: &str = "評価不能";
pub const NOT_EVALUABLE_SYMBOL: &str = "－";
pub const NOT_EVALUABLE_COLOR: &str = "#57606a";

pub fn bands_of(plan: &Plan) -> Vec<Band> {
    match &plan.bands {
        Some(b) if !b.is_empty() => b.clone(),
        _ => default_bands(),
    }
}

/// Index into the plan's bands, from the highest.
pub fn band_for(bands: &[Band], rate: f64) -> usize {
    bands
        .iter()
        .position(|b| rate >= b.min_rate)
        .unwrap_or(bands.len().saturating_sub(1))
}

/// A rate as printed: see the module doc for the rounding rule.
pub fn format_rate(rate: f64, bands: &[Band]) -> String {
    if !rate.is_finite() {
        return "—".into();
    }
    let near = bands
        .iter()
        .filter(|b| b.min_rate.is_finite())
        .find(|b| (rate - b.min_rate).abs() < 0.5);
    match near {
        Some(b) if rate < b.min_rate => format!("{:.1}%", (rate * 10.0).floor() / 10.0),
        Some(_) => format!("{:.1}%", round_half_away(rate * 10.0) / 10.0),
        None => format!("{}%", number(round_half_away(rate), Some(0))),
    }
}

fn round_half_away(x: f64) -> f64 {
    // Guard against binary noise such as 219.49999999999997 for 439 ÷ 200.
    (x + x.signum() * 1e-9).round()
}

/// What a KPI's value to date is compared with, and the result.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A percentage with its band.
    Rate { rate: f64, band: usize },
    /// An "improve on the baseline" target: achieved or not, no percentage.
    Improved { achieved: bool },
    /// A milestone target: the implementation status as entered (None: nothing yet).
    Milestone { status: Option<String> },
    /// No meaningful rate; the reason says why, in Japanese.
    NotEvaluable { reason: String },
}

impl Outcome {
    pub fn rate(&self) -> Option<f64> {
        match self {
            Outcome::Rate { rate, .. } => Some(*rate),
            _ => None,
        }
    }

    fn not(reason: impl Into<String>) -> Self {
        Outcome::NotEvaluable {
            reason: reason.into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// Progress at or ahead of the share of the period elapsed (or already achieved).
    OnTrack,
    /// Behind the share of the period elapsed.
    Behind,
    NotEvaluable,
}

impl Pace {
    pub fn label(self) -> &'static str {
        match self {
            Pace::OnTrack => "順調",
            Pace::Behind => "遅れ",
            Pace::NotEvaluable => "－",
        }
    }
}

/// One comparison (against the final or an interim target) with its formula.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    pub outcome: Outcome,
    /// 計算方法 with the numbers put in.
    pub formula: String,
}

/// Everything the UI shows about one KPI as of one fiscal year.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiResult {
    pub as_of: FiscalYear,
    /// The value compared with the target, and the year of the latest actual in it.
    pub value: Option<(f64, FiscalYear)>,
    /// How the value to date was formed ("累計 3 + 8 + 4 = 15").
    pub value_formula: String,
    pub final_target: Assessment,
    /// Against the interim target of `as_of`, where the plan has yearly targets.
    pub interim: Option<Assessment>,
    pub pace: Pace,
    pub pace_formula: String,
}

/// The KPI's method: its own, else the plan's.
pub fn method_of(plan: &Plan, kpi: &Kpi) -> Method {
    kpi.method.unwrap_or(plan.method)
}

/// The value to date as of `fy` by the KPI's aggregation.
pub fn value_to_date(kpi: &Kpi, fy: FiscalYear) -> Result<(f64, FiscalYear, String), String> {
    let upto: Vec<(FiscalYear, &Figure)> = kpi.actuals.range(..=fy).map(|(y, f)| (*y, f)).collect();
    if upto.is_empty() {
        return Err(format!("{}までの実績値がまだありません", wareki_fy(fy)));
    }
    let mut numbers = Vec::with_capacity(upto.len());
    for (y, f) in &upto {
        match f {
            Figure::Number(n) if n.is_finite() => numbers.push((*y, *n)),
            Figure::Number(_) => {
                return Err(format!("{}の実績値が数値ではありません", wareki_fy(*y)))
            }
            Figure::Text(t) => {
                if kpi.aggregation == Aggregation::Latest && *y != upto[upto.len() - 1].0 {
                    continue; // an old text cell does not matter for the latest value
                }
                return Err(format!(
                    "{}の実績値が文字（「{t}」）のため計算できません",
                    wareki_fy(*y)
                ));
            }
        }
    }
    let last_year = numbers.last().map(|(y, _)| *y).unwrap_or(fy);
    let list = |xs: &[(FiscalYear, f64)]| {
        xs.iter()
            .map(|(_, n)| number(*n, None))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    match kpi.aggregation {
        Aggregation::Latest => {
            let (y, n) = *numbers.last().expect("non-empty");
            Ok((
                n,
                y,
                format!("{}の実績値 {}", wareki_fy(y), number(n, None)),
            ))
        }
        Aggregation::Cumulative => {
            let sum: f64 = numbers.iter().map(|(_, n)| n).sum();
            Ok((
                sum,
                last_year,
                format!("累計 {} = {}", list(&numbers), number(sum, None)),
            ))
        }
        Aggregation::BaselinePlusCumulative => {
            let Some(base) = kpi.baseline.as_ref().and_then(|b| b.value) else {
                return Err("基準値がないため累計を計算できません".into());
            };
            let sum: f64 = base + numbers.iter().map(|(_, n)| n).sum::<f64>();
            Ok((
                sum,
                last_year,
                format!(
                    "基準値 {} + 累計 {} = {}",
                    number(base, None),
                    list(&numbers),
                    number(sum, None)
                ),
            ))
        }
        Aggregation::Average => {
            let sum: f64 = numbers.iter().map(|(_, n)| n).sum();
            let avg = sum / numbers.len() as f64;
            Ok((
                avg,
                last_year,
                format!(
                    "平均 ({}) ÷ {} = {}",
                    list(&numbers),
                    numbers.len(),
                    number(avg, Some(2))
                ),
            ))
        }
    }
}

/// Compare a value with a numeric target by the method. `kind` decides which way is better
/// together with the direction.
fn rate_against(
    value: f64,
    target: f64,
    baseline: Option<f64>,
    method: Method,
    decreasing: bool,
    bands: &[Band],
) -> Assessment {
    let v = number(value, None);
    let t = number(target, None);
    let (rate, formula) = match method {
        Method::Ratio => {
            if value < 0.0 || target < 0.0 {
                return Assessment {
                    outcome: Outcome::not("負の値では比率（実績÷目標）を計算できません"),
                    formula: String::new(),
                };
            }
            if decreasing {
                if value == 0.0 {
                    return Assessment {
                        outcome: Outcome::not("実績値が 0 のため 目標÷実績 を計算できません"),
                        formula: String::new(),
                    };
                }
                (target / value * 100.0, format!("目標 {t} ÷ 実績 {v} × 100"))
            } else {
                if target == 0.0 {
                    return Assessment {
                        outcome: Outcome::not("目標値が 0 のため 実績÷目標 を計算できません"),
                        formula: String::new(),
                    };
                }
                (value / target * 100.0, format!("実績 {v} ÷ 目標 {t} × 100"))
            }
        }
        Method::Progress => {
            let Some(b) = baseline else {
                return Assessment {
                    outcome: Outcome::not("基準値がないため進捗率を計算できません"),
                    formula: String::new(),
                };
            };
            if target == b {
                return Assessment {
                    outcome: Outcome::not("目標値と基準値が同じため進捗率を計算できません"),
                    formula: String::new(),
                };
            }
            let bs = number(b, None);
            (
                (value - b) / (target - b) * 100.0,
                format!("(実績 {v} − 基準 {bs}) ÷ (目標 {t} − 基準 {bs}) × 100"),
            )
        }
    };
    if !rate.is_finite() {
        return Assessment {
            outcome: Outcome::not("値が大きすぎて率を計算できません"),
            formula,
        };
    }
    let shown = format_rate(rate, bands);
    Assessment {
        outcome: Outcome::Rate {
            rate,
            band: band_for(bands, rate),
        },
        formula: format!("{formula} = {shown}"),
    }
}

fn is_decreasing(kpi: &Kpi, kind: Option<TargetKind>) -> bool {
    kind == Some(TargetKind::AtMost)
        || (kpi.direction == Direction::Decrease && kind != Some(TargetKind::AtLeast))
}

/// Evaluate one KPI as of fiscal year `as_of`.
pub fn evaluate_kpi(plan: &Plan, kpi: &Kpi, as_of: FiscalYear, bands: &[Band]) -> KpiResult {
    let method = method_of(plan, kpi);
    let baseline = kpi.baseline.as_ref().and_then(|b| b.value);
    let value = value_to_date(kpi, as_of);
    let (value_opt, value_formula) = match &value {
        Ok((v, y, f)) => (Some((*v, *y)), f.clone()),
        Err(reason) => (None, reason.clone()),
    };

    let final_target = match (&kpi.target, &value) {
        (None, _) => Assessment {
            outcome: Outcome::not("目標値が設定されていません"),
            formula: String::new(),
        },
        (Some(t), _) if t.kind == TargetKind::Milestone => Assessment {
            outcome: Outcome::Milestone {
                status: latest_text(kpi, as_of),
            },
            formula: format!("目標「{}」の実施状況", t.text.as_deref().unwrap_or("")),
        },
        (Some(_), Err(reason)) => Assessment {
            outcome: Outcome::not(reason.clone()),
            formula: String::new(),
        },
        (Some(t), Ok((v, _, _))) => match (t.kind, t.value) {
            (TargetKind::Improve, _) => match baseline {
                None => Assessment {
                    outcome: Outcome::not("基準値がないため向上したか判定できません"),
                    formula: String::new(),
                },
                Some(b) => {
                    let achieved = if kpi.direction == Direction::Decrease {
                        *v < b
                    } else {
                        *v > b
                    };
                    let op = match (kpi.direction == Direction::Decrease, achieved) {
                        (false, true) => ">",
                        (true, true) => "<",
                        (false, false) => "≦",
                        (true, false) => "≧",
                    };
                    Assessment {
                        outcome: Outcome::Improved { achieved },
                        formula: format!(
                            "実績 {} {op} 基準 {} → {}",
                            number(*v, None),
                            number(b, None),
                            if achieved {
                                "向上"
                            } else {
                                "向上していない"
                            }
                        ),
                    }
                }
            },
            (kind, Some(target)) => rate_against(
                *v,
                target,
                baseline,
                method,
                is_decreasing(kpi, Some(kind)),
                bands,
            ),
            (_, None) => Assessment {
                outcome: Outcome::not("目標値が数値ではありません"),
                formula: String::new(),
            },
        },
    };

    let interim = kpi.targets.get(&as_of).map(|t| match t {
        Figure::Text(text) => Assessment {
            outcome: Outcome::Milestone {
                status: match kpi.actuals.get(&as_of) {
                    Some(Figure::Text(s)) => Some(s.clone()),
                    Some(Figure::Number(n)) => Some(number(*n, kpi.decimals)),
                    None => None,
                },
            },
            formula: format!("{}の目標「{text}」の実施状況", wareki_fy(as_of)),
        },
        Figure::Number(target) => match &value {
            Ok((v, y, _)) if *y == as_of => rate_against(
                *v,
                *target,
                baseline,
                method,
                is_decreasing(kpi, kpi.target.as_ref().map(|t| t.kind)),
                bands,
            ),
            Ok(_) | Err(_) => Assessment {
                outcome: Outcome::not(format!("{}の実績値がまだありません", wareki_fy(as_of))),
                formula: String::new(),
            },
        },
    });

    let (pace, pace_formula) = pace(plan, kpi, as_of, &value, &final_target);
    KpiResult {
        as_of,
        value: value_opt,
        value_formula,
        final_target,
        interim,
        pace,
        pace_formula,
    }
}

fn latest_text(kpi: &Kpi, as_of: FiscalYear) -> Option<String> {
    kpi.actuals
        .range(..=as_of)
        .next_back()
        .map(|(_, f)| match f {
            Figure::Text(s) => s.clone(),
            Figure::Number(n) => number(*n, kpi.decimals),
        })
}

/// Pace: the share of the way from baseline to target covered, against the share of the
/// plan period elapsed by the end of `as_of` (national KPI reviews' 進捗 vs 経過期間).
fn pace(
    plan: &Plan,
    kpi: &Kpi,
    as_of: FiscalYear,
    value: &Result<(f64, FiscalYear, String), String>,
    final_target: &Assessment,
) -> (Pace, String) {
    let p = plan.period;
    let len = p.len() as f64;
    let elapsed = ((as_of - p.start + 1) as f64 / len).clamp(0.0, 1.0);
    let elapsed_pct = elapsed * 100.0;
    match final_target.outcome {
        Outcome::Rate { rate, .. } if rate >= 100.0 => {
            return (Pace::OnTrack, "目標を達成済み".into());
        }
        Outcome::Improved { achieved: true } => return (Pace::OnTrack, "基準値より向上".into()),
        _ => {}
    }
    let (Ok((v, _, _)), Some(target)) = (value, kpi.target.as_ref().and_then(|t| t.value)) else {
        return (Pace::NotEvaluable, "進捗を計算する数値がありません".into());
    };
    let start = match kpi.aggregation {
        Aggregation::Cumulative => Some(0.0),
        _ => kpi.baseline.as_ref().and_then(|b| b.value),
    };
    let Some(start) = start else {
        return (
            Pace::NotEvaluable,
            "基準値がないため進捗を計算できません".into(),
        );
    };
    if target == start {
        return (Pace::NotEvaluable, "目標値と基準値が同じです".into());
    }
    let progress = (v - start) / (target - start) * 100.0;
    if !progress.is_finite() {
        return (Pace::NotEvaluable, "進捗を計算できません".into());
    }
    let pace = if progress + 1e-9 >= elapsed_pct {
        Pace::OnTrack
    } else {
        Pace::Behind
    };
    (
        pace,
        format!(
            "進捗 ({} − {}) ÷ ({} − {}) = {:.0}% ／ 期間経過 {:.0}%",
            number(*v, None),
            number(start, None),
            number(target, None),
            number(start, None),
            progress,
            elapsed_pct
        ),
    )
}

/// Counts and sums for a set of KPIs; additive, so one edit updates ancestors in O(depth).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RollUp {
    /// KPIs per band index.
    pub per_band: Vec<u32>,
    pub not_evaluable: u32,
    pub milestones: u32,
    /// KPIs achieved (rate ≥ 100 %, or improved on the baseline).
    pub achieved: u32,
    /// KPIs with a rate or an improved/not-improved verdict.
    pub evaluated: u32,
    pub rated: u32,
    pub rate_sum: f64,
    pub capped_rate_sum: f64,
    pub on_track: u32,
    pub behind: u32,
}

impl RollUp {
    pub fn total(&self) -> u32 {
        self.evaluated + self.not_evaluable + self.milestones
    }

    /// Share of evaluated KPIs achieved, percent.
    pub fn achieved_share(&self) -> Option<f64> {
        (self.evaluated > 0).then(|| self.achieved as f64 / self.evaluated as f64 * 100.0)
    }

    pub fn mean_rate(&self) -> Option<f64> {
        (self.rated > 0).then(|| self.rate_sum / self.rated as f64)
    }

    pub fn mean_capped_rate(&self) -> Option<f64> {
        (self.rated > 0).then(|| self.capped_rate_sum / self.rated as f64)
    }

    fn apply(&mut self, r: &KpiResult, bands: usize, sign: i32) {
        if self.per_band.len() < bands {
            self.per_band.resize(bands, 0);
        }
        let add = |x: &mut u32| *x = (*x as i64 + sign as i64) as u32;
        match &r.final_target.outcome {
            Outcome::Rate { rate, band } => {
                add(&mut self.per_band[*band]);
                add(&mut self.evaluated);
                add(&mut self.rated);
                if *rate >= 100.0 {
                    add(&mut self.achieved);
                }
                self.rate_sum += sign as f64 * rate;
                self.capped_rate_sum += sign as f64 * rate.min(100.0);
            }
            Outcome::Improved { achieved } => {
                add(&mut self.evaluated);
                let idx = if *achieved { 0 } else { bands - 1 };
                add(&mut self.per_band[idx]);
                if *achieved {
                    add(&mut self.achieved);
                }
            }
            Outcome::Milestone { .. } => add(&mut self.milestones),
            Outcome::NotEvaluable { .. } => add(&mut self.not_evaluable),
        }
        match r.pace {
            Pace::OnTrack => add(&mut self.on_track),
            Pace::Behind => add(&mut self.behind),
            Pace::NotEvaluable => {}
        }
    }

    /// 計算方法 for the roll-up, with the numbers put in.
    pub fn formula(&self, bands: &[Band]) -> String {
        let mut parts = vec![format!(
            "達成 {} ÷ 評価対象 {} = {}",
            self.achieved,
            self.evaluated,
            self.achieved_share()
                .map(|s| format!("{s:.0}%"))
                .unwrap_or_else(|| "—".into())
        )];
        if let (Some(m), Some(c)) = (self.mean_rate(), self.mean_capped_rate()) {
            parts.push(format!(
                "平均達成率 {}（100%で頭打ち: {}）、{}指標の平均",
                format_rate(m, bands),
                format_rate(c, bands),
                self.rated
            ));
        }
        if self.not_evaluable > 0 {
            parts.push(format!("評価不能 {}", self.not_evaluable));
        }
        parts.join("。")
    }
}

/// The whole plan evaluated as of one year, with the structure needed to update it
/// incrementally after one edit.
#[derive(Clone, Debug)]
pub struct Scorecard {
    pub as_of: FiscalYear,
    pub bands: Vec<Band>,
    /// Per KPI, in `Plan::kpis()` order.
    pub kpis: Vec<KpiResult>,
    pub kpi_ids: Vec<String>,
    /// For each KPI, the indices of the nodes that hold it (its node and all ancestors).
    kpi_ancestry: Vec<Vec<usize>>,
    /// Per node, in `Plan::walk()` order: roll-up of every KPI at or below it.
    pub nodes: Vec<RollUp>,
    pub node_ids: Vec<String>,
    pub plan: RollUp,
}

impl Scorecard {
    pub fn new(plan: &Plan, as_of: FiscalYear) -> Self {
        let bands = bands_of(plan);
        let walk = plan.walk();
        let mut nodes = vec![RollUp::default(); walk.len()];
        let mut node_ids = Vec::with_capacity(walk.len());
        let mut kpis = Vec::new();
        let mut kpi_ids = Vec::new();
        let mut kpi_ancestry = Vec::new();
        let mut total = RollUp::default();
        // Stack of node indices on the path from the top to the current node.
        let mut path: Vec<usize> = Vec::new();
        for (i, (depth, node)) in walk.iter().enumerate() {
            path.truncate(*depth);
            path.push(i);
            node_ids.push(node.id.clone());
            for kpi in &node.kpis {
                let r = evaluate_kpi(plan, kpi, as_of, &bands);
                for &n in &path {
                    nodes[n].apply(&r, bands.len(), 1);
                }
                total.apply(&r, bands.len(), 1);
                kpis.push(r);
                kpi_ids.push(kpi.id.clone());
                kpi_ancestry.push(path.clone());
            }
        }
        for n in nodes.iter_mut() {
            n.per_band.resize(bands.len(), 0);
        }
        total.per_band.resize(bands.len(), 0);
        Scorecard {
            as_of,
            bands,
            kpis,
            kpi_ids,
            kpi_ancestry,
            nodes,
            node_ids,
            plan: total,
        }
    }

    pub fn kpi_index(&self, id: &str) -> Option<usize> {
        self.kpi_ids.iter().position(|k| k == id)
    }

    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.node_ids.iter().position(|k| k == id)
    }

    pub fn kpi(&self, id: &str) -> Option<&KpiResult> {
        self.kpi_index(id).map(|i| &self.kpis[i])
    }

    pub fn node(&self, id: &str) -> Option<&RollUp> {
        self.node_index(id).map(|i| &self.nodes[i])
    }

    /// Re-evaluate one KPI (after an edit to it) and update only its ancestors' roll-ups.
    pub fn update_kpi(&mut self, plan: &Plan, kpi: &Kpi) -> bool {
        let Some(i) = self.kpi_index(&kpi.id) else {
            return false;
        };
        let new = evaluate_kpi(plan, kpi, self.as_of, &self.bands);
        let n_bands = self.bands.len();
        let old = std::mem::replace(&mut self.kpis[i], new);
        for &n in &self.kpi_ancestry[i] {
            self.nodes[n].apply(&old, n_bands, -1);
            self.nodes[n].apply(&self.kpis[i], n_bands, 1);
        }
        self.plan.apply(&old, n_bands, -1);
        self.plan.apply(&self.kpis[i], n_bands, 1);
        true
    }
}

/// The latest fiscal year with any actual in the plan, else the first year of the period:
/// the sensible default "as of" year for a citizen.
pub fn latest_actual_year(plan: &Plan) -> FiscalYear {
    plan.kpis()
        .filter_map(|(_, k)| k.actuals.keys().next_back().copied())
        .max()
        .unwrap_or(plan.period.start)
        .clamp(plan.period.start, plan.period.end)
}

/// The node that holds a KPI, for links.
pub fn holder<'a>(plan: &'a Plan, kpi_id: &str) -> Option<&'a Node> {
    plan.find_kpi(kpi_id).map(|(n, _)| n)
}
