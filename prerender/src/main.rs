//! Build step (scripts/dist.sh, and the benchmark for its synthetic plans): writes
//! `<site>/prerendered/<plan id>.html` for every plan listed in `<site>/seeds/index.json`,
//! and `<site>/prerendered/home.page.html` when every plan has its page; and lists them in
//! `<site>/index.html` (see the crate's documentation).
//!
//! `cargo run -p prerender -- <site dir>`
//!
//! A plan that does not parse gets no page (the app shows its error when opened); that is
//! reported here, and the step does not fail, because the release is still usable.

use plan_core::validate::{parse_index, parse_plan};
use prerender::{home_fragment, list_on_page, plan_fragment, HOME_FRAGMENT};
use std::path::Path;

fn main() {
    let site = std::env::args()
        .nth(1)
        .expect("usage: prerender <site dir>");
    let site = Path::new(&site);
    let index_path = site.join("seeds/index.json");
    let index_text = std::fs::read_to_string(&index_path)
        .unwrap_or_else(|e| panic!("{}: {e}", index_path.display()));
    let index = parse_index(&index_text)
        .unwrap_or_else(|problems| panic!("{}: {}", index_path.display(), problems[0]));
    let out = site.join("prerendered");
    std::fs::create_dir_all(&out).expect("create prerendered/");
    let mut written = Vec::new();
    // Each plan with its file's text, for the home page.
    let mut plans = Vec::new();
    for entry in &index.plans {
        // The id names a file: letters, digits, - and _ only (no path of any kind).
        if entry.id.is_empty()
            || !entry
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            eprintln!(
                "prerender: skipped the plan id {:?} (not a file name)",
                entry.id
            );
            continue;
        }
        // The page lists the plan file as `id=file`, space-separated, in an attribute.
        if entry.file.is_empty()
            || entry
                .file
                .chars()
                .any(|c| c.is_whitespace() || "=\"&<>".contains(c))
        {
            eprintln!(
                "prerender: skipped the plan file {:?} (not listable)",
                entry.file
            );
            continue;
        }
        let path = site.join("seeds").join(&entry.file);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("prerender: skipped {}: {e}", path.display());
                continue;
            }
        };
        let plan = match parse_plan(&text) {
            Ok(plan) if plan.id == entry.id => plan,
            Ok(plan) => {
                eprintln!(
                    "prerender: skipped {} (its id {:?} is not the index's {:?})",
                    path.display(),
                    plan.id,
                    entry.id
                );
                continue;
            }
            Err(problems) => {
                eprintln!(
                    "prerender: skipped {} ({} problems, first: {})",
                    path.display(),
                    problems.len(),
                    problems[0]
                );
                continue;
            }
        };
        let file = out.join(format!("{}.html", entry.id));
        std::fs::write(&file, plan_fragment(&index, &plan, &text))
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        written.push((entry.id.as_str(), entry.file.as_str()));
        plans.push((entry, plan, text));
    }
    // The home page lists every plan with its figures: pre-rendered only if all of them are.
    let home = !index.plans.is_empty() && plans.len() == index.plans.len();
    let home_file = out.join(HOME_FRAGMENT);
    if home {
        let plans: Vec<_> = plans
            .iter()
            .map(|(entry, plan, text)| (*entry, plan, text.as_str()))
            .collect();
        std::fs::write(&home_file, home_fragment(&index, &index_text, &plans))
            .unwrap_or_else(|e| panic!("{}: {e}", home_file.display()));
    } else {
        eprintln!("prerender: the home page is not pre-rendered (not every plan is)");
        let _ = std::fs::remove_file(&home_file);
    }
    let page = site.join("index.html");
    let html = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    let html = list_on_page(&html, &written, home)
        .unwrap_or_else(|| panic!("{}: no <html …> tag", page.display()));
    std::fs::write(&page, html).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
}
