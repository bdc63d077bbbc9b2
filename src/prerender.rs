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
//!   the server sends now (`text_hash`, SHA-256) and the index still names that file, so a plan file
//!   replaced without a rebuild is never shown with stale figures. (A check against mistakes,
//!   not attacks: whoever can replace the plan file can replace the fragment too.) While it is
//!   shown, the page's `data-prerendered` attribute hides the app's own markup (style/main.css).
//! - Once the app has its page (or its error) for that plan, it calls `retire` (the script's).
//!
//! If the app never starts (an old browser, a failed download), the overview stays readable.

// Pre-rendering runs at build time, natively; the wasm needs only `retire`.
#[cfg(not(target_family = "wasm"))]
use crate::dom::{el, Dom};
#[cfg(not(target_family = "wasm"))]
use plan_core::plan::Plan;

/// The fragment for one plan: the site header and the overview's first screen
/// (`pages::plan::overview_first_screen`), marked with the plan file's hash.
#[cfg(not(target_family = "wasm"))]
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

/// SHA-256 of the text's UTF-8, as 64 hex digits: what the start-up script computes with Web
/// Crypto over the plan file it downloaded (the browser decodes the file to text, dropping a
/// byte order mark, and the script encodes it back to UTF-8; so the BOM is dropped here too).
#[cfg(not(target_family = "wasm"))]
pub fn text_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
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
    fn the_hash_is_sha256_of_the_utf8_as_the_page_script_computes_it() {
        // Values from the page script's own computation, run in Node:
        // crypto.subtle.digest("SHA-256", new TextEncoder().encode(s)), as hex
        assert_eq!(
            text_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            text_hash("a"),
            "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
        );
        assert_eq!(
            text_hash("湯沢市"),
            "d1624f4051787bad23ab6125ddcc8a08c2bb10a9b01bfc41d723ca08c90cceaa"
        );
        // Four UTF-8 bytes (two UTF-16 units in JavaScript, encoded back to the same bytes).
        assert_eq!(
            text_hash("𠮷"),
            "904e6f40c452b8d71f9e19f74760d37b6d53cabbf6b3ea5d1c953e2bae45b519"
        );
        // The browser's text of a file with a byte order mark has none.
        assert_eq!(text_hash("\u{feff}a"), text_hash("a"));
    }

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
