//! The pages of one plan: loads the plan of the current link, opens it (`OpenPlan`, and in
//! the staff app its draft) for the pages, and shows the page the link names.

use super::{kpi::KpiPage, node::NodePage, plan::PlanPage, report::ReportPage};
use crate::components::status::{ErrorBox, Loading, NotFound};
#[cfg(feature = "staff")]
use crate::state::app::use_app;
use crate::state::app::use_plan_file;
use crate::state::plan::OpenPlan;
use crate::state::route::use_route;
use leptos::prelude::*;
use plan_core::plan::Plan;
use plan_core::route::{Page, Route};
use std::sync::Arc;

#[component]
pub fn PlanScope(plan_id: String) -> impl IntoView {
    let loaded = use_plan_file(plan_id);
    move || match loaded.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) if e.not_found => {
            view! { <NotFound what=e.message back=Route::home() back_label="計画の一覧へ戻る"/> }
                .into_any()
        }
        Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
        Some(Ok(plan)) => view! { <PlanPages plan=plan/> }.into_any(),
    }
}

#[component]
fn PlanPages(plan: Arc<Plan>) -> impl IntoView {
    let route = use_route();
    let open = OpenPlan::provide(plan.clone());
    let page = Memo::new(move |_| route.with(|r| r.page.clone()));
    let edit_bar = staff_tools(open, page);
    let content = move || {
        let not_found = |what: String| {
            view! { <NotFound what=what back=Route::plan(&plan.id) back_label="計画の概要へ戻る"/> }
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
        {edit_bar}
        {content}
    }
}

/// The staff app's drafting for the open plan: the notices about the user's data, and the
/// edit bar (none when embedded).
#[cfg(feature = "staff")]
fn staff_tools(open: OpenPlan, page: Memo<Page>) -> impl IntoView {
    use crate::components::edit_bar::EditBar;
    use crate::components::layout::embedded;
    use crate::components::status::NoticeBanner;
    use crate::state::draft::Drafting;
    if let Some(notice) = use_app().take_carried_notice() {
        open.notice.set(Some(notice));
    }
    let drafting = Drafting::provide(open);
    // A refused entry belongs to the input it was typed in: it goes with the page, the year
    // or edit mode (the input then shows the plan's value again).
    Effect::new(move |_| {
        page.track();
        open.fy.track();
        drafting.clear_refusals();
    });
    view! {
        <NoticeBanner/>
        {(!embedded()).then(|| view! { <EditBar/> })}
    }
}

/// The citizens' app has no drafting.
#[cfg(not(feature = "staff"))]
fn staff_tools(_open: OpenPlan, _page: Memo<Page>) -> impl IntoView {}
