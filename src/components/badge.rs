//! The evaluation badge: label, symbol and colour together, so colour is never the only
//! signal; and the rate as text.

use leptos::prelude::*;
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

/// The evaluation badge of an outcome, with why there is no rate as its title.
pub fn badge(outcome: &Outcome, bands: &[Band]) -> impl IntoView {
    let (label, symbol, color) = outcome_style(outcome, bands);
    let title = outcome.reason().unwrap_or(&label).to_string();
    view! {
        <span class="badge" style=format!("--band:{}", css_color(&color)) title=title>
            <span class="badge-symbol" aria-hidden="true">{symbol}</span>
            {label}
        </span>
    }
}

/// A KPI's rate and badge in the open plan as of its year, following the year and edits.
#[component]
pub fn KpiOutcome(kpi: String) -> impl IntoView {
    let score = crate::state::plan::use_open_plan().score;
    move || {
        score
            .with(|s| {
                s.kpi(&kpi).map(|r| {
                    let outcome = &r.final_target.outcome;
                    view! {
                        <span class="rate">{rate_text(outcome, &s.bands)}</span>
                        " "
                        {badge(outcome, &s.bands)}
                    }
                })
            })
            .into_any()
    }
}

/// A band colour from plan data as CSS: "#rgb" or "#rrggbb", anything else grey. Plan files
/// come from outside; this keeps a "colour" from carrying other CSS into a style attribute.
pub fn css_color(color: &str) -> &str {
    let hex = color.strip_prefix('#').unwrap_or("");
    if matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        color
    } else {
        NOT_EVALUABLE_COLOR
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_seeds::render;

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

    #[test]
    fn a_badge_says_its_band_with_a_symbol_and_why_there_is_no_rate() {
        let bands = plan_core::engine::default_bands();
        let rated = Outcome::Rate {
            rate: 93.0,
            band: 1,
        };
        let html = render(move || badge(&rated, &bands));
        assert!(html.contains(r#"class="badge""#), "{html}");
        assert!(html.contains("--band:#9a6700"), "{html}");
        assert!(
            html.contains(r#"class="badge-symbol">○</span>概ね達成</span>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<span aria-hidden="true" class="badge-symbol">"#),
            "{html}"
        );
        let awaiting = Outcome::Awaiting {
            reason: "令和5年度の実績値がまだありません".into(),
        };
        let bands = plan_core::engine::default_bands();
        let html = render(move || badge(&awaiting, &bands));
        assert!(
            html.contains(r#"title="令和5年度の実績値がまだありません""#),
            "{html}"
        );
        assert!(html.contains("実績待ち"), "{html}");
    }
}
