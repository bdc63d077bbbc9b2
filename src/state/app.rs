//! The plan index and the plans loaded in this page, shared through context.
//!
//! Each file is fetched once and kept (`Arc`); pages derive what they show with memos. Before
//! the app first renders, [`AppState::preload`] loads what the link needs, so that the first
//! render is the page itself (not "loading"), and identical to a page pre-rendered for it.

use super::fetch::fetch_text;
#[cfg(feature = "staff")]
use super::plan::Notice;
use leptos::prelude::*;
#[cfg(feature = "staff")]
use plan_core::plan::IndexEntry;
use plan_core::plan::{Plan, PlanIndex};
use plan_core::route::{Page, Route};
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

async fn load_index() -> Result<Arc<PlanIndex>, LoadError> {
    let text = fetch_text(INDEX_PATH).await.map_err(LoadError::plain)?;
    parse_index(&text)
        .map(Arc::new)
        .map_err(|problems| LoadError {
            message: format!("{INDEX_PATH} に問題があります"),
            problems,
            not_found: false,
        })
}

/// Load the published plan `id` named in `index`.
async fn load_plan(index: &PlanIndex, id: &str) -> Result<Plan, LoadError> {
    let Some(entry) = index.plans.iter().find(|e| e.id == id) else {
        return Err(LoadError {
            not_found: true,
            ..LoadError::plain(format!("計画「{id}」は見つかりませんでした"))
        });
    };
    let path = format!("seeds/{}", entry.file);
    super::marks::mark("kpi:plan-requested");
    let text = fetch_text(&path).await.map_err(LoadError::plain)?;
    super::marks::mark("kpi:plan-fetched");
    let plan = parse_plan(&text).map_err(|problems| LoadError {
        message: format!("{path} に問題があります"),
        problems,
        not_found: false,
    })?;
    super::marks::mark("kpi:plan-parsed");
    if plan.id != id {
        return Err(LoadError::plain(format!(
            "{path} の id「{}」が一覧の id「{id}」と違います",
            plan.id
        )));
    }
    Ok(plan)
}

/// The plan index and the loaded plans of this page.
#[derive(Clone, Copy)]
pub struct AppState {
    index: StoredValue<Option<Arc<PlanIndex>>>,
    /// Plans loaded in this page: a handful at most, so a list.
    plans: StoredValue<Vec<Arc<Plan>>>,
    /// Plans imported in this browser, listed after the index (staff app).
    #[cfg(feature = "staff")]
    pub local: RwSignal<Vec<IndexEntry>>,
    /// A message for the next plan page opened: an import that moved to the new plan (staff
    /// app).
    #[cfg(feature = "staff")]
    carried_notice: StoredValue<Option<Notice>>,
}

impl AppState {
    /// The state of a page that has loaded nothing yet.
    pub fn new() -> Self {
        Self::with_files(None, Vec::new())
    }

    /// The state of a page that has these files loaded already (the build-time pre-render,
    /// the tests).
    pub fn with_files(index: Option<Arc<PlanIndex>>, plans: Vec<Arc<Plan>>) -> Self {
        AppState {
            index: StoredValue::new(index),
            plans: StoredValue::new(plans),
            #[cfg(feature = "staff")]
            local: RwSignal::new(local_plans()),
            #[cfg(feature = "staff")]
            carried_notice: StoredValue::new(None),
        }
    }

    /// Load what `route` shows: the index, and its plan (or, for the home page, every plan,
    /// whose figures the home page lists). A file that fails to load is left out: the page
    /// that needs it loads it again, and says what went wrong.
    pub async fn preload(self, route: &Route) {
        let Ok(index) = self.index().await else {
            return;
        };
        let ids: Vec<String> = match (&route.plan, &route.page) {
            (Some(id), _) => vec![id.clone()],
            (None, Page::Home) => index.plans.iter().map(|e| e.id.clone()).collect(),
            (None, _) => Vec::new(),
        };
        for id in ids {
            let _ = self.plan(id).await;
        }
    }

    /// Leave a message for the next plan page opened.
    #[cfg(feature = "staff")]
    pub fn carry_notice(&self, notice: Notice) {
        self.carried_notice.set_value(Some(notice));
    }

    /// The message left for this page, if any (taken: said once).
    #[cfg(feature = "staff")]
    pub fn take_carried_notice(&self) -> Option<Notice> {
        self.carried_notice.try_update_value(Option::take).flatten()
    }

    /// The index, if it is loaded.
    pub fn index_now(&self) -> Option<Arc<PlanIndex>> {
        self.index.get_value()
    }

    /// Plan `id`, if it is loaded.
    pub fn plan_now(&self, id: &str) -> Option<Arc<Plan>> {
        self.plans
            .with_value(|plans| plans.iter().find(|p| p.id == id).cloned())
    }

    /// The published plan index, fetched on first use. A failure is not kept: the next page
    /// asks again (the network may be back).
    pub async fn index(self) -> Result<Arc<PlanIndex>, LoadError> {
        if let Some(index) = self.index_now() {
            return Ok(index);
        }
        let index = load_index().await?;
        self.index.set_value(Some(index.clone()));
        Ok(index)
    }

    /// Plan `id`: published, or (staff app) imported in this browser; fetched on first use.
    pub async fn plan(self, id: String) -> Result<Arc<Plan>, LoadError> {
        if let Some(plan) = self.plan_now(&id) {
            return Ok(plan);
        }
        let index = self.index().await?;
        let plan = match load_plan(&index, &id).await {
            #[cfg(feature = "staff")]
            Err(e) if e.not_found => local_plan(&id).ok_or(e)?,
            other => other?,
        };
        let plan = Arc::new(plan);
        self.remember(plan.clone());
        Ok(plan)
    }

    /// Keep an imported plan in this browser and list it.
    #[cfg(feature = "staff")]
    pub fn add_local_plan(&self, plan: &Plan) -> Result<(), String> {
        use super::storage::{write_text, Key};
        // Kept as the JSON its export writes.
        write_text(Key::LocalPlan(&plan.id), &plan_core::io::export_json(plan))
            .map_err(|e| format!("{e}。計画を取り込めませんでした"))?;
        let entry = plan.index_entry(&plan.id);
        self.local.update(|l| {
            l.retain(|e| e.id != plan.id);
            l.push(entry);
        });
        self.remember(Arc::new(plan.clone()));
        Ok(())
    }

    /// Keep a loaded plan for the next page of it (replacing an older copy of it).
    fn remember(&self, plan: Arc<Plan>) {
        self.plans.update_value(|plans| {
            plans.retain(|p| p.id != plan.id);
            plans.push(plan);
        });
    }
}

/// A plan imported in this browser (staff app; citizens see published plans only).
#[cfg(feature = "staff")]
fn local_plan(id: &str) -> Option<Plan> {
    use super::storage::{read, Key};
    read(Key::LocalPlan(id)).and_then(|text| parse_plan(&text).ok())
}

/// The plans imported in this browser, as index entries (unreadable ones are skipped, not
/// deleted).
#[cfg(feature = "staff")]
fn local_plans() -> Vec<IndexEntry> {
    super::storage::local_plan_ids()
        .into_iter()
        .filter_map(|id| local_plan(&id).map(|plan| plan.index_entry(&id)))
        .collect()
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// A loaded file as a signal: `None` while it loads, at once `Some` if it is loaded already.
pub type Loading<T> = ReadSignal<Option<Result<Arc<T>, LoadError>>>;

fn loading<T: Send + Sync + 'static>(
    now: Option<Arc<T>>,
    load: impl std::future::Future<Output = Result<Arc<T>, LoadError>> + 'static,
) -> Loading<T> {
    let loaded = now.is_some();
    let (value, set_value) = signal(now.map(Ok));
    if !loaded {
        leptos::task::spawn_local(async move {
            let result = load.await;
            // The page may have been left before the file arrived.
            let _ = set_value.try_set(Some(result));
        });
    }
    value
}

/// The plan index, loading if need be.
pub fn use_index() -> Loading<PlanIndex> {
    let app = use_app();
    loading(app.index_now(), app.index())
}

/// Plan `id`, loading if need be.
pub fn use_plan_file(id: String) -> Loading<Plan> {
    let app = use_app();
    loading(app.plan_now(&id), app.plan(id))
}

/// Whether the app runs the page now: false while it is the page pre-rendered at build time
/// (and on the server that renders it), true once the app has taken the page over. Controls
/// that only work with the app are disabled until then.
#[derive(Clone, Copy)]
pub struct Interactive(pub RwSignal<bool>);

pub fn use_interactive() -> Signal<bool> {
    expect_context::<Interactive>().0.into()
}
