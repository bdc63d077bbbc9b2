//! KPI counts per band: a stacked bar, and the counts written out (the bar's text equivalent).

use super::badge::css_color;
use leptos::prelude::*;
use plan_core::engine::{
    format_rate, RollUp, AWAITING_COLOR, AWAITING_LABEL, MILESTONE_LABEL, NOT_EVALUABLE_COLOR,
    NOT_EVALUABLE_LABEL,
};
use plan_core::format::count;
use plan_core::plan::Band;

/// Shown for KPIs evaluated by their implementation status.
const MILESTONE_COLOR: &str = "#8c959f";

/// "実績待ち 17件": a kind of KPI and how many, as the overview and the home cards say it.
pub fn counted(label: &str, n: u32) -> String {
    format!("{label} {}件", count(n as usize))
}

/// Each band and kind of KPI with its colour and count: every band, 評価不能, and 実績待ち
/// and 実施状況で評価 when there are any.
fn segments(roll: &RollUp, bands: &[Band]) -> Vec<(String, String, u32)> {
    let mut segments: Vec<(String, String, u32)> = bands
        .iter()
        .zip(roll.per_band.iter())
        .map(|(b, n)| (b.label.clone(), b.color.clone(), *n))
        .collect();
    segments.push((
        NOT_EVALUABLE_LABEL.into(),
        NOT_EVALUABLE_COLOR.into(),
        roll.not_evaluable,
    ));
    if roll.awaiting > 0 {
        segments.push((AWAITING_LABEL.into(), AWAITING_COLOR.into(), roll.awaiting));
    }
    if roll.milestones > 0 {
        segments.push((
            MILESTONE_LABEL.into(),
            MILESTONE_COLOR.into(),
            roll.milestones,
        ));
    }
    segments
}

/// The counts as the two lines under the bar: "KPI 20件: 達成 5件、…" and the mean rate and pace.
pub fn rollup_texts(roll: &RollUp, bands: &[Band]) -> (String, String) {
    let counts = segments(roll, bands)
        .iter()
        .map(|(label, _, n)| counted(label, *n))
        .collect::<Vec<_>>()
        .join("、");
    let mean = roll
        .mean_capped_rate()
        .map(|m| format!("平均達成率 {}（上限100%）", format_rate(m, bands)))
        .unwrap_or_default();
    let pace = if roll.on_track + roll.behind > 0 {
        format!(
            "ペース: 順調 {}件・遅れ {}件",
            count(roll.on_track as usize),
            count(roll.behind as usize)
        )
    } else {
        String::new()
    };
    (
        format!("KPI {}件: {counts}", count(roll.total() as usize)),
        format!("{mean} {pace}"),
    )
}

/// The roll-up: the bar, one box per non-empty band sharing the width in proportion to its
/// count (CSS flex-grow; decoration only, hidden from screen readers), and its text.
pub fn rollup(roll: &RollUp, bands: &[Band]) -> impl IntoView {
    let boxes = segments(roll, bands)
        .into_iter()
        .filter(|(_, _, n)| *n > 0)
        .map(|(_, color, n)| {
            let style = format!("flex-grow:{n};background:{}", css_color(&color));
            view! { <span style=style></span> }
        })
        .collect_view();
    let (counts, mean_and_pace) = rollup_texts(roll, bands);
    view! {
        <div class="rollup">
            <div class="bar" aria-hidden="true">{boxes}</div>
            <p class="rollup-text">{counts}</p>
            <p class="rollup-text">{mean_and_pace}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_seeds::render;
    use plan_core::engine::{latest_year_with_data, Scorecard};

    #[test]
    fn the_bar_has_one_box_per_non_empty_band_sized_by_its_count() {
        let plan = crate::test_seeds::yuzawa();
        let score = Scorecard::new(&plan, 2023);
        let html = render(move || rollup(&score.plan, &score.bands));
        assert!(
            html.contains(r#"<div aria-hidden="true" class="bar">"#),
            "{html}"
        );
        // 達成 6, 概ね達成 5, 未達成 9, 評価不能 0: a box each, none for the empty kinds.
        assert_eq!(
            html.matches("<span style=\"flex-grow:").count(),
            3,
            "{html}"
        );
        assert!(
            html.contains(r#"<span style="flex-grow:6;background:#1a7f37;"></span>"#),
            "{html}"
        );
        assert!(html.contains("KPI 20件: 達成 6件、概ね達成 5件、未達成 9件、評価不能 0件"));
    }

    /// Counts of a thousand and more carry 3桁区切り.
    #[test]
    fn counts_of_a_thousand_and_more_are_grouped() {
        let plan = plan_core::synth::synthetic_plan(1_200);
        let score = Scorecard::new(&plan, latest_year_with_data(&plan));
        let (counts, _) = rollup_texts(&score.plan, &score.bands);
        assert!(counts.contains("KPI 1,200件: "), "{counts}");
        assert!(
            !counts
                .chars()
                .collect::<Vec<_>>()
                .windows(4)
                .any(|w| w.iter().all(char::is_ascii_digit)),
            "no run of four digits: {counts}"
        );
    }
}
