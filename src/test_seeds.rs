//! For the native tests: the bundled seed plans, parsed as the app parses them, and views
//! rendered to HTML as the build-time pre-render renders them (run with `--features ssr`).

use leptos::prelude::*;
use plan_core::plan::{Node, Plan};
use plan_core::validate::parse_plan;
use std::sync::Arc;

pub fn yuzawa() -> Plan {
    parse_plan(include_str!("../seeds/yuzawa.json")).expect("the Yuzawa seed is valid")
}

pub fn annaka() -> Plan {
    parse_plan(include_str!("../seeds/annaka.json")).expect("the Annaka seed is valid")
}

pub fn higashine() -> Plan {
    parse_plan(include_str!("../seeds/higashine.json")).expect("the Higashine seed is valid")
}

pub fn minami_alps() -> Plan {
    parse_plan(include_str!("../seeds/minami-alps.json")).expect("the Minami-Alps seed is valid")
}

/// An Annaka 取組 with both a yearly schedule and printed progress statuses.
pub fn item_with_schedule_and_progress(annaka: &Plan) -> &Node {
    annaka
        .kpis()
        .map(|(n, _)| n)
        .find(|n| !n.progress.is_empty() && !n.schedule.is_empty())
        .expect("Annaka items have schedules and progress")
}

/// The HTML of a view, rendered as on the server (effects do not run).
pub fn render<V: IntoView + 'static>(view: impl FnOnce() -> V) -> String {
    let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
    owner.with(|| view().into_view().to_html())
}

/// The text a browser would show for `html` (tags and comments dropped, entities decoded
/// for the few the renderer writes), for assertions on what a reader sees.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// `view` inside the context a plan's pages have: the router at the plan's overview, and
/// `plan` open (in the staff app with its drafting, which has no storage here).
pub fn with_open_plan<V: IntoView>(plan: Plan, view: impl FnOnce() -> V) -> V {
    use crate::state::{app::Interactive, plan::OpenPlan, route::provide_router};
    provide_router(plan_core::route::Route::plan(&plan.id));
    provide_context(Interactive(RwSignal::new(false)));
    let _open = OpenPlan::provide(Arc::new(plan));
    #[cfg(feature = "staff")]
    crate::state::draft::Drafting::provide(_open);
    view()
}

/// The text of the first element with `data-testid="<id>"` in `html`, up to its first child
/// element or end tag (the elements tests look for hold text only).
pub fn testid_text(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!(r#"data-testid="{id}""#))?;
    let start = at + html[at..].find('>')? + 1;
    let end = start + html[start..].find('<')?;
    Some(text_of(&html[start..end]))
}
