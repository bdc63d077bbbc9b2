//! Every key the app keeps in the browser's storage, and reading and writing them (gloo-storage).
//!
//! - `kpi-dashboard/draft/<plan id>`: a staff draft, the overlay of edits (never the plan);
//! - `kpi-dashboard/exported/<plan id>`: that overlay as it was last exported;
//! - `kpi-dashboard/local-plan/<plan id>`: a plan imported in this browser (staff app);
//! - `kpi-dashboard/aside/<key>/<ms>`: anything that could not be read or had to be replaced,
//!   kept rather than deleted, so nothing is lost without the user's say;
//! - and in sessionStorage (this tab only), `kpi-dashboard/review/<plan id>`: the survey
//!   round's returns awaiting confirmation, so that a reload does not lose them.
//!
//! What a draft means (reading it, carrying it to a new revision, setting it aside) is
//! `state::draft`'s; this module only knows the keys and the browser's storage.

use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::Serialize;

pub const PREFIX: &str = "kpi-dashboard/";

/// A key of the app's data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Key<'a> {
    /// The staff draft of a plan.
    Draft(&'a str),
    /// The draft of a plan as last exported.
    Exported(&'a str),
    /// A plan imported in this browser.
    LocalPlan(&'a str),
}

impl Key<'_> {
    pub fn name(&self) -> String {
        match self {
            Key::Draft(plan) => format!("{PREFIX}draft/{plan}"),
            Key::Exported(plan) => format!("{PREFIX}exported/{plan}"),
            Key::LocalPlan(id) => format!("{PREFIX}local-plan/{id}"),
        }
    }
}

/// Whether this page may use localStorage at all; if not, why, in Japanese. (gloo-storage
/// expects it to be there: a browser set to refuse it throws on every access.)
pub fn available() -> Result<(), String> {
    // (Outside a browser, as when pages are rendered natively, there is no storage.)
    if !cfg!(target_family = "wasm") {
        return Err("このブラウザでは保存（localStorage）が使えません".into());
    }
    match web_sys::window().map(|w| w.local_storage()) {
        Some(Ok(Some(_))) => Ok(()),
        Some(Err(_)) => Err("ブラウザの設定で保存（localStorage）が禁止されています".into()),
        _ => Err("このブラウザでは保存（localStorage）が使えません".into()),
    }
}

/// The text kept under `key`, if any (`None` also when storage cannot be used).
pub fn read(key: Key) -> Option<String> {
    available().ok()?;
    LocalStorage::raw().get_item(&key.name()).ok().flatten()
}

/// Keep `value` (as JSON) under `key`. The error says why in Japanese: storage full,
/// disabled, or what the browser said.
pub fn write(key: Key, value: &impl Serialize) -> Result<(), String> {
    available()?;
    LocalStorage::set(key.name(), value).map_err(|e| match e {
        StorageError::JsError(e) => refusal(&e.name, &e.message),
        other => format!("ブラウザに保存できません（{other}）"),
    })
}

/// Keep `text` as it is under `key` (a plan, as the JSON its export writes).
#[cfg(feature = "staff")]
pub fn write_text(key: Key, text: &str) -> Result<(), String> {
    available()?;
    LocalStorage::raw()
        .set_item(&key.name(), text)
        .map_err(|e| {
            let e = js_sys::Error::from(e);
            refusal(&String::from(e.name()), &String::from(e.message()))
        })
}

/// Why the browser refused to keep something, in Japanese (`name` and `message` are the
/// browser's error's).
fn refusal(name: &str, message: &str) -> String {
    // QuotaExceededError (NS_ERROR_DOM_QUOTA_REACHED in older Firefox).
    if name.to_ascii_lowercase().contains("quota") {
        "ブラウザの保存容量がいっぱいです".to_string()
    } else {
        format!("ブラウザに保存できません（{name}: {message}）")
    }
}

pub fn remove(key: Key) {
    if available().is_ok() {
        LocalStorage::delete(key.name());
    }
}

/// Copy `text` (what `key` holds or held) to a new `aside/` key; the key, or `None` if the
/// copy could not be written (storage full or disabled).
pub fn keep_aside(key: Key, text: &str) -> Option<String> {
    available().ok()?;
    let name = key.name();
    let aside = format!(
        "{PREFIX}aside/{}/{}",
        name.trim_start_matches(PREFIX),
        js_sys::Date::now() as u64
    );
    LocalStorage::raw().set_item(&aside, text).ok()?;
    Some(aside)
}

/// The survey round's pending review of a plan, kept for this tab (sessionStorage) while it
/// awaits confirmation: `Some` keeps it, `None` forgets it. Best effort: a review too large
/// for the tab's storage is simply not kept (the returned files are still on the disk).
#[cfg(feature = "staff")]
pub fn keep_review<T: Serialize>(plan: &str, review: Option<&T>) {
    if !session_available() {
        return;
    }
    let name = review_key(plan);
    match review {
        Some(review) => {
            if gloo_storage::SessionStorage::set(&name, review).is_err() {
                gloo_storage::SessionStorage::delete(&name);
            }
        }
        None => gloo_storage::SessionStorage::delete(&name),
    }
}

/// The survey round's pending review of a plan kept for this tab, if any and readable.
#[cfg(feature = "staff")]
pub fn kept_review<T: serde::de::DeserializeOwned>(plan: &str) -> Option<T> {
    if !session_available() {
        return None;
    }
    gloo_storage::SessionStorage::get(review_key(plan)).ok()
}

#[cfg(feature = "staff")]
fn review_key(plan: &str) -> String {
    format!("{PREFIX}review/{plan}")
}

/// Whether this tab may use sessionStorage (a browser set to refuse storage throws on it).
#[cfg(feature = "staff")]
fn session_available() -> bool {
    cfg!(target_family = "wasm")
        && web_sys::window().is_some_and(|w| matches!(w.session_storage(), Ok(Some(_))))
}

/// The ids of the plans imported in this browser, in key order.
#[cfg(feature = "staff")]
pub fn local_plan_ids() -> Vec<String> {
    if available().is_err() {
        return Vec::new();
    }
    let storage = LocalStorage::raw();
    let prefix = Key::LocalPlan("").name();
    let mut ids: Vec<String> = (0..LocalStorage::length())
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|key| key.strip_prefix(&prefix).map(str::to_string))
        .collect();
    ids.sort_unstable();
    ids
}

/// Call `f` with the new text of `key` (`None` when removed) whenever another tab of this
/// browser changes it, for as long as the calling component lives (the `storage` event,
/// which the tab that wrote does not get).
pub fn on_other_tab_change(key: Key, f: impl Fn(Option<String>) + 'static) {
    let name = key.name();
    let listener = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(name.as_str()) {
            f(ev.new_value());
        }
    });
    on_cleanup(move || listener.remove());
}
