//! The evaluation badge: label, symbol and colour together, so colour is never the only signal.

use plan_core::engine::{
    format_rate, Outcome, AWAITING_COLOR, AWAITING_LABEL, AWAITING_SYMBOL, NOT_EVALUABLE_COLOR,
    NOT_EVALUABLE_LABEL, NOT_EVALUABLE_SYMBOL,
};
use plan_core::plan::Band;

/// (label, symbol, colour) of an outcome.
pub fn outcome_style(outcome: &Outcome, bands: &[Band]) -> (String, String, String) {
    match outcome {
        Outcome::Rate { band, .. } => {
            let b = &bands[*band];
            (b.label.clone(), b.symbol.clone(), b.color.clone())
        }
        Outcome::Improved { achieved } => {
            let b = if *achieved {
                &bands[0]
            } else {
                &bands[bands.len() - 1]
            };
            let label = if *achieved {
                "向上（達成）"
            } else {
                "向上せず（未達成）"
            };
            (label.into(), b.symbol.clone(), b.color.clone())
        }
        Outcome::Milestone { status } => (
            format!("実施状況: {}", status.as_deref().unwrap_or("未入力")),
            "□".into(),
            NOT_EVALUABLE_COLOR.into(),
        ),
        Outcome::NotEvaluable { .. } => (
            NOT_EVALUABLE_LABEL.into(),
            NOT_EVALUABLE_SYMBOL.into(),
            NOT_EVALUABLE_COLOR.into(),
        ),
        Outcome::Awaiting { .. } => (
            AWAITING_LABEL.into(),
            AWAITING_SYMBOL.into(),
            AWAITING_COLOR.into(),
        ),
    }
}

/// The rate as shown ("93%"), or "—".
pub fn rate_text(outcome: &Outcome, bands: &[Band]) -> String {
    match outcome {
        Outcome::Rate { rate, .. } => format_rate(*rate, bands),
        _ => "—".into(),
    }
}

/// The evaluation badge: label, symbol and colour (why there is no rate as its title).
pub fn badge_dom(outcome: &Outcome, bands: &[Band]) -> crate::dom::El {
    use crate::dom::elc;
    let (label, symbol, color) = outcome_style(outcome, bands);
    let title = outcome.reason().unwrap_or(&label).to_string();
    elc("span", "badge")
        .attr("style", format!("--band:{}", css_color(&color)))
        .attr("title", title)
        .child(
            elc("span", "badge-symbol")
                .attr("aria-hidden", "true")
                .text(symbol),
        )
        .text(label)
}

/// A band colour from plan data as CSS: "#rgb" or "#rrggbb", anything else grey. Plan files
/// come from outside; this keeps a "colour" from carrying other CSS into a style attribute.
pub fn css_color(color: &str) -> &str {
    let hex = color.strip_prefix('#').unwrap_or("");
    if matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        color
    } else {
        plan_core::engine::NOT_EVALUABLE_COLOR
    }
}

/// KPI counts per band as a stacked bar: one box per non-empty band, sharing the width in
/// proportion to its count (CSS flex-grow). Plain boxes rather than a drawn picture, so a
/// new year updates a few style values in place. Decoration only: the counts are written
/// next to it, which is its text equivalent.
pub fn band_bar_dom<'a>(segments: impl IntoIterator<Item = (u32, &'a str)>) -> crate::dom::El {
    use crate::dom::{el, elc};
    elc("div", "bar").attr("aria-hidden", "true").children(
        segments
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, color)| {
                el("span")
                    .attr(
                        "style",
                        format!("flex-grow:{n};background:{}", css_color(color)),
                    )
                    .into()
            }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_bar_has_one_box_per_non_empty_band_sized_by_its_count() {
        let bar = crate::dom::Dom::from(band_bar_dom([
            (5, "#1a7f37"),
            (0, "#9a6700"),
            (3, "#CF222E"),
        ]));
        assert_eq!(
            bar.markup(),
            "<div class=\"bar\" aria-hidden=\"true\">\
             <span style=\"flex-grow:5;background:#1a7f37\"></span>\
             <span style=\"flex-grow:3;background:#CF222E\"></span></div>"
        );
    }

    #[test]
    fn a_colour_that_is_not_a_hex_colour_is_shown_grey() {
        assert_eq!(css_color("#fff"), "#fff");
        for bad in [
            "red;background:url(https://x.example/)",
            "#12345",
            "#ggg",
            "",
            "1a7f37",
        ] {
            assert_eq!(css_color(bad), "#57606a", "{bad}");
        }
    }
}
