//! Application state: the plan index and the loaded plans, shared through context.
//!
//! Plans are fetched once and kept as `Arc<Plan>`; pages derive what they show with memos.

use crate::fetch::fetch_text;
use leptos::prelude::*;
use plan_core::plan::{Plan, PlanIndex};
use plan_core::validate::{parse_index, parse_plan, Problem};
use std::collections::HashMap;
use std::sync::Arc;

pub const INDEX_PATH: &str = "seeds/index.json";

/// A load failure, said in Japanese, with the problems found in the file if any.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    pub message: String,
    pub problems: Vec<Problem>,
}

impl LoadError {
    fn plain(message: String) -> Self {
        LoadError {
            message,
            problems: Vec::new(),
        }
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub index: LocalResource<Result<Arc<PlanIndex>, LoadError>>,
    cache: StoredValue<HashMap<String, Arc<Plan>>>,
}

impl AppState {
    pub fn new() -> Self {
        let index = LocalResource::new(|| async {
            let text = fetch_text(INDEX_PATH).await.map_err(LoadError::plain)?;
            parse_index(&text)
                .map(Arc::new)
                .map_err(|problems| LoadError {
                    message: format!("{INDEX_PATH} に問題があります"),
                    problems,
                })
        });
        AppState {
            index,
            cache: StoredValue::new(HashMap::new()),
        }
    }

    /// Load a plan by id (from the cache after the first time).
    pub async fn plan(self, id: String) -> Result<Arc<Plan>, LoadError> {
        if let Some(p) = self.cache.with_value(|c| c.get(&id).cloned()) {
            return Ok(p);
        }
        let index = self.index.await?;
        let Some(entry) = index.plans.iter().find(|e| e.id == id) else {
            return Err(LoadError::plain(format!(
                "計画「{id}」は見つかりませんでした"
            )));
        };
        let path = format!("seeds/{}", entry.file);
        let text = fetch_text(&path).await.map_err(LoadError::plain)?;
        let plan = parse_plan(&text).map_err(|problems| LoadError {
            message: format!("{path} に問題があります"),
            problems,
        })?;
        if plan.id != id {
            return Err(LoadError::plain(format!(
                "{path} の id「{}」が一覧の id「{id}」と違います",
                plan.id
            )));
        }
        let plan = Arc::new(plan);
        self.cache.update_value(|c| {
            c.insert(id, plan.clone());
        });
        Ok(plan)
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
