//! Loads the plan of the current link and provides it, with its scorecard, to the pages.

use crate::components::edit_bar::{EditBar, NoticeBanner};
use crate::components::status::{ErrorBox, Loading, NotFound};
use crate::edit::PlanState;
use crate::nav::use_route;
use crate::pages::{kpi::KpiPage, node::NodePage, plan::PlanPage, report::ReportPage};
use crate::state::{load, use_app};
use leptos::prelude::*;
use plan_core::engine::latest_actual_year;
use plan_core::plan::Plan;
use plan_core::route::{Page, Route};
use std::sync::Arc;

/// What every plan page reads: the bundled plan (structure and names, which edits never
/// change), the "as of" year, and the editable state (working plan, scorecard, draft).
#[derive(Clone, Copy)]
pub struct PlanCtx {
    pub state: PlanState,
    pub fy: Memo<i32>,
}

impl PlanCtx {
    /// The bundled plan: titles, structure, targets. Values that staff edit are read from
    /// `state.plan` instead, reactively.
    pub fn base(&self) -> Arc<Plan> {
        self.state.base.get_value()
    }
}

pub fn use_plan() -> PlanCtx {
    expect_context::<PlanCtx>()
}

#[component]
pub fn PlanScope(plan_id: String) -> impl IntoView {
    let app = use_app();
    let id = plan_id.clone();
    let loaded = load(app.plan(id));
    // The app's own page (or error) for the plan is there: the pre-rendered overview goes.
    // (Only the citizens' page has one.)
    if !crate::STAFF {
        Effect::new(move |_| {
            if loaded.with(Option::is_some) {
                crate::prerender::retire();
            }
        });
    }
    move || match loaded.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) if e.not_found => view! {
            <NotFound what=e.message back=Route::home() back_label="計画の一覧へ戻る".to_string()/>
        }
        .into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
        Some(Ok(plan)) => view! { <PlanPages plan=plan/> }.into_any(),
    }
}

#[component]
fn PlanPages(plan: Arc<Plan>) -> impl IntoView {
    let route = use_route();
    let default_fy = latest_actual_year(&plan);
    let period = plan.period;
    let fy = Memo::new(move |_| {
        route
            .with(|r| r.fy)
            .filter(|y| period.contains(*y))
            .unwrap_or(default_fy)
    });
    let state = PlanState::open(plan.clone(), fy.get_untracked());
    if let Some(notice) = use_app().take_carried_notice() {
        state.notice.update(|n| {
            n.get_or_insert(notice);
        });
    }
    // A new "as of" year recomputes the scorecard (edits update it incrementally).
    Effect::new(move |_| state.set_fy(fy.get()));
    provide_context(PlanCtx { state, fy });
    let page = Memo::new(move |_| route.with(|r| r.page.clone()));
    if crate::STAFF {
        // A refused entry belongs to the input it was typed in: it goes with the page, the
        // year or edit mode (the input then shows the plan's value again).
        Effect::new(move |_| {
            page.track();
            fy.track();
            state.editing.track();
            if state.refused.with_untracked(|r| !r.is_empty()) {
                state.refused.set(Vec::new());
            }
        });
    }
    let embed = route.with_untracked(|r| r.embed);
    let content = move || {
        let not_found = |what: String| {
            view! {
                <NotFound what=what back=Route::plan(&plan.id) back_label="計画の概要へ戻る".to_string()/>
            }
            .into_any()
        };
        match page.get() {
            Page::Home | Page::Plan => view! { <PlanPage/> }.into_any(),
            Page::Report => view! { <ReportPage/> }.into_any(),
            Page::Node(id) if plan.find_node(&id).is_some() => {
                view! { <NodePage node_id=id/> }.into_any()
            }
            Page::Node(id) => not_found(format!("「{}」に項目「{id}」はありません。", plan.title)),
            Page::Kpi(id) if plan.find_kpi(&id).is_some() => {
                view! { <KpiPage kpi_id=id/> }.into_any()
            }
            Page::Kpi(id) => not_found(format!("「{}」に指標「{id}」はありません。", plan.title)),
        }
    };
    view! {
        <NoticeBanner/>
        // An erased view behind a constant branch: the citizens' build then holds no edit-bar
        // code at all (an `Option<EditBar>` would keep its build code, reachable or not).
        {if crate::STAFF && !embed { view! { <EditBar/> }.into_any() } else { ().into_any() }}
        {content}
    }
}
