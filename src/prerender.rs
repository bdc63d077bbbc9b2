//! The plan overview pre-rendered at build time, so a citizen on a phone reads it before the
//! app has downloaded.
//!
//! How it fits together:
//! - `scripts/dist.sh` runs `src/bin/prerender.rs`, which writes `prerendered/<plan id>.html`
//!   for every plan of `seeds/index.json` (citizens' app only): `fragment` below, built from
//!   the same `Dom` builders the app's overview uses; and lists those plans on the citizens'
//!   page (`list_on_page`).
//! - The page's start-up script (`assets/early-fetch.js`), on a plain link to a listed plan's
//!   overview (`?plan=<id>` and nothing else), downloads that fragment with the plan file and
//!   puts it at the top of `<body>` — only if its `data-plan-hash` is the hash of the plan file
//!   the server sends now (`text_hash`) and the index still names that file, so a plan file
//!   replaced without a rebuild is never shown with stale figures. (A check against mistakes,
//!   not attacks: whoever can replace the plan file can replace the fragment too.) While it is
//!   shown, the page's `data-prerendered` attribute hides the app's own markup (style/main.css).
//! - Once the app has its page (or its error) for that plan, it calls `retire` (the script's).
//!
//! If the app never starts (an old browser, a failed download), the overview stays readable.

use crate::dom::{el, Dom};
use plan_core::plan::Plan;

/// The fragment for one plan: the site header and the overview's first screen
/// (`pages::plan::overview_first_screen`), marked with the plan file's hash.
pub fn fragment(plan: &Plan, plan_text: &str) -> String {
    let main = el("main")
        .attr("id", "main")
        .attr("tabindex", "-1")
        .children(crate::pages::plan::overview_first_screen(plan));
    let root = el("div")
        .attr("id", "prerendered")
        .attr("data-plan-hash", text_hash(plan_text))
        .children(crate::app::site_header())
        .child(main);
    Dom::from(root).markup()
}

/// The page with its `<html>` tag naming the pre-rendered plans and their files
/// (`data-prerender="yuzawa=yuzawa.json annaka=annaka.json"`): the start-up script asks only
/// for those (an unlisted plan costs no request and no 404), and asks for the plan file at
/// once, beside `seeds/index.json` rather than after it; it shows the overview only if the
/// index still names that file. A `data-prerender` already there, bare or from an earlier run,
/// is replaced. `None` if the page has no `<html …>` tag.
pub fn list_on_page(html: &str, plans: &[(&str, &str)]) -> Option<String> {
    const ATTR: &str = " data-prerender";
    let start = html.find("<html ")?;
    let end = start + html[start..].find('>')?;
    let mut tag = html[start..end].to_string();
    if let Some(at) = tag.find(ATTR) {
        let value = match tag[at + ATTR.len()..].strip_prefix("=\"") {
            Some(rest) => 2 + rest.find('"').map_or(rest.len(), |q| q + 1),
            None => 0,
        };
        tag.replace_range(at..at + ATTR.len() + value, "");
    }
    Some(format!(
        "{}{tag}{ATTR}=\"{}\"{}",
        &html[..start],
        plans
            .iter()
            .map(|(id, file)| format!("{id}={file}"))
            .collect::<Vec<_>>()
            .join(" "),
        &html[end..]
    ))
}

/// FNV-1a (32 bits) over the text's UTF-16 code units, as 8 hex digits: what the start-up
/// script computes over the plan file it downloaded (a JavaScript string is UTF-16, and a
/// byte order mark is dropped when the browser decodes the file, so it is dropped here too).
pub fn text_hash(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut hash: u32 = 0x811c_9dc5;
    for unit in text.encode_utf16() {
        hash ^= u32::from(unit);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{hash:08x}")
}

/// The app has its own page for the plan now: the start-up script's `retire` removes the
/// pre-rendered overview, shows the app, and keeps a fragment that arrives late out. (In the
/// page script rather than here: each browser call from Rust costs its own glue in the wasm.)
pub fn retire() {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(early) = js_sys::Reflect::get(&window, &"kpiDashboardEarly".into()) else {
        return;
    };
    let Ok(retire) = js_sys::Reflect::get(&early, &"retire".into()) else {
        return;
    };
    if let Ok(retire) = retire.dyn_into::<js_sys::Function>() {
        let _ = retire.call0(&early);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_seeds;

    #[test]
    fn the_hash_is_fnv1a_over_utf16_units_as_the_page_script_computes_it() {
        // Values from the page script's own function, run in Node:
        // h=0x811c9dc5; for each charCodeAt: h^=c; h=Math.imul(h,0x01000193)>>>0
        assert_eq!(text_hash(""), "811c9dc5");
        assert_eq!(text_hash("a"), "e40c292c");
        assert_eq!(text_hash("湯沢市"), JS_HASH_OF_YUZAWA_CITY);
        // An astral character is two UTF-16 units in JavaScript, and here.
        assert_eq!(text_hash("𠮷"), JS_HASH_OF_ASTRAL);
        assert_eq!(text_hash("\u{feff}a"), text_hash("a"));
    }

    const JS_HASH_OF_YUZAWA_CITY: &str = "952d01c2";
    const JS_HASH_OF_ASTRAL: &str = "b02212b6";

    #[test]
    fn the_page_lists_the_prerendered_plans_once() {
        let page = "<!DOCTYPE html>\n<html lang=\"ja\" data-prerender>\n<head></head></html>";
        let plans = [("yuzawa", "yuzawa.json"), ("annaka", "annaka.json")];
        let listed = list_on_page(page, &plans).unwrap();
        assert_eq!(
            listed,
            "<!DOCTYPE html>\n<html lang=\"ja\" data-prerender=\"yuzawa=yuzawa.json annaka=annaka.json\">\n<head></head></html>"
        );
        // Run again (a second build into the same folder): replaced, not added.
        let again = list_on_page(&listed, &[("higashine", "h.json")]).unwrap();
        assert!(
            again.contains(r#"<html lang="ja" data-prerender="higashine=h.json">"#),
            "{again}"
        );
        // Before other attributes too.
        let first = r#"<html data-prerender="x" lang="ja"><body></body></html>"#;
        assert_eq!(
            list_on_page(first, &[]).unwrap(),
            r#"<html lang="ja" data-prerender=""><body></body></html>"#
        );
        assert_eq!(list_on_page("<p>no page</p>", &[("a", "a.json")]), None);
    }

    #[test]
    fn the_fragment_shows_the_overview_as_the_app_first_shows_it() {
        let text = include_str!("../seeds/yuzawa.json");
        let plan = test_seeds::yuzawa();
        let html = fragment(&plan, text);
        assert!(html.starts_with(&format!(
            r#"<div id="prerendered" data-plan-hash="{}">"#,
            text_hash(text)
        )));
        assert!(html.contains(r#"<main id="main" tabindex="-1">"#));
        assert!(html.contains(&format!("<h1>{}", plan.title)));
        // The figures are the engine's for the default year, as in the app's summary.
        let fy = plan_core::engine::latest_actual_year(&plan);
        let score = plan_core::engine::Scorecard::new(&plan, fy);
        let whole_plan = crate::pages::plan::rollup_dom(&score.plan, &score.bands);
        assert!(whole_plan.text_content().starts_with("KPI 20件: "));
        assert!(html.contains(&Dom::from(whole_plan).markup()));
        assert!(html.contains(&format!(
            r#"<option value="{fy}" selected="">{}</option>"#,
            plan_core::format::fy_both(fy)
        )));
        // Not yet working controls are disabled, links are plain links.
        assert!(html.contains("<select disabled=\"\">"));
        assert!(html.contains(r#"<a href="?plan=yuzawa&amp;view=report" class="button">"#));
    }
}
