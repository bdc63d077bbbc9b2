//! Loading, errors, "not found", and the notices about the user's data.

use crate::state::app::LoadError;
use crate::state::plan::{use_open_plan, Notice};
use leptos::prelude::*;
use plan_core::route::Route;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">"読み込み中…"</p> }
}

/// A problem the user must see: what happened, where in the file, and a way back.
#[component]
pub fn ErrorBox(error: LoadError) -> impl IntoView {
    let problems = (!error.problems.is_empty()).then(|| {
        view! {
            <ul>
                {error
                    .problems
                    .into_iter()
                    .map(|p| view! { <li><code>{p.path}</code>" "{p.message}</li> })
                    .collect_view()}
            </ul>
        }
    });
    view! {
        <section class="error-box" role="alert">
            <h1>{error.message}</h1>
            {problems}
            <p><a href=Route::home().to_query()>"計画の一覧へ戻る"</a></p>
        </section>
    }
}

/// An unknown id in a public link: a friendly page with a way back, never a blank screen.
#[component]
pub fn NotFound(what: String, back: Route, back_label: &'static str) -> impl IntoView {
    view! {
        <section class="error-box" role="alert">
            <h1>"ページが見つかりません"</h1>
            <p>{what}</p>
            <p><a href=back.to_query()>{back_label}</a></p>
        </section>
    }
}

/// The open plan's message about the user's data; a serious one interrupts (role="alert").
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let notice = use_open_plan().notice;
    move || {
        notice
            .get()
            .map(|Notice { text, serious }| {
                let (class, role) = if serious {
                    ("notice serious", "alert")
                } else {
                    ("notice", "status")
                };
                view! {
                    <div class=class role=role>
                        <p>{text}</p>
                        <button type="button" on:click=move |_| notice.set(None)>"閉じる"</button>
                    </div>
                }
            })
            .into_any()
    }
}
