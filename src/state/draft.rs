//! Staff drafting (staff app only): the draft laid over the open plan, edit mode, undo and
//! redo, saving to this browser, and other tabs of the same plan.
//!
//! One edit writes one cell into the working plan (the scorecard follows, a memo), records
//! the step for undo, and schedules one debounced save of the overlay: proportional to the
//! edits, never the plan. The draft is saved under `storage::Key::Draft`, with the plan's
//! `revision`; a draft saved against an older revision is carried over, anything unreadable
//! is kept aside, and a draft of a newer revision is never saved over.

use super::plan::{Notice, OpenPlan, Shared};
use super::storage::{self, Key};
use leptos::prelude::*;
use plan_core::by_year::VecMap;
use plan_core::edits::{
    changes, read_cell, write_cell, Cell, CellValue, Change, Draft, DraftError,
};
use plan_core::edits::{merge, History};
use plan_core::format::parse_number;
use plan_core::plan::{Figure, FiscalYear, Kpi, Plan, TargetKind};
use std::sync::Arc;
use std::time::Duration;

/// Saves wait this long after the last edit (and happen at once when the page is hidden or
/// the plan closed).
const SAVE_DELAY: Duration = Duration::from_millis(300);

#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Everything is in localStorage.
    Saved,
    /// A save is scheduled.
    Pending,
    /// localStorage refused, or this page must not save: edits live in this page only
    /// until exported. Says why.
    Failed(String),
}

/// An actual the app refused, shown under its input until the page, the year or the mode
/// changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Refused {
    pub kpi: String,
    pub fy: FiscalYear,
    pub message: String,
}

#[derive(Clone, Copy)]
pub struct Drafting {
    open: OpenPlan,
    pub draft: RwSignal<Draft>,
    history: StoredValue<History>,
    /// Bumped on every history change, so the undo and redo buttons follow.
    history_version: RwSignal<u32>,
    pub editing: RwSignal<bool>,
    pub save_state: RwSignal<SaveState>,
    /// Actuals typed in a form the app could not read, shown under their inputs.
    pub refused: RwSignal<Vec<Refused>>,
    /// The overlay as it was last exported: what differs from it is "not yet exported".
    exported: RwSignal<VecMap<Cell, CellValue>>,
    pending_save: StoredValue<Option<TimeoutHandle>>,
    /// Cells written since the last save: laid over another tab's draft when its save
    /// arrives inside the save delay, so neither tab's edit is lost.
    unsaved: StoredValue<VecMap<Cell, CellValue>>,
    /// Why this page must not save (a newer revision's draft, or one that could not be kept
    /// aside, is in storage); `None` when saving is allowed.
    blocked: StoredValue<Option<String>>,
}

/// What was found in storage for the plan, for the user to be told.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded {
    Nothing,
    Draft(Draft),
    /// A draft of an older revision of the plan, carried over to this one.
    Rebased(Draft, Carried),
    /// Unreadable data was moved aside under `aside_key`.
    SetAside {
        aside_key: String,
        reason: String,
    },
    /// The saved draft must not be overwritten from this page: the text says why.
    Blocked(String),
    /// localStorage cannot be used at all (disabled, private mode …).
    Unavailable(String),
}

/// How a draft of an older revision was moved to the plan's revision.
#[derive(Clone, Debug, PartialEq)]
pub struct Carried {
    /// The revision it was made for.
    pub from: u32,
    /// Cells that no longer exist in this revision.
    pub dropped: usize,
    /// Where the draft as it was is kept, when cells were dropped.
    pub aside_key: Option<String>,
}

impl Carried {
    /// What happened to the dropped cells, for the user ("" when none were).
    pub fn dropped_text(&self) -> String {
        match &self.aside_key {
            Some(key) if self.dropped > 0 => format!(
                "新しい版にない {} 件の入力は移せなかったため、移す前の下書きを別の場所（{key}）に残しました。",
                self.dropped
            ),
            _ => String::new(),
        }
    }
}

/// Why a page must not save: the draft in this browser belongs to a newer revision.
fn newer_revision_message(revision: u32) -> String {
    format!("この端末の下書きは新しい版（版 {revision}）の計画のものです。上書きしないよう、この画面では保存しません。ページを再読み込みしてください。")
}

/// What the user can still do when saving fails.
const KEEP_EDITING: &str = "。編集はこの画面で続けられます。JSONで書き出して保管してください。";

/// Load the saved draft of `plan`.
pub fn load(plan: &Plan) -> Loaded {
    if let Err(reason) = storage::available() {
        return Loaded::Unavailable(reason);
    }
    let key = Key::Draft(&plan.id);
    let Some(text) = storage::read(key) else {
        return Loaded::Nothing;
    };
    // Unreadable data goes aside (copied first, removed only once the copy is safe).
    let set_aside = |reason: String| {
        match storage::keep_aside(key, &text) {
        Some(aside_key) => {
            storage::remove(key);
            Loaded::SetAside { aside_key, reason }
        }
        None => Loaded::Blocked(format!(
            "保存されていた下書きを読めず（理由: {reason}）、保存容量が足りないため退避もできませんでした。上書きしないよう、この画面では保存しません。"
        )),
    }
    };
    let draft = match Draft::from_json(&text) {
        Ok(d) => d,
        Err(DraftError::Corrupt(reason)) => return set_aside(reason),
        Err(DraftError::OtherPlan { .. }) => return Loaded::Nothing,
    };
    if draft.plan != plan.id {
        return set_aside(format!("別の計画（{}）の下書きです", draft.plan));
    }
    if draft.revision > plan.revision {
        return Loaded::Blocked(newer_revision_message(draft.revision));
    }
    if draft.revision == plan.revision {
        return Loaded::Draft(draft);
    }
    match carry_over(draft, &text, plan) {
        Ok((draft, carried)) => Loaded::Rebased(draft, carried),
        Err(why) => Loaded::Blocked(why),
    }
}

/// Move a draft of an older revision (`text` as saved) to `plan`'s revision. The cells that
/// cannot move would be gone with the next save, so the draft as it was is kept aside first;
/// if it cannot be (storage full), Err says why and nothing may be saved over it.
fn carry_over(draft: Draft, text: &str, plan: &Plan) -> Result<(Draft, Carried), String> {
    let from = draft.revision;
    let (draft, dropped) = draft.rebase(plan);
    let aside_key = if dropped.is_empty() {
        None
    } else {
        Some(storage::keep_aside(Key::Draft(&plan.id), text).ok_or_else(|| format!(
            "計画データが更新されました（版 {from} → {}）が、保存されていた下書きのうち {} 件は新しい版に移せず、保存容量が足りないため退避もできませんでした。失わないよう、この画面では保存しません。JSONで書き出すか、不要なデータを消してから再読み込みしてください。",
            plan.revision,
            dropped.len()
        ))?)
    };
    Ok((
        draft,
        Carried {
            from,
            dropped: dropped.len(),
            aside_key,
        },
    ))
}

/// Save `draft` (an empty one removes the key). The error says why, and what to do.
pub fn save(draft: &Draft) -> Result<(), String> {
    let key = Key::Draft(&draft.plan);
    let saved = if draft.is_empty() {
        storage::available().map(|()| storage::remove(key))
    } else {
        storage::write(key, draft)
    };
    saved.map_err(|e| format!("{e}{KEEP_EDITING}"))
}

/// This device's saved draft of a plan, as the staff home lists it on the plan's card.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SavedDraft {
    /// A draft with this many changed cells.
    Changes(usize),
    /// Something is saved that cannot be read: opening the plan sets it aside and says why.
    Unreadable,
}

/// Look at the saved draft of a plan without touching it (`None`: nothing saved, or no
/// storage). Unreadable data is set aside only when the plan is opened, which says so.
pub fn saved_draft(plan_id: &str) -> Option<SavedDraft> {
    let text = storage::read(Key::Draft(plan_id))?;
    Some(match Draft::from_json(&text) {
        Ok(draft) if draft.plan == plan_id => SavedDraft::Changes(draft.changes.len()),
        Err(DraftError::OtherPlan { .. }) => return None,
        _ => SavedDraft::Unreadable,
    })
}

impl Drafting {
    /// Lay this browser's draft of the open plan over it, and provide the drafting state.
    pub fn provide(open: OpenPlan) -> Drafting {
        let base = open.base();
        let mut notice = None;
        let mut save_state = SaveState::Saved;
        let mut blocked = None;
        let draft = match load(&base) {
            Loaded::Nothing => Draft::new(&base),
            Loaded::Draft(d) => d,
            Loaded::Rebased(draft, carried) => {
                notice = Some(Notice {
                    text: format!(
                        "計画データが更新されたため（版 {} → {}）、保存されていた下書きを新しい版に移しました。{}",
                        carried.from,
                        base.revision,
                        carried.dropped_text()
                    ),
                    serious: carried.dropped > 0,
                });
                draft
            }
            Loaded::Blocked(why) => {
                notice = Some(Notice {
                    text: why.clone(),
                    serious: true,
                });
                save_state = SaveState::Failed(why.clone());
                blocked = Some(why);
                Draft::new(&base)
            }
            Loaded::SetAside { aside_key, reason } => {
                notice = Some(Notice {
                    text: format!(
                        "保存されていた下書きを読めなかったため、削除せずに別の場所（{aside_key}）へ退避しました（理由: {reason}）。計画は公表値から表示しています。"
                    ),
                    serious: true,
                });
                Draft::new(&base)
            }
            Loaded::Unavailable(reason) => {
                save_state = SaveState::Failed(format!(
                    "{reason}。編集はこの画面で続けられますが、ページを閉じると消えます。JSONで書き出して保管してください。"
                ));
                Draft::new(&base)
            }
        };
        if !draft.changes.is_empty() {
            let (working, skipped) = merge(&base, &draft);
            open.plan.set(Shared(Arc::new(working)));
            if !skipped.is_empty() && notice.is_none() {
                notice = Some(Notice {
                    text: format!("下書きのうち {} 件は計画に該当する項目がないため表示していません（下書きには残っています）。", skipped.len()),
                    serious: false,
                });
            }
        }
        if notice.is_some() {
            open.notice.set(notice);
        }
        let exported = storage::read(Key::Exported(&base.id))
            .and_then(|t| Draft::from_json(&t).ok())
            .map(|d| d.changes)
            .unwrap_or_default();
        let this = Drafting {
            open,
            draft: RwSignal::new(draft),
            history: StoredValue::new(History::default()),
            history_version: RwSignal::new(0),
            editing: RwSignal::new(false),
            save_state: RwSignal::new(save_state),
            refused: RwSignal::new(Vec::new()),
            exported: RwSignal::new(exported),
            pending_save: StoredValue::new(None),
            unsaved: StoredValue::new(VecMap::new()),
            blocked: StoredValue::new(blocked),
        };
        // Leaving the plan (another link, or the page being hidden or closed) saves a
        // pending edit at once: nothing is lost to the save delay.
        let hidden = window_event_listener(leptos::ev::pagehide, move |_| this.flush());
        on_cleanup(move || {
            this.flush();
            hidden.remove();
        });
        storage::on_other_tab_change(Key::Draft(&base.id), move |text| {
            this.follow_other_tab(text)
        });
        provide_context(this);
        this
    }

    fn base(&self) -> Arc<Plan> {
        self.open.base()
    }

    /// Save now if a save is pending (safe to call while the state is being disposed).
    fn flush(&self) {
        let pending = self.pending_save.try_update_value(|p| p.take()).flatten();
        if let Some(handle) = pending {
            handle.clear();
            if let Some(draft) = self.draft.try_get_untracked() {
                let _ = self.save_state.try_set(self.store(&draft));
            }
        }
    }

    /// Write the draft to storage (unless this page must not), and say how it went.
    fn store(&self, draft: &Draft) -> SaveState {
        if let Some(why) = self.blocked.try_get_value().flatten() {
            return SaveState::Failed(why);
        }
        match save(draft) {
            Ok(()) => {
                self.unsaved.try_update_value(|u| u.clear());
                SaveState::Saved
            }
            Err(e) => SaveState::Failed(e),
        }
    }

    /// Turn edit mode on or off. Turning it on makes the working plan this page's own copy,
    /// if it still shares the published one (no draft yet), so that the first edit of a large
    /// plan does not also pay for copying it inside the edit's frame. The copy is equal, so
    /// nothing is notified of it.
    pub fn toggle_editing(&self) {
        self.editing.update(|e| *e = !*e);
        self.refused.set(Vec::new());
        if self.editing.get_untracked() {
            self.open.plan.update_untracked(|p| {
                Arc::make_mut(&mut p.0);
            });
        }
    }

    /// Write one cell. Returns false if the cell is not in the plan.
    pub fn set_cell(&self, cell: Cell, value: CellValue) -> bool {
        let before = self.open.plan.with_untracked(|p| read_cell(p, &cell));
        if before == value {
            return true;
        }
        if !self.write(&cell, &value) {
            return false;
        }
        self.history.update_value(|h| h.record(cell, before, value));
        self.history_version.update(|v| *v += 1);
        true
    }

    /// Apply a cell to the working plan and the draft, and schedule a save.
    fn write(&self, cell: &Cell, value: &CellValue) -> bool {
        let mut ok = false;
        self.open
            .plan
            .update(|p| ok = write_cell(Arc::make_mut(&mut p.0), cell, value));
        if !ok {
            return false;
        }
        let published = read_cell(&self.base(), cell);
        self.draft
            .update(|d| d.put(cell.clone(), value.clone(), &published));
        self.unsaved.update_value(|u| {
            u.insert(cell.clone(), value.clone());
        });
        self.schedule_save();
        true
    }

    /// Read an actual typed as `text` for `kpi` in `fy` and write it, or show why it is
    /// refused under its input. Returns the value as the app now holds it, written as its
    /// input shows it ("２７０，０００" → "270,000").
    pub fn enter_actual(&self, kpi: &str, fy: FiscalYear, text: &str) -> Option<String> {
        let read = self.open.with_kpi(kpi, |k| read_actual(text, k, fy))?;
        self.refused.update(|list| {
            list.retain(|r| !(r.kpi == kpi && r.fy == fy));
            if let Err(message) = &read {
                list.push(Refused {
                    kpi: kpi.to_string(),
                    fy,
                    message: message.clone(),
                });
            }
        });
        let value = read.ok()?;
        let cell = Cell::Actual {
            kpi: kpi.to_string(),
            fy,
        };
        self.set_cell(cell, value);
        self.open
            .plan
            .with_untracked(|p| p.find_kpi(kpi).map(|(_, k)| actual_text(k, fy)))
    }

    /// The message for the actual of `kpi` in `fy`, if what was typed was refused (tracked).
    pub fn refusal(&self, kpi: &str, fy: FiscalYear) -> Option<String> {
        self.refused.with(|list| {
            list.iter()
                .find(|r| r.kpi == kpi && r.fy == fy)
                .map(|r| r.message.clone())
        })
    }

    /// Forget the refused entries (the page, the year or the mode changed: the inputs then
    /// show the plan's values again).
    pub fn clear_refusals(&self) {
        if self.refused.with_untracked(|r| !r.is_empty()) {
            self.refused.set(Vec::new());
        }
    }

    pub fn undo(&self) {
        if let Some((cell, value)) = self.history.try_update_value(|h| h.undo()).flatten() {
            self.write(&cell, &value);
            self.history_version.update(|v| *v += 1);
        }
    }

    pub fn redo(&self) {
        if let Some((cell, value)) = self.history.try_update_value(|h| h.redo()).flatten() {
            self.write(&cell, &value);
            self.history_version.update(|v| *v += 1);
        }
    }

    pub fn can_undo(&self) -> bool {
        self.history_version.track();
        self.history.with_value(|h| h.can_undo())
    }

    pub fn can_redo(&self) -> bool {
        self.history_version.track();
        self.history.with_value(|h| h.can_redo())
    }

    /// Differences from the published plan, for the "what changed" list (tracked).
    pub fn changes(&self) -> Vec<Change> {
        let base = self.base();
        self.draft.with(|draft| changes(&base, draft))
    }

    /// Edits not yet exported as JSON (tracked).
    pub fn unexported(&self) -> usize {
        self.draft.with(|draft| {
            self.exported.with(|e| {
                let changed = draft
                    .changes
                    .iter()
                    .filter(|(c, v)| e.get(*c) != Some(*v))
                    .count();
                let removed = e.keys().filter(|c| !draft.changes.contains_key(*c)).count();
                changed + removed
            })
        })
    }

    /// Remember that the current draft has been exported.
    pub fn mark_exported(&self) {
        let draft = self.draft.get_untracked();
        // (Not being able to keep this only means the reminder to export stays.)
        let _ = storage::write(Key::Exported(&draft.plan), &draft);
        self.exported.set(draft.changes);
    }

    /// Throw every edit away (after the user confirmed).
    pub fn discard(&self) {
        let base = self.base();
        self.open.plan.set(Shared(base.clone()));
        self.draft.set(Draft::new(&base));
        self.history.set_value(History::default());
        self.history_version.update(|v| *v += 1);
        self.schedule_save();
    }

    /// Replace the draft wholesale (an import, or another tab's save). Undo starts afresh:
    /// its steps were recorded against the cells as they were before.
    pub fn replace_draft(&self, draft: Draft) {
        let (working, _) = merge(&self.base(), &draft);
        self.open.plan.set(Shared(Arc::new(working)));
        self.draft.set(draft);
        self.history.set_value(History::default());
        self.history_version.update(|v| *v += 1);
    }

    fn schedule_save(&self) {
        self.save_state.set(SaveState::Pending);
        if let Some(h) = self.pending_save.get_value() {
            h.clear();
        }
        let this = *self;
        let handle = set_timeout_with_handle(move || this.save_now(), SAVE_DELAY).ok();
        self.pending_save.set_value(handle);
    }

    /// Save at once (also before an export).
    pub fn save_now(&self) {
        if let Some(h) = self.pending_save.try_update_value(|p| p.take()).flatten() {
            h.clear();
        }
        // The plan may have been closed since the save was scheduled: then `flush` saved it.
        let Some(draft) = self.draft.try_get_untracked() else {
            return;
        };
        let _ = self.save_state.try_set(self.store(&draft));
    }

    /// Another tab saved this plan's draft (`text`; `None` when it removed it): show its
    /// state rather than overwrite it later. This page's edits not yet saved are laid over
    /// it (and saved), a draft of an older revision is carried over to this one, and a draft
    /// of a newer revision stops this page from saving: nothing either tab typed is lost.
    fn follow_other_tab(&self, text: Option<String>) {
        let base = self.base();
        let mut carried = None;
        let mut theirs = match text.as_deref().map(Draft::from_json) {
            None => Draft::new(&base),
            Some(Ok(d)) if d.revision > base.revision => {
                return self.stop_saving(format!(
                    "別のタブで新しい版の計画が開かれました。{}",
                    newer_revision_message(d.revision)
                ));
            }
            Some(Ok(d)) if d.revision < base.revision => {
                match carry_over(d, text.as_deref().unwrap_or_default(), &base) {
                    Ok((draft, c)) => {
                        carried = Some(c);
                        draft
                    }
                    // Its dropped cells could not be kept aside: never save over them.
                    Err(why) => return self.stop_saving(why),
                }
            }
            Some(Ok(d)) if d.check_for(&base).is_ok() => d,
            Some(_) => return,
        };
        let unsaved = self.unsaved.get_value();
        let laid = unsaved.len();
        theirs.put_all(&base, unsaved);
        if theirs == self.draft.get_untracked() && carried.is_none() {
            return;
        }
        self.replace_draft(theirs);
        let mut text =
            "別のタブで編集された内容を読み込みました（この画面の表示を最新にしました）。"
                .to_string();
        if laid > 0 {
            text +=
                &format!("この画面でまだ保存していなかった {laid} 件の入力はその上に残しました。");
        }
        let mut serious = false;
        if let Some(c) = &carried {
            text += &format!(
                "そのタブは古い版（版 {}）の計画を開いているため、この版に移しました。",
                c.from
            );
            text += &c.dropped_text();
            serious = c.dropped > 0;
        }
        if laid > 0 || carried.is_some() {
            // Save the combined draft: the other tab then follows it (an older one stops).
            self.schedule_save();
        } else {
            self.save_state.set(SaveState::Saved);
        }
        self.open.notice.set(Some(Notice { text, serious }));
    }

    /// Stop saving from this page (another tab's draft must not be saved over; `why` says
    /// why), keeping a copy of this page's draft aside so a reload loses nothing.
    fn stop_saving(&self, why: String) {
        if self.blocked.with_value(Option::is_some) {
            return;
        }
        if let Some(h) = self.pending_save.try_update_value(|p| p.take()).flatten() {
            h.clear();
        }
        let draft = self.draft.get_untracked();
        let kept = if draft.changes.is_empty() {
            String::new()
        } else {
            match storage::keep_aside(Key::Draft(&draft.plan), &draft.to_json()) {
                Some(key) => format!("この画面の下書きは別の場所（{key}）に残しました。"),
                None => "この画面の下書きは保存できていません（保存容量が足りません）。JSONで書き出して保管してください。".into(),
            }
        };
        self.blocked.set_value(Some(why.clone()));
        self.save_state.set(SaveState::Failed(why.clone()));
        self.open.notice.set(Some(Notice {
            text: format!("{why}{kept}"),
            serious: true,
        }));
    }
}

pub fn use_drafting() -> Drafting {
    expect_context::<Drafting>()
}

/// The text an actual shows in its input: the number with 3桁区切り and without its unit, or
/// the text of a milestone.
pub fn actual_text(kpi: &Kpi, fy: FiscalYear) -> String {
    match kpi.actuals.get(&fy) {
        Some(Figure::Number(n)) => plan_core::format::number(*n, None),
        Some(Figure::Text(t)) => t.clone(),
        None => String::new(),
    }
}

/// What an actual typed as `text` becomes: a number as staff type it (1,234 / １２３４ /
/// 12.5% / ▲3), a text for a milestone, nothing when blank; otherwise the reason it is refused.
pub fn read_actual(text: &str, kpi: &Kpi, fy: FiscalYear) -> Result<Option<Figure>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match parse_number(text) {
        Ok(n) => Ok(Some(Figure::Number(n))),
        Err(_) if takes_text(kpi, fy) => Ok(Some(Figure::Text(text.to_string()))),
        Err(reason) => Err(format!("入力「{text}」を受け付けません: {reason}")),
    }
}

/// Does this KPI take text for the year (a milestone target) rather than a number?
fn takes_text(kpi: &Kpi, fy: FiscalYear) -> bool {
    matches!(kpi.targets.get(&fy), Some(Figure::Text(_)))
        || kpi
            .target
            .as_ref()
            .is_some_and(|t| t.kind == TargetKind::Milestone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_seeds::yuzawa;

    #[test]
    fn numbers_are_read_as_staff_type_them_and_junk_is_refused_with_the_reason() {
        let plan = yuzawa();
        let (_, k) = plan.find_kpi("k07").unwrap();
        assert_eq!(
            read_actual(" ２７０，０００ ", k, 2023),
            Ok(Some(Figure::Number(270000.0)))
        );
        assert_eq!(read_actual("▲3", k, 2023), Ok(Some(Figure::Number(-3.0))));
        assert_eq!(read_actual("  ", k, 2023), Ok(None));
        let refused = read_actual("たくさん", k, 2023).unwrap_err();
        assert!(
            refused.starts_with("入力「たくさん」を受け付けません: "),
            "{refused}"
        );
    }

    #[test]
    fn a_milestone_takes_text() {
        let plan = yuzawa();
        let mut k = plan.find_kpi("k07").unwrap().1.clone();
        k.targets.insert(2023, Figure::Text("運用開始".into()));
        assert_eq!(
            read_actual("運用開始", &k, 2023),
            Ok(Some(Figure::Text("運用開始".into())))
        );
        k.targets.insert(2023, Figure::Number(1.0));
        k.target = Some(plan_core::plan::FinalTarget {
            value: None,
            fy: 2026,
            kind: TargetKind::Milestone,
            text: Some("策定".into()),
        });
        assert_eq!(
            read_actual("策定済み", &k, 2023),
            Ok(Some(Figure::Text("策定済み".into())))
        );
    }

    #[test]
    fn an_actual_shows_in_its_input_with_grouping_and_without_its_unit() {
        let plan = yuzawa();
        let (_, k) = plan.find_kpi("k07").unwrap();
        assert_eq!(actual_text(k, 2023), "283,179");
        assert_eq!(actual_text(k, 2026), "");
    }
}
