//! The plan model: serde types of the published JSON format (docs/data-format.md).
//!
//! These types are the schema. `seeds/plan.schema.json` is generated from them
//! (`plan-tool schema`), and a test keeps the shipped file in step.

use serde::{Deserialize, Serialize};

/// The only schema version this build reads. Older versions are migrated in `validate`.
pub const SCHEMA_VERSION: u32 = 1;

/// A Western fiscal year: 2021 = 令和3年度 (April 2021 – March 2022).
pub type FiscalYear = i32;

/// The 進捗状況 (progress status) staff can give an item for a year: the app's select and the
/// survey workbook's list. A status printed in a plan's document that is none of these is kept
/// as it is.
pub const PROGRESS_CHOICES: [&str; 5] = ["未着手", "検討", "実施", "完了", "中止"];

/// Values keyed by fiscal year. JSON object keys are the year as a string.
pub use crate::by_year::ByYear;

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub schema_version: u32,
    /// Stable id used in public links (`?plan=<id>`).
    pub id: String,
    /// Data revision; staff drafts are stored against id + revision.
    pub revision: u32,
    pub municipality: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub period: Period,
    /// Names of the hierarchy levels from the top (基本方針, 施策, …).
    pub levels: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Default achievement method of the plan's KPIs.
    #[serde(default, skip_serializing_if = "is_default")]
    pub method: Method,
    /// Evaluation bands, highest first (at most 8). `None` means the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 8)))]
    pub bands: Option<Vec<Band>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<Text>,
    pub nodes: Vec<Node>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: FiscalYear,
    pub end: FiscalYear,
}

impl Period {
    pub fn contains(&self, fy: FiscalYear) -> bool {
        (self.start..=self.end).contains(&fy)
    }

    pub fn years(&self) -> impl Iterator<Item = FiscalYear> {
        self.start..=self.end
    }

    pub fn len(&self) -> usize {
        (self.end - self.start + 1).max(0) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A labelled text field of the document (現状と課題, 方向性 …).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub label: String,
    pub text: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub id: String,
    pub label: String,
    /// Lowest rate (percent) that falls in this band.
    pub min_rate: f64,
    pub color: String,
    /// A symbol shown beside the colour, so colour is never the only signal.
    pub symbol: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead_departments: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_departments: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule: Vec<Span>,
    /// Per-year progress status as printed (進捗状況).
    #[serde(default, skip_serializing_if = "ByYear::is_empty")]
    pub progress: ByYear<String>,
    /// Per-year account of what was done for the item (取組内容), as a department reports it.
    #[serde(default, skip_serializing_if = "ByYear::is_empty")]
    pub comments: ByYear<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Kpi>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One cell of a yearly schedule; merged cells are one span.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Span {
    pub from: FiscalYear,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<FiscalYear>,
    pub text: String,
}

impl Span {
    pub fn last(&self) -> FiscalYear {
        self.to.unwrap_or(self.from)
    }
}

/// A yearly value: a number, or a text (milestone, or a cell that is not one number).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Figure {
    Number(f64),
    Text(String),
}

impl Figure {
    pub fn number(&self) -> Option<f64> {
        match self {
            Figure::Number(n) => Some(*n),
            Figure::Text(_) => None,
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Increase,
    Decrease,
    Maintain,
}

/// How yearly actuals combine into the value compared with the final target.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// The latest year's value (a per-year indicator or a stock).
    #[default]
    Latest,
    /// The running total of the plan's years.
    Cumulative,
    /// The baseline plus the running total (a stock grown by yearly counts).
    BaselinePlusCumulative,
    /// The mean of the years so far.
    Average,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// 実績 ÷ 目標 (increasing) or 目標 ÷ 実績 (decreasing).
    #[default]
    Ratio,
    /// (実績 − 基準) ÷ (目標 − 基準).
    Progress,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Exactly,
    AtLeast,
    AtMost,
    /// Better than the baseline; no value.
    Improve,
    /// A text milestone; no value.
    Milestone,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The date or year the value refers to, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fy: Option<FiscalYear>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FinalTarget {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    pub fy: FiscalYear,
    pub kind: TargetKind,
    /// The target as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SeriesKind {
    /// A part of the total (e.g. one department's row).
    #[default]
    Department,
    /// A printed 累計 / 合計 row.
    Total,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub label: String,
    #[serde(default)]
    pub kind: SeriesKind,
    #[serde(default, skip_serializing_if = "ByYear::is_empty")]
    pub actuals: ByYear<Figure>,
}

/// The achievement rate the city itself printed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Reported {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    pub text: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Decimals to print (e.g. 2 for 98.60%).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    #[serde(default)]
    pub direction: Direction,
    #[serde(default)]
    pub aggregation: Aggregation,
    #[serde(default, skip_serializing_if = "ByYear::is_empty")]
    pub targets: ByYear<Figure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<FinalTarget>,
    #[serde(default, skip_serializing_if = "ByYear::is_empty")]
    pub actuals: ByYear<Figure>,
    #[serde(default, skip_serializing_if = "ByYear::is_empty")]
    pub comments: ByYear<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<Series>,
    #[serde(default, skip_serializing_if = "ByYear::is_empty")]
    pub reported: ByYear<Reported>,
    /// Overrides the plan's method for this KPI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One entry of `seeds/index.json`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IndexEntry {
    pub id: String,
    pub municipality: String,
    pub title: String,
    pub period: Period,
    /// Path of the plan file, relative to index.json.
    pub file: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanIndex {
    pub schema_version: u32,
    pub plans: Vec<IndexEntry>,
}

impl Plan {
    /// The name of the level at `depth` (0 = top), or a generic name.
    pub fn level_name(&self, depth: usize) -> &str {
        self.levels.get(depth).map(String::as_str).unwrap_or("項目")
    }

    /// The name of the level whose nodes hold the KPIs (the report's first column): 取組 in
    /// a plan whose KPIs sit on its third level. "項目" where KPIs sit on several levels.
    pub fn kpi_level_name(&self) -> &str {
        let mut depths = self
            .walk()
            .into_iter()
            .filter(|(_, n)| !n.kpis.is_empty())
            .map(|(d, _)| d);
        match depths.next() {
            Some(d) if depths.all(|e| e == d) => self.level_name(d),
            _ => "項目",
        }
    }

    /// Every node with its depth, depth-first in document order.
    pub fn walk(&self) -> Vec<(usize, &Node)> {
        fn go<'a>(nodes: &'a [Node], depth: usize, out: &mut Vec<(usize, &'a Node)>) {
            for n in nodes {
                out.push((depth, n));
                go(&n.children, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        go(&self.nodes, 0, &mut out);
        out
    }

    /// Every KPI with the id of the node that holds it, in document order.
    pub fn kpis(&self) -> impl Iterator<Item = (&Node, &Kpi)> {
        self.walk()
            .into_iter()
            .flat_map(|(_, n)| n.kpis.iter().map(move |k| (n, k)))
    }

    pub fn find_node(&self, id: &str) -> Option<&Node> {
        self.walk().into_iter().map(|(_, n)| n).find(|n| n.id == id)
    }

    pub fn find_kpi(&self, id: &str) -> Option<(&Node, &Kpi)> {
        self.kpis().find(|(_, k)| k.id == id)
    }

    pub fn find_kpi_mut(&mut self, id: &str) -> Option<&mut Kpi> {
        fn go<'a>(nodes: &'a mut [Node], id: &str) -> Option<&'a mut Kpi> {
            for n in nodes {
                if let Some(k) = n.kpis.iter_mut().find(|k| k.id == id) {
                    return Some(k);
                }
                if let Some(k) = go(&mut n.children, id) {
                    return Some(k);
                }
            }
            None
        }
        go(&mut self.nodes, id)
    }

    pub fn find_node_mut(&mut self, id: &str) -> Option<&mut Node> {
        fn go<'a>(nodes: &'a mut [Node], id: &str) -> Option<&'a mut Node> {
            for n in nodes {
                if n.id == id {
                    return Some(n);
                }
                if let Some(found) = go(&mut n.children, id) {
                    return Some(found);
                }
            }
            None
        }
        go(&mut self.nodes, id)
    }

    /// The ancestors of node `id`, from the top down (not including the node itself).
    pub fn ancestors(&self, id: &str) -> Vec<&Node> {
        fn go<'a>(nodes: &'a [Node], id: &str, trail: &mut Vec<&'a Node>) -> bool {
            for n in nodes {
                if n.id == id {
                    return true;
                }
                trail.push(n);
                if go(&n.children, id, trail) {
                    return true;
                }
                trail.pop();
            }
            false
        }
        let mut trail = Vec::new();
        go(&self.nodes, id, &mut trail);
        trail
    }

    /// Where each KPI sits, in document order (the order of `kpis()` and of the scorecard).
    pub fn kpi_places(&self) -> Vec<KpiPlace> {
        fn go(nodes: &[Node], path: &mut Vec<usize>, out: &mut Vec<KpiPlace>) {
            for (i, node) in nodes.iter().enumerate() {
                path.push(i);
                out.extend((0..node.kpis.len()).map(|kpi| KpiPlace {
                    nodes: path.clone(),
                    kpi,
                }));
                go(&node.children, path, out);
                path.pop();
            }
        }
        let mut out = Vec::new();
        go(&self.nodes, &mut Vec::new(), &mut out);
        out
    }

    /// The KPI at `place` (O(depth)), if the plan has that shape.
    pub fn kpi_at(&self, place: &KpiPlace) -> Option<&Kpi> {
        let (first, rest) = place.nodes.split_first()?;
        let mut node = self.nodes.get(*first)?;
        for &i in rest {
            node = node.children.get(i)?;
        }
        node.kpis.get(place.kpi)
    }

    pub fn index_entry(&self, file: &str) -> IndexEntry {
        IndexEntry {
            id: self.id.clone(),
            municipality: self.municipality.clone(),
            title: self.title.clone(),
            period: self.period,
            file: file.to_string(),
        }
    }
}

/// Where a KPI sits in a plan's tree: the child index at each level from the top, then its
/// index among its node's KPIs. Found once for a plan (`Plan::kpi_places`), it reads the KPI
/// of any plan of the same shape (the working plan after edits) without a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiPlace {
    pub nodes: Vec<usize>,
    pub kpi: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each keyword reads and writes as the format spells it (snake_case).
    #[test]
    fn keywords_keep_their_json_spelling() {
        fn both_ways<T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
            pairs: &[(T, &str)],
        ) {
            for (value, text) in pairs {
                let json = format!("\"{text}\"");
                assert_eq!(serde_json::to_string(value).unwrap(), json);
                assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), value);
            }
        }
        use Aggregation::*;
        both_ways(&[
            (Direction::Increase, "increase"),
            (Direction::Decrease, "decrease"),
            (Direction::Maintain, "maintain"),
        ]);
        both_ways(&[
            (Latest, "latest"),
            (Cumulative, "cumulative"),
            (BaselinePlusCumulative, "baseline_plus_cumulative"),
            (Average, "average"),
        ]);
        both_ways(&[(Method::Ratio, "ratio"), (Method::Progress, "progress")]);
        both_ways(&[
            (TargetKind::Exactly, "exactly"),
            (TargetKind::AtLeast, "at_least"),
            (TargetKind::AtMost, "at_most"),
            (TargetKind::Improve, "improve"),
            (TargetKind::Milestone, "milestone"),
        ]);
        both_ways(&[
            (SeriesKind::Department, "department"),
            (SeriesKind::Total, "total"),
        ]);
    }
}
