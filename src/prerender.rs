//! The plan overview and the home page pre-rendered at build time, so a citizen on a phone
//! reads them before the app has downloaded.
//!
//! How it fits together:
//! - `scripts/dist.sh` runs `src/bin/prerender.rs`, which writes `prerendered/<plan id>.html`
//!   for every plan of `seeds/index.json` (citizens' app only): `fragment` below, built from
//!   the same `Dom` builders the app's overview uses; and lists those plans on the citizens'
//!   page (`list_on_page`).
//! - The page's start-up script (`assets/early-fetch.js`), on a plain link to a listed plan's
//!   overview (`?plan=<id>` and nothing else), downloads that fragment with the plan file and
//!   puts it at the top of `<body>` — only if its `data-plan-hash` is the hash of the plan file
//!   the server sends now (`text_hash`, SHA-256) and the index still names that file, so a
//!   plan file replaced without a rebuild is never shown with stale figures. (A check against
//!   mistakes, not attacks: whoever can replace the plan file can replace the fragment too.)
//!   While it is shown, the page's `data-prerendered` attribute hides the app's own markup
//!   (style/main.css).
//! - Once the app has its page (or its error) for that plan, it calls `retire` (the script's).
//! - The home page (no query at all) the same way: `home_fragment`, the list of plans with
//!   each one's figures, shown only if `texts_hash` of the index and every listed plan file
//!   is the one it carries (the app's home takes those downloads too, and takes over once every
//!   card has its figures).
//!
//! If the app never starts (an old browser, a failed download), the page stays readable.

use crate::dom::{el, elc, Dom};
use plan_core::plan::Plan;

/// The fragment for one plan: the site header and the overview's first screen
/// (`pages::plan::overview_first_screen`), marked with the plan file's hash.
pub fn fragment(plan: &Plan, plan_text: &str) -> String {
    page_fragment(
        crate::pages::plan::overview_first_screen(plan),
        &text_hash(plan_text),
    )
}

/// The file of the home page's fragment: a dot, so no plan id can name it.
pub const HOME_FRAGMENT: &str = "home.page.html";

/// The home page's fragment (`HOME_FRAGMENT`): the list of plans with each one's summary, as
/// the app's `pages::home` shows them, marked with `texts_hash` of the index and every plan
/// file in index order (`plans` holds each entry with its plan and file text).
pub fn home_fragment(
    index_text: &str,
    plans: &[(&plan_core::plan::IndexEntry, &Plan, &str)],
) -> String {
    use crate::pages::home::{card_head, card_summary, intro};
    let cards = plans.iter().map(|(entry, plan, _)| {
        Dom::from(
            elc("li", "plan-card")
                .children(card_head(entry))
                .child(card_summary(plan)),
        )
    });
    let mut content: Vec<Dom> = intro().into();
    content.push(elc("ul", "plan-list").children(cards).into());
    let texts: Vec<&str> = std::iter::once(index_text)
        .chain(plans.iter().map(|(_, _, text)| *text))
        .collect();
    page_fragment(content, &texts_hash(&texts))
}

/// The site header and `content` in the page's `<main>`, marked with `hash`.
fn page_fragment(content: impl IntoIterator<Item = Dom>, hash: &str) -> String {
    let main = el("main")
        .attr("id", "main")
        .attr("tabindex", "-1")
        .children(content);
    let root = el("div")
        .attr("id", "prerendered")
        .attr("data-plan-hash", hash.to_string())
        .children(crate::app::site_header())
        .child(main);
    Dom::from(root).markup()
}

/// The page with its `<html>` tag naming the pre-rendered plans and their files
/// (`data-prerender="yuzawa=yuzawa.json annaka=annaka.json"`), and `data-prerender-home` if
/// the home page is pre-rendered too: the start-up script asks only for those (an unlisted
/// plan costs no request and no 404), and asks for the plan file at once, beside
/// `seeds/index.json` rather than after it; it shows the overview only if the index still
/// names that file. These attributes, bare or from an earlier run, are replaced. `None` if
/// the page has no `<html …>` tag.
pub fn list_on_page(html: &str, plans: &[(&str, &str)], home: bool) -> Option<String> {
    let start = html.find("<html ")?;
    let end = start + html[start..].find('>')?;
    let mut tag = html[start..end].to_string();
    for name in ["data-prerender", "data-prerender-home"] {
        remove_attribute(&mut tag, name);
    }
    let listed = plans
        .iter()
        .map(|(id, file)| format!("{id}={file}"))
        .collect::<Vec<_>>()
        .join(" ");
    let home = if home { " data-prerender-home" } else { "" };
    Some(format!(
        "{}{tag} data-prerender=\"{listed}\"{home}{}",
        &html[..start],
        &html[end..]
    ))
}

/// Remove the attribute `name` (bare, or with a double-quoted value) from a start tag.
fn remove_attribute(tag: &mut String, name: &str) {
    let mut from = 0;
    while let Some(found) = tag[from..].find(name).map(|at| from + at) {
        let after = found + name.len();
        let rest = &tag[after..];
        let whole_name = tag[..found].ends_with(' ')
            && (rest.is_empty() || rest.starts_with(['=', ' ', '/', '>']));
        if !whole_name {
            from = after;
            continue;
        }
        let value = match rest.strip_prefix("=\"") {
            Some(quoted) => 2 + quoted.find('"').map_or(quoted.len(), |q| q + 1),
            None => 0,
        };
        tag.replace_range(found - 1..after + value, "");
        from = found - 1;
    }
}

/// SHA-256 of the text's UTF-8, as 64 hex digits: what the start-up script computes with Web
/// Crypto over the plan file it downloaded (the browser decodes the file to text, dropping a
/// byte order mark, and the script encodes it back to UTF-8; so the BOM is dropped here too).
pub fn text_hash(text: &str) -> String {
    texts_hash(&[text])
}

/// `text_hash` of several files' texts joined by NUL (which no JSON text holds unescaped), as
/// the start-up script joins them.
pub fn texts_hash(texts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            hasher.update([0u8]);
        }
        hasher.update(text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes());
    }
    hasher
        .finalize()
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
    fn several_files_hash_as_the_page_script_joins_them() {
        // Node: digest of new TextEncoder().encode(texts.join("\u0000")), as for the home page.
        assert_eq!(
            texts_hash(&["{\"plans\":[]}", "湯沢", "𠮷"]),
            "f55b33de940018e51cb959ae5a10cbf46b4808f16ab7fcdf41ae0fef7ad7c57d"
        );
        assert_eq!(texts_hash(&["a"]), text_hash("a"));
        // Where one file ends and the next begins counts.
        assert_ne!(texts_hash(&["ab", "c"]), texts_hash(&["a", "bc"]));
        assert_eq!(
            texts_hash(&["\u{feff}a", "\u{feff}b"]),
            texts_hash(&["a", "b"])
        );
    }

    #[test]
    fn the_home_fragment_lists_every_plan_with_its_figures() {
        let index_text = include_str!("../seeds/index.json");
        let index: plan_core::plan::PlanIndex = serde_json::from_str(index_text).unwrap();
        let yuzawa_text = include_str!("../seeds/yuzawa.json");
        let annaka_text = include_str!("../seeds/annaka.json");
        let (yuzawa, annaka) = (test_seeds::yuzawa(), test_seeds::annaka());
        let entry = |id: &str| index.plans.iter().find(|e| e.id == id).unwrap();
        let plans = [
            (entry("yuzawa"), &yuzawa, yuzawa_text),
            (entry("annaka"), &annaka, annaka_text),
        ];
        let html = home_fragment(index_text, &plans);
        assert!(html.starts_with(&format!(
            r#"<div id="prerendered" data-plan-hash="{}">"#,
            texts_hash(&[index_text, yuzawa_text, annaka_text])
        )));
        assert!(html.contains("<h1>行政改革・経営戦略の進捗</h1>"));
        assert!(html.contains(
            "令和5年度（2023年度）時点: KPI 20件のうち 達成 5件・評価対象 18件（達成割合 28%）"
        ));
        assert_eq!(html.matches(r#"<li class="plan-card">"#).count(), 2);
        // Each card as the app shows it: city, linked title, period and the engine's summary.
        for (entry, plan, _) in &plans {
            assert!(html.contains(&format!(r#"<p class="city">{}</p>"#, entry.municipality)));
            assert!(html.contains(&format!(r#"<a href="?plan={}">"#, entry.id)));
            let summary = crate::pages::home::card_summary(plan);
            let kpis = plan_core::engine::Scorecard::new(plan, 2026).kpis.len();
            assert!(summary.text_content().contains(&format!("KPI {kpis}件")));
            assert!(html.contains(&summary.markup()));
        }
        // No test ids: the app's own list has them, and the two are in the page for a moment.
        assert!(!html.contains("data-testid"));
    }

    #[test]
    fn the_page_lists_the_prerendered_plans_once() {
        let page = "<!DOCTYPE html>\n<html lang=\"ja\" data-prerender>\n<head></head></html>";
        let plans = [("yuzawa", "yuzawa.json"), ("annaka", "annaka.json")];
        let listed = list_on_page(page, &plans, false).unwrap();
        assert_eq!(
            listed,
            "<!DOCTYPE html>\n<html lang=\"ja\" data-prerender=\"yuzawa=yuzawa.json annaka=annaka.json\">\n<head></head></html>"
        );
        // Run again (a second build into the same folder): replaced, not added.
        let again = list_on_page(&listed, &[("higashine", "h.json")], true).unwrap();
        assert!(
            again.contains(
                r#"<html lang="ja" data-prerender="higashine=h.json" data-prerender-home>"#
            ),
            "{again}"
        );
        // Before other attributes too.
        let first = r#"<html data-prerender="x" lang="ja"><body></body></html>"#;
        assert_eq!(
            list_on_page(first, &[], false).unwrap(),
            r#"<html lang="ja" data-prerender=""><body></body></html>"#
        );
        // The home's mark goes when the home is not pre-rendered any more, whatever the order.
        let both = r#"<html data-prerender-home data-prerender="a=a.json" lang="ja">"#;
        assert_eq!(
            list_on_page(both, &[("b", "b.json")], false).unwrap(),
            r#"<html lang="ja" data-prerender="b=b.json">"#
        );
        assert_eq!(
            list_on_page(&again, &[("b", "b.json")], false).unwrap(),
            "<!DOCTYPE html>\n<html lang=\"ja\" data-prerender=\"b=b.json\">\n<head></head></html>"
        );
        assert_eq!(
            list_on_page("<p>no page</p>", &[("a", "a.json")], false),
            None
        );
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
        assert!(html.contains("<select autocomplete=\"off\" disabled=\"\">"));
        assert!(html.contains(r#"<a href="?plan=yuzawa&amp;view=report" class="button">"#));
    }
}
