//! Staff edits: an overlay of changed cells on top of the bundled plan, never a copy of it.
//!
//! The overlay is what is saved in the browser (keyed by plan id and revision), undone and
//! redone, listed as "what changed", and merged into the plan for export.

use crate::by_year::VecMap;
use crate::format::{number, wareki_fy};
use crate::plan::{ByYear, Figure, FiscalYear, Kpi, Node, Plan};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Version of the saved overlay format. A draft saved against an older revision of the
/// bundled plan is carried over by `Draft::rebase`.
pub const DRAFT_FORMAT: u32 = 1;

/// One editable cell.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cell {
    /// 実績値 of a KPI for a fiscal year.
    Actual { kpi: String, fy: FiscalYear },
    /// 取組内容等 (comment) of a KPI for a fiscal year.
    Comment { kpi: String, fy: FiscalYear },
    /// 進捗状況 of a node for a fiscal year.
    Progress { node: String, fy: FiscalYear },
    /// 取組内容 of a node (an item) for a fiscal year.
    NodeComment { node: String, fy: FiscalYear },
}

impl Cell {
    /// What the cell holds, for people.
    pub fn what(&self) -> &'static str {
        match self {
            Cell::Actual { .. } => "実績値",
            Cell::Comment { .. } => "取組内容等",
            Cell::Progress { .. } => "進捗状況",
            Cell::NodeComment { .. } => "取組内容",
        }
    }

    pub fn fy(&self) -> FiscalYear {
        match self {
            Cell::Actual { fy, .. }
            | Cell::Comment { fy, .. }
            | Cell::Progress { fy, .. }
            | Cell::NodeComment { fy, .. } => *fy,
        }
    }
}

/// The new content of a cell: a number or text, or `None` to clear the cell.
pub type CellValue = Option<Figure>;

/// The saved overlay for one plan revision.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Draft {
    pub format: u32,
    pub plan: String,
    pub revision: u32,
    /// Cell → new value, in a stable order.
    #[serde(with = "changes_as_list")]
    pub changes: VecMap<Cell, CellValue>,
}

mod changes_as_list {
    //! JSON objects need string keys; the overlay is written as a list of
    //! `{ "cell": "actual", "kpi": "k07", "fy": 2024, "value": 270000 }`.
    use super::{Cell, CellValue, FiscalYear, VecMap};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// One saved change as a flat record, turned into a `Cell` by `into_pair`, which refuses
    /// a record naming the wrong kind of id for its kind of cell.
    #[derive(Serialize, Deserialize)]
    struct Entry {
        cell: Kind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kpi: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        node: Option<String>,
        fy: FiscalYear,
        value: CellValue,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Actual,
        Comment,
        Progress,
        NodeComment,
    }

    impl Entry {
        fn new(cell: &Cell, value: &CellValue) -> Entry {
            let (cell, kpi, node, fy) = match cell {
                Cell::Actual { kpi, fy } => (Kind::Actual, Some(kpi), None, fy),
                Cell::Comment { kpi, fy } => (Kind::Comment, Some(kpi), None, fy),
                Cell::Progress { node, fy } => (Kind::Progress, None, Some(node), fy),
                Cell::NodeComment { node, fy } => (Kind::NodeComment, None, Some(node), fy),
            };
            Entry {
                cell,
                kpi: kpi.cloned(),
                node: node.cloned(),
                fy: *fy,
                value: value.clone(),
            }
        }

        fn into_pair(self) -> Result<(Cell, CellValue), &'static str> {
            let fy = self.fy;
            let cell = match (self.cell, self.kpi, self.node) {
                (Kind::Actual, Some(kpi), None) => Cell::Actual { kpi, fy },
                (Kind::Comment, Some(kpi), None) => Cell::Comment { kpi, fy },
                (Kind::Progress, None, Some(node)) => Cell::Progress { node, fy },
                (Kind::NodeComment, None, Some(node)) => Cell::NodeComment { node, fy },
                (Kind::Progress, _, _) => return Err("a progress change names a node only"),
                _ => return Err("an actual or comment change names a kpi only"),
            };
            Ok((cell, self.value))
        }
    }

    pub fn serialize<S: Serializer>(
        map: &VecMap<Cell, CellValue>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let list: Vec<Entry> = map.iter().map(|(c, v)| Entry::new(c, v)).collect();
        list.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<VecMap<Cell, CellValue>, D::Error> {
        let list = Vec::<Entry>::deserialize(d)?;
        list.into_iter()
            .map(|e| e.into_pair().map_err(serde::de::Error::custom))
            .collect()
    }
}

/// Why a saved draft could not be used as it is.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftError {
    /// Not readable at all: kept aside, the user told.
    Corrupt(String),
    /// Saved for another plan or revision of the plan.
    OtherPlan { plan: String, revision: u32 },
}

impl Draft {
    pub fn new(plan: &Plan) -> Self {
        Draft {
            format: DRAFT_FORMAT,
            plan: plan.id.clone(),
            revision: plan.revision,
            changes: VecMap::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a draft always serialises")
    }

    /// Read a saved draft. Anything unreadable is `Corrupt` (the caller keeps it aside).
    pub fn from_json(text: &str) -> Result<Draft, DraftError> {
        let corrupt = |e: serde_json::Error| {
            DraftError::Corrupt(format!(
                "下書きが壊れています: {}",
                crate::validate::japanese_serde_message(&e.to_string())
            ))
        };
        /// The field read first, to refuse a draft of another format before reading it.
        #[derive(Deserialize)]
        struct Probe {
            format: Option<serde_json::Number>,
        }
        let probe: Probe = serde_json::from_str(text).map_err(corrupt)?;
        match probe.format {
            Some(f) if f.as_u64() == Some(DRAFT_FORMAT.into()) => {
                serde_json::from_str(text).map_err(corrupt)
            }
            Some(f) => Err(DraftError::Corrupt(format!(
                "下書きの形式 {f} には対応していません（新しい版のアプリで保存された可能性があります）"
            ))),
            None => Err(DraftError::Corrupt("下書きの形式がわかりません".into())),
        }
    }

    /// Carry a draft saved against an older revision of the same plan over to `plan`:
    /// cells that still exist are kept; the others are returned so the user can be told.
    pub fn rebase(&self, plan: &Plan) -> (Draft, Vec<Cell>) {
        let mut probe = plan.clone();
        let mut kept = Draft::new(plan);
        let mut dropped = Vec::new();
        for (cell, value) in &self.changes {
            if write_cell(&mut probe, cell, value) {
                kept.changes.insert(cell.clone(), value.clone());
            } else {
                dropped.push(cell.clone());
            }
        }
        (kept, dropped)
    }

    /// Record `value` for `cell`, or forget the cell when `value` is the `published` one:
    /// the draft holds real differences only (a cell typed back to its published value,
    /// or imported unchanged, is no change to list, count or export).
    pub fn put(&mut self, cell: Cell, value: CellValue, published: &CellValue) {
        if &value == published {
            self.changes.remove(&cell);
        } else {
            self.changes.insert(cell, value);
        }
    }

    /// `put` for many cells (an import; this tab's unsaved edits laid over another tab's
    /// draft), reading the published values from `base`.
    pub fn put_all(&mut self, base: &Plan, cells: impl IntoIterator<Item = (Cell, CellValue)>) {
        let published = Lookup::new(base);
        for (cell, value) in cells {
            let before = published.read(&cell);
            self.put(cell, value, &before);
        }
    }

    /// Check the draft belongs to this plan revision.
    pub fn check_for(&self, plan: &Plan) -> Result<(), DraftError> {
        if self.plan != plan.id || self.revision != plan.revision {
            return Err(DraftError::OtherPlan {
                plan: self.plan.clone(),
                revision: self.revision,
            });
        }
        Ok(())
    }
}

/// The current content of a cell in a plan.
pub fn read_cell(plan: &Plan, cell: &Cell) -> CellValue {
    read_cell_by(
        cell,
        |id| plan.find_kpi(id).map(|(_, k)| k),
        |id| plan.find_node(id),
    )
}

/// Id indexes of a plan, for reading many cells: `read_cell` walks the plan per cell.
pub struct Lookup<'a> {
    kpis: FxHashMap<&'a str, &'a Kpi>,
    nodes: FxHashMap<&'a str, &'a Node>,
}

impl<'a> Lookup<'a> {
    pub fn new(plan: &'a Plan) -> Self {
        Lookup {
            kpis: plan.kpis().map(|(_, k)| (k.id.as_str(), k)).collect(),
            nodes: plan
                .walk()
                .into_iter()
                .map(|(_, n)| (n.id.as_str(), n))
                .collect(),
        }
    }

    pub fn read(&self, cell: &Cell) -> CellValue {
        read_cell_by(cell, |id| self.kpi(id), |id| self.node(id))
    }

    pub fn kpi(&self, id: &str) -> Option<&'a Kpi> {
        self.kpis.get(id).copied()
    }

    pub fn node(&self, id: &str) -> Option<&'a Node> {
        self.nodes.get(id).copied()
    }

    /// Whether the KPI or node of the cell is in the plan.
    pub fn has(&self, cell: &Cell) -> bool {
        match cell {
            Cell::Actual { kpi, .. } | Cell::Comment { kpi, .. } => {
                self.kpis.contains_key(kpi.as_str())
            }
            Cell::Progress { node, .. } | Cell::NodeComment { node, .. } => {
                self.nodes.contains_key(node.as_str())
            }
        }
    }
}

/// `read_cell` with the lookups given: callers reading many cells pass an id index.
pub(crate) fn read_cell_by<'a>(
    cell: &Cell,
    kpi: impl Fn(&str) -> Option<&'a Kpi>,
    node: impl Fn(&str) -> Option<&'a Node>,
) -> CellValue {
    match cell {
        Cell::Actual { kpi: id, fy } => kpi(id).and_then(|k| k.actuals.get(fy).cloned()),
        Cell::Comment { kpi: id, fy } => {
            kpi(id).and_then(|k| k.comments.get(fy).cloned().map(Figure::Text))
        }
        Cell::Progress { node: id, fy } => {
            node(id).and_then(|n| n.progress.get(fy).cloned().map(Figure::Text))
        }
        Cell::NodeComment { node: id, fy } => {
            node(id).and_then(|n| n.comments.get(fy).cloned().map(Figure::Text))
        }
    }
}

/// Write one cell into a plan. Returns false when the cell does not exist in this plan
/// (an unknown id or a year outside the period): nothing is changed then.
pub fn write_cell(plan: &mut Plan, cell: &Cell, value: &CellValue) -> bool {
    let period = plan.period;
    let text = |v: &CellValue| match v {
        Some(Figure::Text(t)) => Some(t.clone()),
        Some(Figure::Number(n)) => Some(number(*n, None)),
        None => None,
    };
    fn set<T>(map: &mut ByYear<T>, fy: FiscalYear, v: Option<T>) {
        match v {
            Some(v) => {
                map.insert(fy, v);
            }
            None => {
                map.remove(&fy);
            }
        }
    }
    match cell {
        Cell::Actual { kpi, fy } | Cell::Comment { kpi, fy } if period.contains(*fy) => {
            let Some(k) = plan.find_kpi_mut(kpi) else {
                return false;
            };
            match cell {
                Cell::Actual { .. } => set(&mut k.actuals, *fy, value.clone()),
                _ => set(&mut k.comments, *fy, text(value).filter(|t| !t.is_empty())),
            }
            true
        }
        Cell::Progress { node, fy } | Cell::NodeComment { node, fy } if period.contains(*fy) => {
            let Some(n) = plan.find_node_mut(node) else {
                return false;
            };
            let map = match cell {
                Cell::Progress { .. } => &mut n.progress,
                _ => &mut n.comments,
            };
            set(map, *fy, text(value).filter(|t| !t.is_empty()));
            true
        }
        _ => false,
    }
}

/// The bundled plan with the draft merged: what is exported and what the app shows.
/// Cells that no longer exist in the plan are skipped and returned, so nothing is lost
/// silently.
pub fn merge(base: &Plan, draft: &Draft) -> (Plan, Vec<Cell>) {
    let mut plan = base.clone();
    let mut skipped = Vec::new();
    for (cell, value) in &draft.changes {
        if !write_cell(&mut plan, cell, value) {
            skipped.push(cell.clone());
        }
    }
    (plan, skipped)
}

/// One line of "what changed against the bundled plan".
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub cell: Cell,
    /// The KPI or node name, for people.
    pub label: String,
    pub before: CellValue,
    pub after: CellValue,
}

impl Change {
    /// "<KPI or item> 令和5年度の実績値: 1,200 → 1,350".
    pub fn describe(&self) -> String {
        format!(
            "{}: {} → {}",
            self.subject(),
            value_text(&self.before),
            value_text(&self.after)
        )
    }

    /// "<KPI or item> 令和5年度の実績値": the cell, for people.
    pub fn subject(&self) -> String {
        let (what, fy) = (self.cell.what(), self.cell.fy());
        format!("{} {}の{what}", self.label, wareki_fy(fy))
    }
}

/// A cell's value as a change shows it: 3桁区切り, a text in 「」, or （空欄）.
pub fn value_text(value: &CellValue) -> String {
    match value {
        None => "（空欄）".to_string(),
        Some(Figure::Number(n)) => number(*n, None),
        Some(Figure::Text(t)) => format!("「{t}」"),
    }
}

/// The KPI's number and name, or the node's title, whose cell `cell` is (for people).
pub fn label(plan: &Plan, cell: &Cell) -> String {
    match cell {
        Cell::Actual { kpi, .. } | Cell::Comment { kpi, .. } => plan
            .find_kpi(kpi)
            .map(|(_, k)| format!("{}{}", k.number.as_deref().unwrap_or(""), k.name)),
        Cell::Progress { node, .. } | Cell::NodeComment { node, .. } => {
            plan.find_node(node).map(|n| n.title.clone())
        }
    }
    .unwrap_or_else(|| "（計画にない項目）".into())
}

/// The draft's real differences from the bundled plan (a cell set back to its bundled value
/// is not a change).
pub fn changes(base: &Plan, draft: &Draft) -> Vec<Change> {
    draft
        .changes
        .iter()
        .filter_map(|(cell, after)| {
            let before = read_cell(base, cell);
            if &before == after {
                return None;
            }
            Some(Change {
                cell: cell.clone(),
                label: label(base, cell),
                before,
                after: after.clone(),
            })
        })
        .collect()
}

/// The edit history of a session: each step is (cell, value before, value after).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    undo: Vec<(Cell, CellValue, CellValue)>,
    redo: Vec<(Cell, CellValue, CellValue)>,
}

impl History {
    pub fn record(&mut self, cell: Cell, before: CellValue, after: CellValue) {
        self.undo.push((cell, before, after));
        self.redo.clear();
    }

    /// The cell and the value to put back, if there is anything to undo.
    pub fn undo(&mut self) -> Option<(Cell, CellValue)> {
        let step = self.undo.pop()?;
        let back = (step.0.clone(), step.1.clone());
        self.redo.push(step);
        Some(back)
    }

    pub fn redo(&mut self) -> Option<(Cell, CellValue)> {
        let step = self.redo.pop()?;
        let again = (step.0.clone(), step.2.clone());
        self.undo.push(step);
        Some(again)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::synthetic_plan;

    fn actual(kpi: &str, fy: FiscalYear) -> Cell {
        Cell::Actual {
            kpi: kpi.into(),
            fy,
        }
    }

    #[test]
    fn a_cell_put_back_to_its_published_value_is_no_change() {
        let base = synthetic_plan(10);
        let cell = actual("k3", 2023);
        let published = read_cell(&base, &cell);
        assert!(published.is_some(), "the synthetic plan has this actual");
        let mut draft = Draft::new(&base);
        draft.put_all(&base, [(cell.clone(), Some(Figure::Number(-1.0)))]);
        assert_eq!(draft.changes.get(&cell), Some(&Some(Figure::Number(-1.0))));
        // An import carrying the published value again (or a value typed back) removes it.
        draft.put_all(&base, [(cell.clone(), published)]);
        assert!(draft.changes.is_empty(), "{:?}", draft.changes);
        // Clearing a published cell is a change.
        draft.put_all(&base, [(cell.clone(), None)]);
        assert_eq!(draft.changes.get(&cell), Some(&None));
    }

    #[test]
    fn draft_round_trips_and_merges() {
        let base = synthetic_plan(10);
        let mut draft = Draft::new(&base);
        draft
            .changes
            .insert(actual("k3", 2024), Some(Figure::Number(1234.5)));
        draft.changes.insert(
            Cell::Comment {
                kpi: "k3".into(),
                fy: 2024,
            },
            Some(Figure::Text("研修を実施した。".into())),
        );
        draft.changes.insert(actual("k4", 2021), None);
        let json = draft.to_json();
        assert!(
            json.contains(r#"{"cell":"actual","kpi":"k3","fy":2024,"value":1234.5}"#),
            "{json}"
        );
        let back = Draft::from_json(&json).unwrap();
        assert_eq!(back, draft);
        // A change that names the wrong kind of target is refused, not guessed at.
        let wrong = json.replace(
            r#""cell":"actual","kpi":"k3""#,
            r#""cell":"progress","kpi":"k3""#,
        );
        assert!(matches!(
            Draft::from_json(&wrong),
            Err(DraftError::Corrupt(_))
        ));

        let (plan, skipped) = merge(&base, &draft);
        assert!(skipped.is_empty());
        let (_, k3) = plan.find_kpi("k3").unwrap();
        assert_eq!(k3.actuals[&2024], Figure::Number(1234.5));
        assert_eq!(k3.comments[&2024], "研修を実施した。");
        assert!(!plan.find_kpi("k4").unwrap().1.actuals.contains_key(&2021));
        let list = changes(&base, &draft);
        assert_eq!(list.len(), 3);
        assert!(
            list[0]
                .describe()
                .contains("令和6年度の実績値: （空欄） → 1,234.5"),
            "{}",
            list[0].describe()
        );
    }

    #[test]
    fn cells_outside_the_plan_are_reported_not_lost() {
        let base = synthetic_plan(5);
        let mut draft = Draft::new(&base);
        draft
            .changes
            .insert(actual("nope", 2024), Some(Figure::Number(1.0)));
        draft
            .changes
            .insert(actual("k1", 2031), Some(Figure::Number(1.0)));
        let (plan, skipped) = merge(&base, &draft);
        assert_eq!(plan, base);
        assert_eq!(skipped.len(), 2);
    }

    #[test]
    fn drafts_of_an_older_revision_are_carried_over_and_junk_is_corrupt() {
        let old = synthetic_plan(5);
        let mut draft = Draft::new(&old);
        draft
            .changes
            .insert(actual("k1", 2024), Some(Figure::Number(7.0)));
        draft
            .changes
            .insert(actual("k5", 2024), Some(Figure::Number(8.0)));
        // The city republishes the plan with one KPI fewer.
        let mut new = synthetic_plan(4);
        new.id = old.id.clone();
        new.revision = 2;
        assert!(matches!(
            draft.check_for(&new),
            Err(DraftError::OtherPlan { revision: 1, .. })
        ));
        let (rebased, dropped) = draft.rebase(&new);
        assert_eq!(rebased.revision, 2);
        assert_eq!(rebased.changes.len(), 1);
        assert_eq!(dropped, vec![actual("k5", 2024)]);

        let broken = Draft::from_json("{not json");
        assert!(
            matches!(&broken, Err(DraftError::Corrupt(m)) if m.starts_with("下書きが壊れています: 書式の誤り")),
            "{broken:?}"
        );
        let wrong_type = Draft::from_json(r#"{"format":1,"plan":3}"#);
        assert!(
            matches!(&wrong_type, Err(DraftError::Corrupt(m)) if m == "下書きが壊れています: 文字列が必要です（数値 3が入っています）"),
            "{wrong_type:?}"
        );
        let bad_kind = Draft::from_json(
            r#"{"format":1,"plan":"p","revision":1,"changes":[{"cell":"target","kpi":"k1","fy":2024,"value":1}]}"#,
        );
        assert!(
            matches!(&bad_kind, Err(DraftError::Corrupt(m)) if m == "下書きが壊れています: 「target」は使えない値です（使える値: actual, comment, progress, node_comment）"),
            "{bad_kind:?}"
        );
        let newer = Draft::from_json(r#"{"format":99}"#);
        assert!(
            matches!(&newer, Err(DraftError::Corrupt(m)) if m.contains("下書きの形式 99 には対応していません")),
            "{newer:?}"
        );
        let unknown = Draft::from_json(r#"{"plan":"yuzawa"}"#);
        assert!(
            matches!(&unknown, Err(DraftError::Corrupt(m)) if m == "下書きの形式がわかりません"),
            "{unknown:?}"
        );
    }

    #[test]
    fn undo_redo() {
        let mut h = History::default();
        h.record(actual("k1", 2021), None, Some(Figure::Number(1.0)));
        h.record(
            actual("k1", 2021),
            Some(Figure::Number(1.0)),
            Some(Figure::Number(2.0)),
        );
        assert_eq!(
            h.undo(),
            Some((actual("k1", 2021), Some(Figure::Number(1.0))))
        );
        assert_eq!(h.undo(), Some((actual("k1", 2021), None)));
        assert_eq!(h.undo(), None);
        assert_eq!(
            h.redo(),
            Some((actual("k1", 2021), Some(Figure::Number(1.0))))
        );
        h.record(actual("k2", 2021), None, None);
        assert!(!h.can_redo());
    }
}
