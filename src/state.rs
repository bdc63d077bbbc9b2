//! Application state: the plan index and the loaded plans, shared through context.
//!
//! Plans are fetched once and kept as `Arc<Plan>`; pages derive what they show with memos.

use crate::fetch::fetch_text;
use leptos::prelude::*;
use plan_core::plan::{IndexEntry, Plan, PlanIndex};
use plan_core::validate::{parse_index, parse_plan, Problem};
use std::sync::Arc;

pub const INDEX_PATH: &str = "seeds/index.json";

/// A load failure, said in Japanese, with the problems found in the file if any.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    pub message: String,
    pub problems: Vec<Problem>,
    /// The plan is not published (a link to an unknown id), as opposed to a network failure
    /// or a broken file: the page then says "not found" rather than "could not load".
    pub not_found: bool,
}

impl LoadError {
    fn plain(message: String) -> Self {
        LoadError {
            message,
            problems: Vec::new(),
            not_found: false,
        }
    }
}

/// A value a future produces once, as a signal: `None` while it loads.
///
/// Why not `LocalResource`: the app loads each file once and never refetches, and the
/// resource machinery (async-derived signals, locks, wakers) was ~7 KB of the gzipped wasm.
pub fn load<T: Send + Sync + 'static>(
    future: impl std::future::Future<Output = T> + 'static,
) -> ReadSignal<Option<T>> {
    let (value, set_value) = signal(None);
    leptos::task::spawn_local(async move {
        let result = future.await;
        // The page may have been left before the file arrived.
        let _ = set_value.try_set(Some(result));
    });
    value
}

#[derive(Clone, Copy)]
pub struct AppState {
    /// The published plan index once loaded (see `index`).
    index: StoredValue<Option<Result<Arc<PlanIndex>, LoadError>>>,
    /// Plans imported by this browser's user (kept in localStorage), listed after the index.
    pub local: RwSignal<Vec<IndexEntry>>,
    /// Plans loaded in this page: a handful at most, so a list (a hash map cost ~2 KB of wasm).
    cache: StoredValue<Vec<Arc<Plan>>>,
    /// A message for the next plan page opened (an import that moved to the new plan).
    carried_notice: StoredValue<Option<crate::edit::Notice>>,
}

const LOCAL_PLAN_PREFIX: &str = "kpi-dashboard/local-plan/";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Plans imported earlier in this browser (unreadable ones are skipped, not deleted).
fn load_local_plans() -> Vec<IndexEntry> {
    let Some(s) = local_storage() else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    for i in 0..s.length().unwrap_or(0) {
        let Some(key) = s.key(i).ok().flatten() else {
            continue;
        };
        let Some(id) = key.strip_prefix(LOCAL_PLAN_PREFIX) else {
            continue;
        };
        if let Some(plan) = s
            .get_item(&key)
            .ok()
            .flatten()
            .and_then(|t| parse_plan(&t).ok())
        {
            entries.push(plan.index_entry(id));
        }
    }
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    entries
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            index: StoredValue::new(None),
            // Plans imported by staff stay in the staff app.
            local: RwSignal::new(if crate::STAFF {
                load_local_plans()
            } else {
                Vec::new()
            }),
            cache: StoredValue::new(Vec::new()),
            carried_notice: StoredValue::new(None),
        }
    }

    /// Leave a message for the next plan page opened.
    pub fn carry_notice(&self, notice: crate::edit::Notice) {
        self.carried_notice.set_value(Some(notice));
    }

    /// The message left for this page, if any (taken: said once).
    pub fn take_carried_notice(&self) -> Option<crate::edit::Notice> {
        self.carried_notice.try_update_value(Option::take).flatten()
    }

    /// Keep an imported plan in this browser and list it.
    pub fn add_local_plan(&self, plan: &Plan) -> Result<(), String> {
        let storage = local_storage().ok_or("このブラウザでは保存（localStorage）が使えません")?;
        let json = plan_core::io::export_json(plan);
        storage
            .set_item(&format!("{LOCAL_PLAN_PREFIX}{}", plan.id), &json)
            .map_err(|_| {
                "ブラウザの保存容量が足りないため、計画を取り込めませんでした".to_string()
            })?;
        let entry = plan.index_entry(&plan.id);
        self.local.update(|l| {
            l.retain(|e| e.id != plan.id);
            l.push(entry);
        });
        self.remember(Arc::new(plan.clone()));
        Ok(())
    }

    /// The published plan index, fetched on first use.
    pub async fn index(self) -> Result<Arc<PlanIndex>, LoadError> {
        if let Some(index) = self.index.get_value() {
            return index;
        }
        let result = match fetch_text(INDEX_PATH).await {
            Err(e) => Err(LoadError::plain(e)),
            Ok(text) => parse_index(&text)
                .map(Arc::new)
                .map_err(|problems| LoadError {
                    message: format!("{INDEX_PATH} に問題があります"),
                    problems,
                    not_found: false,
                }),
        };
        // A failure is not kept: the next page asks again (the network may be back).
        if result.is_ok() {
            self.index.set_value(Some(result.clone()));
        }
        result
    }

    /// The index if it has been loaded already.
    pub fn index_loaded(&self) -> Option<Arc<PlanIndex>> {
        self.index.get_value().and_then(|r| r.ok())
    }

    /// Load a plan by id (from the cache after the first time).
    pub async fn plan(self, id: String) -> Result<Arc<Plan>, LoadError> {
        if let Some(p) = self
            .cache
            .with_value(|c| c.iter().find(|p| p.id == id).cloned())
        {
            return Ok(p);
        }
        let index = self.index().await?;
        let Some(entry) = index.plans.iter().find(|e| e.id == id) else {
            // Not published: perhaps imported in this browser (staff app).
            if let Some(plan) = crate::STAFF
                .then(local_storage)
                .flatten()
                .and_then(|s| {
                    s.get_item(&format!("{LOCAL_PLAN_PREFIX}{id}"))
                        .ok()
                        .flatten()
                })
                .and_then(|t| parse_plan(&t).ok())
            {
                let plan = Arc::new(plan);
                self.remember(plan.clone());
                return Ok(plan);
            }
            return Err(LoadError {
                not_found: true,
                ..LoadError::plain(format!("計画「{id}」は見つかりませんでした"))
            });
        };
        let path = format!("seeds/{}", entry.file);
        crate::bench::mark("kpi:plan-requested");
        let text = fetch_text(&path).await.map_err(LoadError::plain)?;
        crate::bench::mark("kpi:plan-fetched");
        let plan = parse_plan(&text).map_err(|problems| LoadError {
            message: format!("{path} に問題があります"),
            problems,
            not_found: false,
        })?;
        crate::bench::mark("kpi:plan-parsed");
        if plan.id != id {
            return Err(LoadError::plain(format!(
                "{path} の id「{}」が一覧の id「{id}」と違います",
                plan.id
            )));
        }
        let plan = Arc::new(plan);
        self.remember(plan.clone());
        Ok(plan)
    }

    /// Keep a loaded plan for the next page of it (replacing an older copy of it).
    fn remember(&self, plan: Arc<Plan>) {
        self.cache.update_value(|c| {
            c.retain(|p| p.id != plan.id);
            c.push(plan);
        });
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
