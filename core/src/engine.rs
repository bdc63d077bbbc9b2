//! The achievement engine: value to date, 達成率, band, pace and roll-ups, each with the
//! formula a citizen can check (計算方法). Pure functions over a `Plan`.
//!
//! Rounding: rates are shown as integer percent, except within ±0.5 of a band boundary
//! (80 %, 100 % by default), where one decimal is shown and a rate below the boundary is
//! truncated, never rounded up into the higher band (99.96 % shows as 99.9 %, not 100.0 %).
//! Halves round away from zero (219.5 % → 220 %, as the city printed for ②).

use crate::by_year::ByYear;
use crate::format::{number, wareki_fy};
use crate::plan::{
    Aggregation, Band, Direction, Figure, FiscalYear, Kpi, Method, Node, Plan, TargetKind,
};
use rustc_hash::FxHashMap;
use std::sync::Arc;

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
/// Shown for 実績待ち: no actual yet, which is not a fault of the data.
pub const AWAITING_LABEL: &str = "実績待ち";
pub const AWAITING_SYMBOL: &str = "…";
pub const AWAITING_COLOR: &str = "#afb8c1";
/// Counted for KPIs whose target is a milestone (judged by the 進捗状況, not by a rate).
pub const MILESTONE_LABEL: &str = "実施状況で評価";

/// The most evaluation bands a plan may define (validation refuses more). Roll-ups count
/// KPIs per band in a fixed array, so summing 10,000 of them allocates nothing.
pub const MAX_BANDS: usize = 8;

pub fn bands_of(plan: &Plan) -> Vec<Band> {
    match &plan.bands {
        Some(b) if !b.is_empty() => b.iter().take(MAX_BANDS).cloned().collect(),
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
    // Near a boundary: from half a point below it (inclusive, with room for binary noise:
    // 99.5 and 99.4999999999 must not print as "100%") to half a point above.
    let near = bands
        .iter()
        .filter(|b| b.min_rate.is_finite())
        .find(|b| (-0.5 - 1e-6..0.5).contains(&(rate - b.min_rate)));
    match near {
        Some(b) if rate < b.min_rate => format!("{:.1}%", (rate * 10.0).floor() / 10.0),
        Some(_) => format!("{:.1}%", round_half_away(rate * 10.0) / 10.0),
        None => format!("{}%", number(round_half_away(rate), Some(0))),
    }
}

/// `rate` to 9 significant decimals: removes the noise of binary arithmetic
/// (99.99999999999999 → 100) and keeps every digit a plan's figures can mean.
fn snap(rate: f64) -> f64 {
    let snapped = (rate * 1e9).round() / 1e9;
    if snapped.is_finite() {
        snapped
    } else {
        rate
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
    /// No actual up to the year yet (a plan's first year, before its figures are published):
    /// nothing to evaluate yet. Counted apart from 評価不能, which says the data cannot give
    /// a rate; a new plan is not shown as a wall of 評価不能.
    Awaiting { reason: String },
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

    /// Why there is no rate (評価不能 and 実績待ち), in Japanese.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Outcome::NotEvaluable { reason } | Outcome::Awaiting { reason } => Some(reason),
            _ => None,
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
    /// 計算方法: the numbers, rendered as text only when shown (`Formula::text`).
    pub formula: Formula,
}

/// The numbers behind a figure. Kept as numbers so that recomputing 10,000 KPIs formats no
/// text; `text()` writes the 計算方法 a citizen reads.
#[derive(Clone, Debug, PartialEq)]
pub enum Formula {
    None,
    /// 実績 ÷ 目標 × 100
    Ratio {
        actual: f64,
        target: f64,
        rate: f64,
    },
    /// 目標 ÷ 実績 × 100
    Inverse {
        actual: f64,
        target: f64,
        rate: f64,
    },
    /// (実績 − 基準) ÷ (目標 − 基準) × 100
    Progress {
        actual: f64,
        baseline: f64,
        target: f64,
        rate: f64,
    },
    /// 実績 compared with 基準 for an "improve" target.
    Improve {
        actual: f64,
        baseline: f64,
        decreasing: bool,
        achieved: bool,
    },
    /// A milestone target, by its year (None: the final target).
    Milestone {
        fy: Option<FiscalYear>,
    },
}

impl Formula {
    /// 計算方法 with the numbers put in. `kpi` supplies milestone texts.
    pub fn text(&self, kpi: &Kpi, bands: &[Band]) -> String {
        let n = |x: &f64| number(*x, None);
        match self {
            Formula::None => String::new(),
            Formula::Ratio {
                actual,
                target,
                rate,
            } => format!(
                "実績 {} ÷ 目標 {} × 100 = {}",
                n(actual),
                n(target),
                format_rate(*rate, bands)
            ),
            Formula::Inverse {
                actual,
                target,
                rate,
            } => format!(
                "目標 {} ÷ 実績 {} × 100 = {}",
                n(target),
                n(actual),
                format_rate(*rate, bands)
            ),
            Formula::Progress {
                actual,
                baseline,
                target,
                rate,
            } => format!(
                "(実績 {} − 基準 {}) ÷ (目標 {} − 基準 {}) × 100 = {}",
                n(actual),
                n(baseline),
                n(target),
                n(baseline),
                format_rate(*rate, bands)
            ),
            Formula::Improve {
                actual,
                baseline,
                decreasing,
                achieved,
            } => {
                let op = match (decreasing, achieved) {
                    (false, true) => ">",
                    (true, true) => "<",
                    (false, false) => "≦",
                    (true, false) => "≧",
                };
                format!(
                    "実績 {} {op} 基準 {} → {}",
                    n(actual),
                    n(baseline),
                    if *achieved {
                        "向上"
                    } else {
                        "向上していない"
                    }
                )
            }
            Formula::Milestone { fy: None } => format!(
                "目標「{}」の実施状況",
                kpi.target
                    .as_ref()
                    .and_then(|t| t.text.as_deref())
                    .unwrap_or("")
            ),
            Formula::Milestone { fy: Some(fy) } => {
                let text = match kpi.targets.get(fy) {
                    Some(Figure::Text(t)) => t.as_str(),
                    _ => "",
                };
                format!("{}の目標「{text}」の実施状況", wareki_fy(*fy))
            }
        }
    }
}

/// Everything the UI shows about one KPI as of one fiscal year.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiResult {
    pub as_of: FiscalYear,
    /// The value compared with the target, and the year of the latest actual in it.
    pub value: Option<(f64, FiscalYear)>,
    pub final_target: Assessment,
    /// Against the interim target of `as_of`, where the plan has yearly targets.
    pub interim: Option<Assessment>,
    pub pace: Pace,
    /// Progress and elapsed share (percent) behind the pace, when it could be computed.
    pub pace_basis: PaceBasis,
}

/// What the pace verdict rests on.
#[derive(Clone, Debug, PartialEq)]
pub enum PaceBasis {
    Achieved,
    Improved,
    Shares {
        value: f64,
        start: f64,
        target: f64,
        progress: f64,
        elapsed: f64,
    },
    Missing(&'static str),
}

impl PaceBasis {
    pub fn text(&self) -> String {
        match self {
            PaceBasis::Achieved => "目標を達成済み".into(),
            PaceBasis::Improved => "基準値より向上".into(),
            PaceBasis::Shares {
                value,
                start,
                target,
                progress,
                elapsed,
            } => format!(
                "進捗 ({} − {}) ÷ ({} − {}) = {:.0}% ／ 期間経過 {:.0}%",
                number(*value, None),
                number(*start, None),
                number(*target, None),
                number(*start, None),
                progress,
                elapsed
            ),
            PaceBasis::Missing(why) => (*why).into(),
        }
    }
}

impl KpiResult {
    /// How the value to date was formed ("累計 3 + 8 + 4 = 15"), or why there is none.
    pub fn value_text(&self, kpi: &Kpi) -> String {
        match value_to_date(kpi, self.as_of) {
            Ok((_, _, text)) => text,
            Err(reason) => reason,
        }
    }
}

/// The KPI's method: its own, else the plan's.
pub fn method_of(plan: &Plan, kpi: &Kpi) -> Method {
    kpi.method.unwrap_or(plan.method)
}

/// The numeric actuals up to a year, folded in one pass: all a recompute needs of a KPI.
struct Tally {
    count: usize,
    sum: f64,
    last: Option<(FiscalYear, f64)>,
}

/// Tally the actuals up to `fy`, or say why the value to date cannot be formed. One pass
/// and no allocation: this runs for every KPI on every recompute.
fn tally_upto(kpi: &Kpi, fy: FiscalYear) -> Result<Tally, String> {
    let upto = kpi.actuals.range(..=fy);
    let Some(last_year) = upto.clone().next_back().map(|(y, _)| *y) else {
        return Err(format!("{}までの実績値がまだありません", wareki_fy(fy)));
    };
    let mut tally = Tally {
        count: 0,
        sum: 0.0,
        last: None,
    };
    for (y, f) in upto {
        match f {
            Figure::Number(n) if n.is_finite() => {
                tally.count += 1;
                tally.sum += n;
                tally.last = Some((*y, *n));
            }
            Figure::Number(_) => {
                return Err(format!("{}の実績値が数値ではありません", wareki_fy(*y)))
            }
            // An old text cell does not matter for the latest value.
            Figure::Text(_) if kpi.aggregation == Aggregation::Latest && *y != last_year => {}
            Figure::Text(t) => {
                return Err(format!(
                    "{}の実績値が文字（「{t}」）のため計算できません",
                    wareki_fy(*y)
                ))
            }
        }
    }
    Ok(tally)
}

/// The numeric actuals up to `fy`, in year order (every one, once `tally_upto` passed).
fn numbers_upto(kpi: &Kpi, fy: FiscalYear) -> impl Iterator<Item = (FiscalYear, f64)> + '_ {
    kpi.actuals.range(..=fy).filter_map(|(y, f)| match f {
        Figure::Number(n) => Some((*y, *n)),
        Figure::Text(_) => None,
    })
}

/// Combine the tally by the KPI's aggregation: (value, year of the latest actual in it).
fn combine(kpi: &Kpi, tally: &Tally) -> Result<(f64, FiscalYear), String> {
    let (last_year, last) = tally.last.ok_or("実績値がまだありません")?;
    let value = match kpi.aggregation {
        Aggregation::Latest => last,
        Aggregation::Cumulative => tally.sum,
        Aggregation::BaselinePlusCumulative => {
            let base = kpi
                .baseline
                .as_ref()
                .and_then(|b| b.value)
                .ok_or("基準値がないため累計を計算できません")?;
            base + tally.sum
        }
        Aggregation::Average => tally.sum / tally.count as f64,
    };
    Ok((value, last_year))
}

/// The value to date as of `fy` by the KPI's aggregation: (value, latest year in it).
pub fn value_of(kpi: &Kpi, fy: FiscalYear) -> Result<(f64, FiscalYear), String> {
    combine(kpi, &tally_upto(kpi, fy)?)
}

/// The value to date with how it was formed, for people: "累計 3 + 8 + 4 = 15".
pub fn value_to_date(kpi: &Kpi, fy: FiscalYear) -> Result<(f64, FiscalYear, String), String> {
    let (value, year) = value_of(kpi, fy)?;
    let numbers: Vec<_> = numbers_upto(kpi, fy).collect();
    let list = numbers
        .iter()
        .map(|(_, n)| number(*n, None))
        .collect::<Vec<_>>()
        .join(" + ");
    let text = match kpi.aggregation {
        Aggregation::Latest => format!("{}の実績値 {}", wareki_fy(year), number(value, None)),
        Aggregation::Cumulative => format!("累計 {list} = {}", number(value, None)),
        Aggregation::BaselinePlusCumulative => format!(
            "基準値 {} + 累計 {list} = {}",
            number(
                kpi.baseline.as_ref().and_then(|b| b.value).unwrap_or(0.0),
                None
            ),
            number(value, None)
        ),
        Aggregation::Average => format!(
            "平均 ({list}) ÷ {} = {}",
            numbers.len(),
            number(value, Some(2))
        ),
    };
    Ok((value, year, text))
}

/// Compare a value with a numeric target by the method.
fn rate_against(
    value: f64,
    target: f64,
    baseline: Option<f64>,
    method: Method,
    decreasing: bool,
    bands: &[Band],
) -> Assessment {
    let not = |reason: &str| Assessment {
        outcome: Outcome::not(reason),
        formula: Formula::None,
    };
    let (rate, formula) = match method {
        Method::Ratio if value < 0.0 || target < 0.0 => {
            return not("負の値では比率（実績÷目標）を計算できません")
        }
        Method::Ratio if decreasing => {
            if value == 0.0 {
                return not("実績値が 0 のため 目標÷実績 を計算できません");
            }
            let rate = target / value * 100.0;
            (
                rate,
                Formula::Inverse {
                    actual: value,
                    target,
                    rate,
                },
            )
        }
        Method::Ratio => {
            if target == 0.0 {
                return not("目標値が 0 のため 実績÷目標 を計算できません");
            }
            let rate = value / target * 100.0;
            (
                rate,
                Formula::Ratio {
                    actual: value,
                    target,
                    rate,
                },
            )
        }
        Method::Progress => {
            let Some(b) = baseline else {
                return not("基準値がないため進捗率を計算できません");
            };
            if target == b {
                return not("目標値と基準値が同じため進捗率を計算できません");
            }
            let rate = (value - b) / (target - b) * 100.0;
            (
                rate,
                Formula::Progress {
                    actual: value,
                    baseline: b,
                    target,
                    rate,
                },
            )
        }
    };
    if !rate.is_finite() {
        return not("値が大きすぎて率を計算できません");
    }
    // Binary noise must not decide a band: 0.7 + 0.1 against 0.8 is 100 %, not 99.99…
    let rate = snap(rate);
    Assessment {
        outcome: Outcome::Rate {
            rate,
            band: band_for(bands, rate),
        },
        formula,
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
    let value = value_of(kpi, as_of);
    let not = |reason: String| Assessment {
        outcome: Outcome::NotEvaluable { reason },
        formula: Formula::None,
    };
    let awaiting = |reason: String| Assessment {
        outcome: Outcome::Awaiting { reason },
        formula: Formula::None,
    };
    let no_actual_yet = kpi.actuals.range(..=as_of).next().is_none();

    let final_target = match (&kpi.target, &value) {
        (None, _) => not("目標値が設定されていません".into()),
        (Some(t), _) if t.kind == TargetKind::Milestone => Assessment {
            outcome: Outcome::Milestone {
                status: latest_text(kpi, as_of),
            },
            formula: Formula::Milestone { fy: None },
        },
        (Some(_), Err(reason)) if no_actual_yet => awaiting(reason.clone()),
        (Some(_), Err(reason)) => not(reason.clone()),
        (Some(t), Ok((v, _))) => match (t.kind, t.value) {
            (TargetKind::Improve, _) => match baseline {
                None => not("基準値がないため向上したか判定できません".into()),
                Some(b) => {
                    let decreasing = kpi.direction == Direction::Decrease;
                    let achieved = if decreasing { *v < b } else { *v > b };
                    Assessment {
                        outcome: Outcome::Improved { achieved },
                        formula: Formula::Improve {
                            actual: *v,
                            baseline: b,
                            decreasing,
                            achieved,
                        },
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
            (_, None) => not("目標値が数値ではありません".into()),
        },
    };

    let interim = kpi.targets.get(&as_of).map(|t| match t {
        Figure::Text(_) => Assessment {
            outcome: Outcome::Milestone {
                status: match kpi.actuals.get(&as_of) {
                    Some(Figure::Text(s)) => Some(s.clone()),
                    Some(Figure::Number(n)) => Some(number(*n, kpi.decimals)),
                    None => None,
                },
            },
            formula: Formula::Milestone { fy: Some(as_of) },
        },
        Figure::Number(target) => match &value {
            Ok((v, y)) if *y == as_of => rate_against(
                *v,
                *target,
                baseline,
                method,
                is_decreasing(kpi, kpi.target.as_ref().map(|t| t.kind)),
                bands,
            ),
            // The year's actual is there but cannot be used (a text, say): the reason says why.
            Err(reason) if kpi.actuals.get(&as_of).is_some() => not(reason.clone()),
            _ => awaiting(format!("{}の実績値がまだありません", wareki_fy(as_of))),
        },
    });

    let (pace, pace_basis) = pace(plan, kpi, as_of, &value, &final_target);
    KpiResult {
        as_of,
        value: value.ok(),
        final_target,
        interim,
        pace,
        pace_basis,
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
    value: &Result<(f64, FiscalYear), String>,
    final_target: &Assessment,
) -> (Pace, PaceBasis) {
    let p = plan.period;
    let elapsed = ((as_of - p.start + 1) as f64 / p.len().max(1) as f64).clamp(0.0, 1.0) * 100.0;
    match final_target.outcome {
        Outcome::Rate { rate, .. } if rate >= 100.0 => return (Pace::OnTrack, PaceBasis::Achieved),
        Outcome::Improved { achieved: true } => return (Pace::OnTrack, PaceBasis::Improved),
        _ => {}
    }
    let missing = |why| (Pace::NotEvaluable, PaceBasis::Missing(why));
    let (Ok((v, _)), Some(target)) = (value, kpi.target.as_ref().and_then(|t| t.value)) else {
        return missing("進捗を計算する数値がありません");
    };
    let start = match kpi.aggregation {
        Aggregation::Cumulative => Some(0.0),
        _ => kpi.baseline.as_ref().and_then(|b| b.value),
    };
    let Some(start) = start else {
        return missing("基準値がないため進捗を計算できません");
    };
    if target == start {
        return missing("目標値と基準値が同じです");
    }
    let progress = (v - start) / (target - start) * 100.0;
    if !progress.is_finite() {
        return missing("進捗を計算できません");
    }
    let pace = if progress + 1e-9 >= elapsed {
        Pace::OnTrack
    } else {
        Pace::Behind
    };
    (
        pace,
        PaceBasis::Shares {
            value: *v,
            start,
            target,
            progress,
            elapsed,
        },
    )
}

/// Counts and sums for a set of KPIs; additive, so one edit updates ancestors in O(depth).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RollUp {
    /// KPIs per band index (the plan's bands first; the rest stay 0).
    pub per_band: [u32; MAX_BANDS],
    pub not_evaluable: u32,
    /// KPIs with no actual yet (実績待ち).
    pub awaiting: u32,
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
        self.evaluated + self.not_evaluable + self.awaiting + self.milestones
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

    /// Add another roll-up (a child's) into this one.
    fn add(&mut self, other: &RollUp) {
        for (mine, theirs) in self.per_band.iter_mut().zip(&other.per_band) {
            *mine += theirs;
        }
        self.not_evaluable += other.not_evaluable;
        self.awaiting += other.awaiting;
        self.milestones += other.milestones;
        self.achieved += other.achieved;
        self.evaluated += other.evaluated;
        self.rated += other.rated;
        self.rate_sum += other.rate_sum;
        self.capped_rate_sum += other.capped_rate_sum;
        self.on_track += other.on_track;
        self.behind += other.behind;
    }

    fn apply(&mut self, r: &KpiResult, bands: usize, sign: i32) {
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
            Outcome::Awaiting { .. } => add(&mut self.awaiting),
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
            parts.push(format!("{NOT_EVALUABLE_LABEL} {}", self.not_evaluable));
        }
        if self.awaiting > 0 {
            parts.push(format!("{AWAITING_LABEL} {}", self.awaiting));
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
    /// Per node, in `Plan::walk()` order: roll-up of every KPI at or below it.
    pub nodes: Vec<RollUp>,
    pub plan: RollUp,
    /// Where each id sits. It depends on the plan's shape only, not on its figures or the
    /// year, so another year's scorecard (or a copy made for an edit) shares it.
    layout: Arc<Layout>,
}

/// Ids to positions, and the parent links an edit walks up.
#[derive(Debug, Default)]
struct Layout {
    kpi_index: FxHashMap<String, usize>,
    node_index: FxHashMap<String, usize>,
    /// The node holding each KPI, and each node's parent.
    kpi_node: Vec<usize>,
    node_parent: Vec<Option<usize>>,
}

impl Layout {
    fn of(plan: &Plan) -> Layout {
        fn go(nodes: &[Node], parent: Option<usize>, layout: &mut Layout) {
            for node in nodes {
                let i = layout.node_parent.len();
                layout.node_parent.push(parent);
                layout.node_index.insert(node.id.clone(), i);
                for kpi in &node.kpis {
                    layout
                        .kpi_index
                        .insert(kpi.id.clone(), layout.kpi_node.len());
                    layout.kpi_node.push(i);
                }
                go(&node.children, Some(i), layout);
            }
        }
        let mut layout = Layout::default();
        go(&plan.nodes, None, &mut layout);
        layout
    }
}

/// Evaluates every KPI and sums the roll-ups bottom-up: each KPI is added to its own node
/// once, and each node to its parent once, so the work is O(KPIs + nodes) whatever the depth.
struct Evaluation<'a> {
    plan: &'a Plan,
    as_of: FiscalYear,
    bands: &'a [Band],
    kpis: Vec<KpiResult>,
    nodes: Vec<RollUp>,
}

impl Evaluation<'_> {
    /// Evaluate `nodes` (siblings) and their subtrees; returns the sum of their roll-ups.
    fn siblings(&mut self, nodes: &[Node]) -> RollUp {
        let n_bands = self.bands.len();
        let mut sum = RollUp::default();
        for node in nodes {
            let i = self.nodes.len();
            self.nodes.push(RollUp::default());
            // Document order: a node's own KPIs come before its children's.
            let mut roll = RollUp::default();
            for kpi in &node.kpis {
                let r = evaluate_kpi(self.plan, kpi, self.as_of, self.bands);
                roll.apply(&r, n_bands, 1);
                self.kpis.push(r);
            }
            if !node.children.is_empty() {
                roll.add(&self.siblings(&node.children));
            }
            sum.add(&roll);
            self.nodes[i] = roll;
        }
        sum
    }
}

impl Scorecard {
    pub fn new(plan: &Plan, as_of: FiscalYear) -> Self {
        Self::evaluate(plan, as_of, Arc::new(Layout::of(plan)))
    }

    /// The plan this scorecard was made from, its figures perhaps edited since, evaluated
    /// as of another year: reuses the id indexes instead of rebuilding them.
    pub fn at(&self, plan: &Plan, as_of: FiscalYear) -> Self {
        let mut score = Self::evaluate(plan, as_of, self.layout.clone());
        // The evaluation walks the plan itself; only the indexes could be stale, if the
        // plan's shape is not the one they were built for.
        if score.kpis.len() != self.layout.kpi_node.len()
            || score.nodes.len() != self.layout.node_parent.len()
        {
            score.layout = Arc::new(Layout::of(plan));
        }
        score
    }

    fn evaluate(plan: &Plan, as_of: FiscalYear, layout: Arc<Layout>) -> Self {
        let bands = bands_of(plan);
        let mut run = Evaluation {
            plan,
            as_of,
            bands: &bands,
            kpis: Vec::with_capacity(layout.kpi_node.len()),
            nodes: Vec::with_capacity(layout.node_parent.len()),
        };
        let total = run.siblings(&plan.nodes);
        let (kpis, nodes) = (run.kpis, run.nodes);
        Scorecard {
            as_of,
            bands,
            kpis,
            nodes,
            plan: total,
            layout,
        }
    }

    pub fn kpi_index(&self, id: &str) -> Option<usize> {
        self.layout.kpi_index.get(id).copied()
    }

    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.layout.node_index.get(id).copied()
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
        let mut node = Some(self.layout.kpi_node[i]);
        while let Some(n) = node {
            self.nodes[n].apply(&old, n_bands, -1);
            self.nodes[n].apply(&self.kpis[i], n_bands, 1);
            node = self.layout.node_parent[n];
        }
        self.plan.apply(&old, n_bands, -1);
        self.plan.apply(&self.kpis[i], n_bands, 1);
        true
    }
}

/// The fiscal year a plan opens at: the latest year with a KPI's actual or 取組内容等, or an
/// item's 取組内容 (what was done); in a plan with none of these, the latest year with an
/// item's 進捗状況 (a plan may print its schedule as statuses for every year, so these count
/// only when nothing was reported); else the first year of the period.
pub fn latest_year_with_data(plan: &Plan) -> FiscalYear {
    fn last<T>(years: &ByYear<T>) -> Option<FiscalYear> {
        years.keys().next_back().copied()
    }
    let (mut reported, mut scheduled) = (None, None);
    for (_, node) in plan.walk() {
        for kpi in &node.kpis {
            reported = reported.max(last(&kpi.actuals)).max(last(&kpi.comments));
        }
        reported = reported.max(last(&node.comments));
        scheduled = scheduled.max(last(&node.progress));
    }
    reported
        .or(scheduled)
        .unwrap_or(plan.period.start)
        .clamp(plan.period.start, plan.period.end)
}

/// The node that holds a KPI, for links.
pub fn holder<'a>(plan: &'a Plan, kpi_id: &str) -> Option<&'a Node> {
    plan.find_kpi(kpi_id).map(|(n, _)| n)
}
