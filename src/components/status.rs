//! Loading and error states.

use crate::state::LoadError;
use leptos::prelude::*;
use plan_core::route::Route;

use crate::nav::Link;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">"読み込み中…"</p> }
}

/// A problem the user must see: what happened, where, and a way back.
#[component]
pub fn ErrorBox(error: LoadError) -> impl IntoView {
    let problems = error.problems.clone();
    view! {
        <section class="error-box" role="alert">
            <h1>{error.message.clone()}</h1>
            <Show when={
                let n = problems.len();
                move || n > 0
            }>
                <ul>
                    {problems
                        .iter()
                        .map(|p| view! { <li><code>{p.path.clone()}</code>" "{p.message.clone()}</li> })
                        .collect_view()}
                </ul>
            </Show>
            <p><Link route=Route::home() label="計画の一覧へ戻る"/></p>
        </section>
    }
}

/// An unknown id in a public link: a friendly page with a way back, never a blank screen.
#[component]
pub fn NotFound(what: String, back: Route, back_label: String) -> impl IntoView {
    view! {
        <section class="error-box" role="alert">
            <h1>"ページが見つかりません"</h1>
            <p>{what}</p>
            <p><Link route=back label=back_label/></p>
        </section>
    }
}
