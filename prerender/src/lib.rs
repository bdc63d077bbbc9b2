//! The citizens' plan overviews and home page, rendered at build time by the app's own
//! components (Leptos's server rendering, natively), so a citizen on a phone reads them
//! before the app has downloaded; the app then renders the very same page and takes its
//! place unseen.
//!
//! How it fits together:
//! - `scripts/dist.sh` runs this crate's binary, which writes `prerendered/<plan id>.html`
//!   for every plan of `seeds/index.json` ([`plan_fragment`]) and `prerendered/home.page.html`
//!   ([`home_fragment`]), and lists them on the citizens' page ([`list_on_page`]).
//! - The page's start-up script (`assets/early-fetch.js`), on a plain link to a listed plan's
//!   overview (`?plan=<id>` and nothing else) or to the home page (no query), downloads the
//!   fragment with the files it was made from, and puts it at the top of `<body>` only if its
//!   `data-plan-hash` is the hash of those files as the server sends them now ([`texts_hash`]):
//!   a plan file replaced without a rebuild is never shown with the build's figures. (A check
//!   against mistakes, not attacks: whoever can replace the plan file can replace the
//!   fragment too.)
//! - The app loads the same files first, so its first render is this render, and puts it in
//!   the fragment's place in one step, keeping the focus (`kpi_dashboard::start`).
//!
//! If the app never starts (an old browser, a failed download), the page stays readable.

use kpi_dashboard::state::app::AppState;
use leptos::prelude::*;
use plan_core::plan::{IndexEntry, Plan, PlanIndex};
use plan_core::route::Route;
use std::sync::Arc;

/// The file of the home page's fragment: a dot, so no plan id can name it.
pub const HOME_FRAGMENT: &str = "home.page.html";

/// The app at `route` with `index` and `plans` loaded, as the browser's first render shows it.
pub fn render_page(route: Route, index: &PlanIndex, plans: Vec<Arc<Plan>>) -> String {
    let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
    owner.with(move || {
        let state = AppState::with_files(Some(Arc::new(index.clone())), plans);
        kpi_dashboard::app::root(route, state).to_html()
    })
}

/// The overview of `plan` (`plan_text`, listed in `index`).
pub fn plan_fragment(index: &PlanIndex, plan: &Plan, plan_text: &str) -> String {
    let page = render_page(Route::plan(&plan.id), index, vec![Arc::new(plan.clone())]);
    fragment(page, &text_hash(plan_text))
}

/// The home page: the list of `plans` (each entry with its plan and file text, in index
/// order) with each one's figures, marked with the hash of the index and every plan file.
pub fn home_fragment(
    index: &PlanIndex,
    index_text: &str,
    plans: &[(&IndexEntry, &Plan, &str)],
) -> String {
    let loaded = plans
        .iter()
        .map(|(_, plan, _)| Arc::new((*plan).clone()))
        .collect();
    let texts: Vec<&str> = std::iter::once(index_text)
        .chain(plans.iter().map(|(_, _, text)| *text))
        .collect();
    fragment(
        render_page(Route::home(), index, loaded),
        &texts_hash(&texts),
    )
}

/// The page's HTML in the element the start-up script shows and the app takes the place of.
fn fragment(page: String, hash: &str) -> String {
    format!(r#"<div id="prerendered" data-plan-hash="{hash}">{page}</div>"#)
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

#[cfg(test)]
mod tests {
    use super::*;
    use plan_core::validate::{parse_index, parse_plan};

    const INDEX: &str = include_str!("../../seeds/index.json");
    const YUZAWA: &str = include_str!("../../seeds/yuzawa.json");
    const ANNAKA: &str = include_str!("../../seeds/annaka.json");
    const HIGASHINE: &str = include_str!("../../seeds/higashine.json");
    const MINAMI_ALPS: &str = include_str!("../../seeds/minami-alps.json");

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
    fn the_overview_is_the_apps_own_first_render() {
        let index = parse_index(INDEX).unwrap();
        let plan = parse_plan(YUZAWA).unwrap();
        let html = plan_fragment(&index, &plan, YUZAWA);
        assert!(html.starts_with(&format!(
            r#"<div id="prerendered" data-plan-hash="{}">"#,
            text_hash(YUZAWA)
        )));
        assert!(html.contains(r#"<main id="main" tabindex="-1">"#), "{html}");
        assert!(html.contains("<h1>湯沢市経営戦略（素案）</h1>"), "{html}");
        // The figures are the engine's for the default year.
        assert!(
            html.contains(">KPI 20件: 達成 6件、概ね達成 5件、未達成 9件、評価不能 0件<"),
            "{html}"
        );
        assert!(html.contains(r#"<option value="2023" selected"#), "{html}");
        // The year select waits for the app; links work as plain links.
        assert!(html.contains("disabled"), "{html}");
        assert!(
            html.contains(r#"href="?plan=yuzawa&amp;view=report""#),
            "{html}"
        );
        // The finder and the tree, opened at its top level, as the app shows them.
        assert!(html.contains(r#"<ul class="tree-root">"#), "{html}");
        assert!(html.contains(">指標をさがす<"), "{html}");
    }

    #[test]
    fn the_home_page_lists_every_plan_with_its_figures() {
        let index = parse_index(INDEX).unwrap();
        let texts = [YUZAWA, ANNAKA, HIGASHINE, MINAMI_ALPS];
        let plans: Vec<Plan> = texts.iter().map(|t| parse_plan(t).unwrap()).collect();
        let listed: Vec<_> = index
            .plans
            .iter()
            .map(|entry| {
                let i = plans.iter().position(|p| p.id == entry.id).unwrap();
                (entry, &plans[i], texts[i])
            })
            .collect();
        let html = home_fragment(&index, INDEX, &listed);
        let in_index_order: Vec<&str> = listed.iter().map(|(_, _, t)| *t).collect();
        assert!(html.starts_with(&format!(
            r#"<div id="prerendered" data-plan-hash="{}">"#,
            texts_hash(&[&[INDEX][..], &in_index_order].concat())
        )));
        assert_eq!(html.matches(r#"class="plan-card""#).count(), 4, "{html}");
        assert!(html.contains("<h1>行政改革・経営戦略の進捗</h1>"), "{html}");
        assert!(
            html.contains(
                ">令和5年度（2023年度）時点: KPI 20件のうち 達成 6件・評価対象 20件（達成割合 30%）<"
            ),
            "{html}"
        );
        assert!(html.contains(r#"href="?plan=annaka""#), "{html}");
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
}
