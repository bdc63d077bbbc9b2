//! Staff drafts in localStorage (web-sys `Storage`): load, save, set aside corrupted data,
//! and hear about saves from other tabs.
//!
//! Keys: `kpi-dashboard/draft/<plan-id>` holds the overlay of edits (never the plan);
//! `kpi-dashboard/aside/<plan-id>/<ms>` keeps anything that could not be read, so nothing
//! is ever deleted without the user's say.

use plan_core::edits::{Draft, DraftError};
use plan_core::plan::Plan;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub const PREFIX: &str = "kpi-dashboard/";

pub fn draft_key(plan_id: &str) -> String {
    format!("{PREFIX}draft/{plan_id}")
}

/// What loading found, for the user to be told.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded {
    /// Nothing saved: start from the bundled plan.
    Nothing,
    Draft(Draft),
    /// A draft of an older revision of the plan, carried over to this one.
    Rebased(Draft, Carried),
    /// Unreadable data was moved aside under `aside_key`.
    SetAside {
        aside_key: String,
        reason: String,
    },
    /// The saved draft must not be overwritten from this page (it is of a newer revision of
    /// the plan, or it could not be copied aside): the page starts from the published plan
    /// and does not save. The text says why and what to do.
    Blocked(String),
    /// localStorage cannot be used at all (disabled, private mode …).
    Unavailable(String),
}

fn raw_storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("window がありません")?
        .local_storage()
        .map_err(|_| "ブラウザの設定で保存（localStorage）が禁止されています".to_string())?
        .ok_or_else(|| "このブラウザでは保存（localStorage）が使えません".to_string())
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Load the saved draft of `plan`, if any.
pub fn load(plan: &Plan) -> Loaded {
    let storage = match raw_storage() {
        Ok(s) => s,
        Err(e) => return Loaded::Unavailable(e),
    };
    let key = draft_key(&plan.id);
    let text = match storage.get_item(&key) {
        Ok(Some(t)) => t,
        Ok(None) => return Loaded::Nothing,
        Err(_) => return Loaded::Unavailable("保存データを読めません".into()),
    };
    // Unreadable data goes aside (copied first, removed only once the copy is safe).
    let set_aside = |reason: String| {
        match copy_aside(&storage, &key, &text) {
        Some(aside_key) => {
            let _ = storage.remove_item(&key);
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

/// Move a draft of an older revision (`text` as saved) to `plan`'s revision. The cells that
/// cannot move would be gone with the next save, so the draft as it was is kept aside first;
/// if it cannot be (storage full), Err says why and nothing may be saved over it.
pub fn carry_over(draft: Draft, text: &str, plan: &Plan) -> Result<(Draft, Carried), String> {
    let from = draft.revision;
    let (draft, dropped) = draft.rebase(plan);
    let aside_key = if dropped.is_empty() {
        None
    } else {
        Some(keep_aside(&plan.id, text).ok_or_else(|| format!(
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

/// Why a page must not save: the draft in this browser belongs to a newer revision.
pub fn newer_revision_message(revision: u32) -> String {
    format!("この端末の下書きは新しい版（版 {revision}）の計画のものです。上書きしないよう、この画面では保存しません。ページを再読み込みしてください。")
}

/// Copy `text` (the value of `key`) to a new `aside/` key; the key, or None if the copy
/// could not be written (storage full).
pub fn copy_aside(storage: &web_sys::Storage, key: &str, text: &str) -> Option<String> {
    let aside_key = format!(
        "{PREFIX}aside/{}/{}",
        key.trim_start_matches(PREFIX),
        now_ms() as u64
    );
    storage.set_item(&aside_key, text).ok().map(|()| aside_key)
}

/// Keep a copy of a draft's text aside (before it is replaced); the key it is kept under.
pub fn keep_aside(plan_id: &str, text: &str) -> Option<String> {
    copy_aside(&raw_storage().ok()?, &draft_key(plan_id), text)
}

/// Why a save failed, in Japanese, with what to do. `e` is what `setItem` threw: a
/// QuotaExceededError (NS_ERROR_DOM_QUOTA_REACHED in older Firefox) when storage is full.
fn save_error_message(e: &JsValue) -> String {
    let field = |name: &str| {
        js_sys::Reflect::get(e, &name.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let (name, message) = (field("name"), field("message"));
    if name.to_ascii_lowercase().contains("quota") {
        "ブラウザの保存容量がいっぱいで保存できません。編集はこの画面で続けられます。JSONで書き出して保管してください。".into()
    } else {
        format!("ブラウザに保存できません（{name}: {message}）。編集はこの画面で続けられます。JSONで書き出して保管してください。")
    }
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
/// storage). Unreadable data is set aside only when the plan is opened, where [`load`] says so.
pub fn saved_draft(plan_id: &str) -> Option<SavedDraft> {
    let text = raw_storage().ok()?.get_item(&draft_key(plan_id)).ok()??;
    Some(match Draft::from_json(&text) {
        Ok(draft) if draft.plan == plan_id => SavedDraft::Changes(draft.changes.len()),
        Err(DraftError::OtherPlan { .. }) => return None,
        _ => SavedDraft::Unreadable,
    })
}

/// Save the draft; an empty draft removes the key.
pub fn save(draft: &Draft) -> Result<(), String> {
    let storage = raw_storage().map_err(|e| {
        format!("{e}。編集はこの画面で続けられますが、ページを閉じると消えます。JSONで書き出して保管してください。")
    })?;
    let key = draft_key(&draft.plan);
    if draft.is_empty() {
        let _ = storage.remove_item(&key);
        return Ok(());
    }
    storage
        .set_item(&key, &draft.to_json())
        .map_err(|e| save_error_message(&e))
}

/// A window event listener that is removed when this is dropped.
pub struct Listener {
    event: &'static str,
    closure: Closure<dyn Fn(web_sys::Event)>,
}

impl Listener {
    pub fn new(event: &'static str, f: impl Fn(web_sys::Event) + 'static) -> Self {
        let closure = Closure::<dyn Fn(web_sys::Event)>::new(f);
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        }
        Listener { event, closure }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                self.event,
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Call `f` with the new draft text when another tab saves the draft of `plan_id`
/// (None when it was removed), for as long as the returned listener lives.
pub fn on_other_tab_save(plan_id: &str, f: impl Fn(Option<String>) + 'static) -> Listener {
    // One copy of the listener for every caller (a copy per closure type is ≈ 0.5 KB).
    other_tab_save_listener(draft_key(plan_id), Box::new(f))
}

fn other_tab_save_listener(key: String, f: Box<dyn Fn(Option<String>)>) -> Listener {
    Listener::new("storage", move |ev: web_sys::Event| {
        if let Some(ev) = ev.dyn_ref::<web_sys::StorageEvent>() {
            if ev.key().as_deref() == Some(key.as_str()) {
                f(ev.new_value());
            }
        }
    })
}
