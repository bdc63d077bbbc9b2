//! Small view pieces shared by the pages.

pub mod band;
pub mod cell_inputs;
pub mod edit_bar;
pub mod embed;
pub mod finder;
pub mod import;
pub mod status;
pub mod year_select;

/// "③ 市民との行政課題の共有": the printed number, if any, then the title.
pub fn titled(number: &Option<String>, title: &str) -> String {
    match number {
        Some(n) if !n.is_empty() => format!("{n} {title}"),
        _ => title.to_string(),
    }
}

/// Text from the working plan. The staff app's plan changes with every edit, so there the
/// text follows it; in the citizens' app the plan never changes once loaded, so it is plain
/// text (one kind of view for every such cell keeps the shipped wasm small).
pub fn plan_text(
    state: crate::edit::PlanState,
    f: impl Fn(&plan_core::plan::Plan) -> String + Send + Sync + 'static,
) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    if crate::STAFF {
        (move || state.plan.with(|p| f(p))).into_any()
    } else {
        state.plan.with_untracked(|p| f(p)).into_any()
    }
}
