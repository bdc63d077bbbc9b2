//! The survey round's page (survey.html, a staff page of its own): the plan of the link, its
//! year, and the round (進捗調査票 out, returns in) over this browser's draft of the plan —
//! the same draft the staff app edits, so what is taken in here is there on its pages — and
//! the plan template workbook (the plan written to one; without a plan, a new plan read from
//! one).

use crate::components::sheets::SurveyRound;
use crate::components::status::{ErrorBox, Loading, NotFound, NoticeBanner};
use crate::components::template::{TemplateExport, TemplateImport};
use crate::components::year_select::YearSelect;
use crate::state::app::{use_app, use_index, use_plan_file};
use crate::state::draft::Drafting;
use crate::state::plan::OpenPlan;
use crate::state::route::use_route;
use leptos::prelude::*;
use plan_core::plan::Plan;
use plan_core::route::Route;
use std::sync::Arc;

#[component]
pub fn SurveyPage() -> impl IntoView {
    let route = use_route();
    move || match route.with(|r| r.plan.clone()) {
        None => view! { <PlanChoice/> }.into_any(),
        Some(id) => {
            let loaded = use_plan_file(id);
            (move || match loaded.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if e.not_found => view! {
                    <NotFound what=e.message back=Route::home() back_label="計画の一覧へ戻る"/>
                }
                .into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                Some(Ok(plan)) => view! { <SurveyOfPlan plan/> }.into_any(),
            })
            .into_any()
        }
    }
}

/// Which plan's round: the published plans and those imported in this browser.
#[component]
fn PlanChoice() -> impl IntoView {
    let index = use_index();
    let local = use_app().local;
    let link = |id: &str, title: &str| {
        view! { <li><a href=Route::plan(id).to_query()>{title.to_string()}</a></li> }
    };
    view! {
        <h1>"進捗調査票・計画テンプレート（Excel）"</h1>
        <p>"進捗調査票を作る計画を選んでください。"</p>
        <ul class="plan-choice" data-testid="survey-plans">
            {move || {
                index.get().and_then(Result::ok).map(|i| {
                    i.plans
                        .iter()
                        .map(|p| link(&p.id, &format!("{}（{}）", p.title, p.municipality)))
                        .collect_view()
                })
            }}
            {move || local.get().iter().map(|p| link(&p.id, &p.title)).collect_view()}
        </ul>
        <TemplateImport/>
    }
}

#[component]
fn SurveyOfPlan(plan: Arc<Plan>) -> impl IntoView {
    let open = OpenPlan::provide(plan.clone());
    Drafting::provide(open);
    let id = plan.id.clone();
    let back = move || {
        format!(
            "staff.html{}",
            Route::report(&id, Some(open.fy.get())).to_query()
        )
    };
    view! {
        <h1>{format!("進捗調査票: {}", plan.title)}</h1>
        <YearSelect period=plan.period/>
        <NoticeBanner/>
        <SurveyRound/>
        <TemplateExport/>
        <p>
            <a href=back data-testid="survey-back">"職員用の入力画面（進捗報告）で確かめる"</a>
        </p>
    }
}
