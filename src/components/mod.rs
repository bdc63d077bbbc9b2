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
