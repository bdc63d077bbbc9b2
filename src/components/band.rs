//! The evaluation badge: label, symbol and colour together, so colour is never the only signal.

use plan_core::engine::{
    format_rate, Outcome, NOT_EVALUABLE_COLOR, NOT_EVALUABLE_LABEL, NOT_EVALUABLE_SYMBOL,
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
    }
}

/// The rate as shown ("93%"), or "—".
pub fn rate_text(outcome: &Outcome, bands: &[Band]) -> String {
    match outcome {
        Outcome::Rate { rate, .. } => format_rate(*rate, bands),
        _ => "—".into(),
    }
}

/// The evaluation badge: label, symbol and colour (the reason of 評価不能 as its title).
pub fn badge_dom(outcome: &Outcome, bands: &[Band]) -> crate::dom::El {
    use crate::dom::elc;
    let (label, symbol, color) = outcome_style(outcome, bands);
    let title = match outcome {
        Outcome::NotEvaluable { reason } => reason.clone(),
        _ => label.clone(),
    };
    elc("span", "badge")
        .attr("style", format!("--band:{color}"))
        .attr("title", title)
        .child(
            elc("span", "badge-symbol")
                .attr("aria-hidden", "true")
                .text(symbol),
        )
        .text(label)
}
