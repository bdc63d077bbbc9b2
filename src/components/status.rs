//! Loading and error states (static markup: see `crate::dom`).

use crate::dom::{el, elc, link, Dom};
use crate::state::LoadError;
use leptos::prelude::*;
use plan_core::route::Route;

#[component]
pub fn Loading() -> impl IntoView {
    Dom::from(
        elc("p", "loading")
            .attr("aria-live", "polite")
            .text("読み込み中…"),
    )
}

/// A problem the user must see: what happened, where, and a way back.
#[component]
pub fn ErrorBox(error: LoadError) -> impl IntoView {
    let problems = (!error.problems.is_empty()).then(|| {
        el("ul").children(error.problems.iter().map(|p| {
            el("li")
                .child(el("code").text(p.path.clone()))
                .text(format!(" {}", p.message))
                .into()
        }))
    });
    Dom::from(
        elc("section", "error-box")
            .attr("role", "alert")
            .child(el("h1").text(error.message.clone()))
            .opt(problems)
            .child(el("p").child(link(&Route::home(), "計画の一覧へ戻る".into()))),
    )
}

/// An unknown id in a public link: a friendly page with a way back, never a blank screen.
#[component]
pub fn NotFound(what: String, back: Route, back_label: String) -> impl IntoView {
    Dom::from(
        elc("section", "error-box")
            .attr("role", "alert")
            .child(el("h1").text("ページが見つかりません"))
            .child(el("p").text(what))
            .child(el("p").child(link(&back, back_label))),
    )
}
