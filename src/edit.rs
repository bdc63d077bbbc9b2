//! The state of one open plan: the bundled plan, the staff draft on top of it, the working
//! plan and scorecard that every page reads, and the actions that change them.
//!
//! One edit writes one cell into the working plan, re-evaluates that KPI and its ancestors
//! (`Scorecard::update_kpi`), records the step for undo, and schedules one debounced save of
//! the overlay (proportional to the edits, never the plan).

use crate::storage::{self, Loaded};
use leptos::prelude::*;
use plan_core::by_year::VecMap;
use plan_core::edits::{changes, read_cell, write_cell, Cell, CellValue, Change, Draft, History};
use plan_core::engine::Scorecard;
use plan_core::plan::Plan;
use std::sync::Arc;
use std::time::Duration;

/// An `Arc` compared by identity: a new value is always a change, and comparing two plans
/// or scorecards value by value would cost as much as computing one.
#[derive(Clone, Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Everything is in localStorage.
    Saved,
    /// A save is scheduled.
    Pending,
    /// localStorage refused: edits live in this page only until exported.
    Failed(String),
}

/// A message for the user about what happened to their data (shown with role="alert").
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub serious: bool,
}

const SAVE_DELAY: Duration = Duration::from_millis(300);

#[derive(Clone, Copy)]
pub struct PlanState {
    pub base: StoredValue<Arc<Plan>>,
    pub plan: RwSignal<Shared<Plan>>,
    pub score: RwSignal<Shared<Scorecard>>,
    pub draft: RwSignal<Draft>,
    history: StoredValue<History>,
    /// Bumped on every history change, so undo/redo buttons follow.
    pub history_version: RwSignal<u32>,
    pub editing: RwSignal<bool>,
    pub save_state: RwSignal<SaveState>,
    pub notice: RwSignal<Option<Notice>>,
    /// Actuals typed in a form the app could not read, shown under their inputs.
    pub refused: RwSignal<Vec<crate::components::cell_inputs::Refused>>,
    /// The overlay as it was last exported: what differs from it is "not yet exported".
    exported: RwSignal<VecMap<Cell, CellValue>>,
    pending_save: StoredValue<Option<TimeoutHandle>>,
    /// Cells written since the last save: laid over another tab's draft when its save
    /// arrives inside the save delay, so neither tab's edit is lost.
    unsaved: StoredValue<VecMap<Cell, CellValue>>,
    /// Why this page must not save (a newer revision's draft, or one that could not be kept
    /// aside, is in storage); None when saving is allowed.
    blocked: StoredValue<Option<String>>,
}

fn exported_key(plan_id: &str) -> String {
    format!("{}exported/{plan_id}", storage::PREFIX)
}

impl PlanState {
    /// Open `base` with whatever draft this browser saved for it.
    pub fn open(base: Arc<Plan>, fy: i32) -> Self {
        let mut notice = None;
        let mut save_state = SaveState::Saved;
        let mut blocked = None;
        // The citizens' bundle shows the published figures only: no saved draft is read.
        let loaded = if crate::STAFF {
            storage::load(&base)
        } else {
            Loaded::Nothing
        };
        let draft = match loaded {
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
        // With no edits the working plan is the published one: share it, no copy.
        let (working, skipped) = if draft.changes.is_empty() {
            (base.clone(), Vec::new())
        } else {
            let (plan, skipped) = plan_core::edits::merge(&base, &draft);
            (Arc::new(plan), skipped)
        };
        if !skipped.is_empty() && notice.is_none() {
            notice = Some(Notice {
                text: format!("下書きのうち {} 件は計画に該当する項目がないため表示していません（下書きには残っています）。", skipped.len()),
                serious: false,
            });
        }
        let score = Scorecard::new(&working, fy);
        let exported = if crate::STAFF {
            load_exported(&base.id)
        } else {
            VecMap::new()
        };
        let state = PlanState {
            base: StoredValue::new(base.clone()),
            plan: RwSignal::new(Shared(working)),
            score: RwSignal::new(Shared(Arc::new(score))),
            draft: RwSignal::new(draft),
            history: StoredValue::new(History::default()),
            history_version: RwSignal::new(0),
            editing: RwSignal::new(false),
            save_state: RwSignal::new(save_state),
            notice: RwSignal::new(notice),
            refused: RwSignal::new(Vec::new()),
            exported: RwSignal::new(exported),
            pending_save: StoredValue::new(None),
            unsaved: StoredValue::new(VecMap::new()),
            blocked: StoredValue::new(blocked),
        };
        // Listeners live as long as this plan is open. Leaving the plan (another link, or
        // the page being hidden or closed) saves a pending edit at once: nothing is lost to
        // the save delay.
        let listeners = if crate::STAFF {
            vec![
                state.follow_other_tabs(),
                storage::Listener::new("pagehide", move |_| state.flush()),
                // Every cell input of every page (see `components::cell_inputs`).
                storage::Listener::new("change", move |ev| {
                    crate::components::cell_inputs::on_change(state, &ev)
                }),
            ]
        } else {
            Vec::new()
        };
        let listeners = send_wrapper::SendWrapper::new(listeners);
        on_cleanup(move || {
            // (Citizens never edit; leaving the call out keeps the draft code out of their wasm.)
            if crate::STAFF {
                state.flush();
            }
            drop(listeners);
        });
        state
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
        match storage::save(draft) {
            Ok(()) => {
                self.unsaved.try_update_value(|u| u.clear());
                SaveState::Saved
            }
            Err(e) => SaveState::Failed(e),
        }
    }

    pub fn plan_id(&self) -> String {
        self.base.with_value(|p| p.id.clone())
    }

    /// Recompute everything as of another fiscal year.
    pub fn set_fy(&self, fy: i32) {
        if self.score.with_untracked(|s| s.as_of) == fy {
            return;
        }
        // Same plan, another year: the scorecard keeps its id indexes.
        let score = self
            .plan
            .with_untracked(|p| self.score.with_untracked(|s| s.at(p, fy)));
        self.score.set(Shared(Arc::new(score)));
    }

    /// Turn edit mode on or off. Turning it on makes the working plan this page's own copy,
    /// if it still shares the published one (no draft yet), so that the first edit of a large
    /// plan does not also pay for copying it (`write`'s `Arc::make_mut`: 10–13 ms for 10,000
    /// KPIs). The copy is equal, so nothing is notified of it.
    pub fn toggle_editing(&self) {
        self.editing.update(|e| *e = !*e);
        if self.editing.get_untracked() {
            self.plan.update_untracked(|p| {
                Arc::make_mut(&mut p.0);
            });
        }
    }

    /// Write one cell. Returns false if the cell is not in the plan.
    pub fn set_cell(&self, cell: Cell, value: CellValue) -> bool {
        let before = self.plan.with_untracked(|p| read_cell(p, &cell));
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

    /// Apply a cell to the working plan, the scorecard and the draft, and schedule a save.
    fn write(&self, cell: &Cell, value: &CellValue) -> bool {
        let mut ok = false;
        self.plan
            .update(|p| ok = write_cell(Arc::make_mut(&mut p.0), cell, value));
        if !ok {
            return false;
        }
        if let Cell::Actual { kpi, .. } = cell {
            let plan = self.plan.get_untracked();
            if let Some((_, k)) = plan.find_kpi(kpi) {
                self.score.update(|s| {
                    Arc::make_mut(&mut s.0).update_kpi(&plan, k);
                });
            }
        }
        let bundled = self.base.with_value(|b| read_cell(b, cell));
        self.draft
            .update(|d| d.put(cell.clone(), value.clone(), &bundled));
        self.unsaved.update_value(|u| {
            u.insert(cell.clone(), value.clone());
        });
        self.schedule_save();
        true
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

    /// Differences from the bundled plan, for the "what changed" list.
    pub fn changes(&self) -> Vec<Change> {
        self.draft
            .with(|draft| self.base.with_value(|b| changes(b, draft)))
    }

    /// Edits not yet exported as JSON.
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
        let changes = self.draft.get_untracked().changes;
        if let Ok(json) = serde_json::to_string(&Draft {
            changes: changes.clone(),
            ..Draft::new(&self.base.get_value())
        }) {
            if let Ok(Some(s)) = web_sys::window().unwrap().local_storage() {
                let _ = s.set_item(&exported_key(&self.plan_id()), &json);
            }
        }
        self.exported.set(changes);
    }

    /// Throw every edit away (after the user confirmed).
    pub fn discard(&self) {
        let base = self.base.get_value();
        let fy = self.score.with_untracked(|s| s.as_of);
        self.plan.set(Shared(base.clone()));
        self.score.set(Shared(Arc::new(Scorecard::new(&base, fy))));
        self.draft.set(Draft::new(&base));
        self.history.set_value(History::default());
        self.history_version.update(|v| *v += 1);
        self.schedule_save();
    }

    /// Replace the draft wholesale (import, or another tab's save). Undo starts afresh:
    /// its steps were recorded against the cells as they were before.
    pub fn replace_draft(&self, draft: Draft) {
        let base = self.base.get_value();
        let (working, _) = plan_core::edits::merge(&base, &draft);
        let fy = self.score.with_untracked(|s| s.as_of);
        self.score
            .set(Shared(Arc::new(Scorecard::new(&working, fy))));
        self.plan.set(Shared(Arc::new(working)));
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

    /// Save at once (also called before export).
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

    /// Another tab saved this plan's draft: show its state rather than overwrite it later.
    /// This page's edits not yet saved are laid over it (and saved), a draft of an older
    /// revision is carried over to this one, and a draft of a newer revision stops this
    /// page from saving: nothing either tab typed is lost.
    fn follow_other_tabs(&self) -> storage::Listener {
        let this = *self;
        storage::on_other_tab_save(&self.plan_id(), move |text| {
            let base = this.base.get_value();
            let mut carried = None;
            let mut theirs = match text.as_deref().map(Draft::from_json) {
                None => Draft::new(&base),
                Some(Ok(d)) if d.revision > base.revision => {
                    return this.stop_saving(format!(
                        "別のタブで新しい版の計画が開かれました。{}",
                        storage::newer_revision_message(d.revision)
                    ));
                }
                Some(Ok(d)) if d.revision < base.revision => {
                    match storage::carry_over(d, text.as_deref().unwrap_or_default(), &base) {
                        Ok((draft, c)) => {
                            carried = Some(c);
                            draft
                        }
                        // Its dropped cells could not be kept aside: never save over them.
                        Err(why) => return this.stop_saving(why),
                    }
                }
                Some(Ok(d)) if d.check_for(&base).is_ok() => d,
                Some(_) => return,
            };
            let unsaved = this.unsaved.get_value();
            let laid = unsaved.len();
            theirs.put_all(&base, unsaved);
            if theirs == this.draft.get_untracked() && carried.is_none() {
                return;
            }
            this.replace_draft(theirs);
            let mut text =
                "別のタブで編集された内容を読み込みました（この画面の表示を最新にしました）。"
                    .to_string();
            if laid > 0 {
                text += &format!(
                    "この画面でまだ保存していなかった {laid} 件の入力はその上に残しました。"
                );
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
                this.schedule_save();
            } else {
                this.save_state.set(SaveState::Saved);
            }
            this.notice.set(Some(Notice { text, serious }));
        })
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
            let text = serde_json::to_string(&draft).unwrap_or_default();
            match storage::keep_aside(&draft.plan, &text) {
                Some(key) => format!("この画面の下書きは別の場所（{key}）に残しました。"),
                None => "この画面の下書きは保存できていません（保存容量が足りません）。JSONで書き出して保管してください。".into(),
            }
        };
        self.blocked.set_value(Some(why.clone()));
        self.save_state.set(SaveState::Failed(why.clone()));
        self.notice.set(Some(Notice {
            text: format!("{why}{kept}"),
            serious: true,
        }));
    }
}

fn load_exported(plan_id: &str) -> VecMap<Cell, CellValue> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(&exported_key(plan_id)).ok().flatten())
        .and_then(|t| Draft::from_json(&t).ok())
        .map(|d| d.changes)
        .unwrap_or_default()
}
