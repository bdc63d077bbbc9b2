//! The KPI chart, drawn with plotters' SVG backend, with its legend and text equivalent.
//!
//! The SVG's text is numbers and years only (axis labels), in the page's sans-serif; names
//! and comments from plan data stay in the HTML around it (legend, caption), escaped by
//! Leptos, so no plan text is ever put in as markup.

use leptos::prelude::*;
use plan_core::format::{number, wareki_short};
use plan_core::plan::{Figure, FiscalYear, Kpi, Period};
use plotters::prelude::*;

/// Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics).
const ACTUAL: RGBColor = RGBColor(0x05, 0x50, 0xae);
const TARGET: RGBColor = RGBColor(0x9a, 0x67, 0x00);
const BASELINE: RGBColor = RGBColor(0x57, 0x60, 0x6a);

/// Legend entries, drawn in HTML next to the chart: (label, CSS colour, marker).
const LEGEND: [(&str, &str, &str); 3] = [
    ("実績値", "#0550ae", "●"),
    ("目標値（計画の道筋）", "#9a6700", "▲"),
    ("基準値", "#57606a", "■"),
];

/// The points a KPI chart shows: baseline, the target path and the actuals.
#[derive(Debug, Default, PartialEq)]
pub struct KpiSeries {
    pub baseline: Option<(FiscalYear, f64)>,
    pub targets: Vec<(FiscalYear, f64)>,
    pub actuals: Vec<(FiscalYear, f64)>,
}

impl KpiSeries {
    pub fn of(kpi: &Kpi, period: Period) -> Self {
        let baseline = kpi.baseline.as_ref().and_then(|b| {
            let v = b.value?;
            Some((b.fy.unwrap_or(period.start - 1), v))
        });
        let mut targets: Vec<(FiscalYear, f64)> = kpi
            .targets
            .iter()
            .filter_map(|(y, f)| f.number().map(|n| (*y, n)))
            .collect();
        if let Some(t) = &kpi.target {
            if let Some(v) = t.value {
                if !targets.iter().any(|(y, _)| *y == t.fy) {
                    targets.push((t.fy, v));
                }
            }
        }
        // The target path starts at the baseline, so the line shows the planned course.
        if targets.len() == 1 {
            if let Some(b) = baseline {
                targets.insert(0, b);
            }
        }
        targets.sort_by_key(|(y, _)| *y);
        let actuals = kpi
            .actuals
            .iter()
            .filter_map(|(y, f)| match f {
                Figure::Number(n) if n.is_finite() => Some((*y, *n)),
                _ => None,
            })
            .collect();
        KpiSeries {
            baseline,
            targets,
            actuals,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.baseline.is_none() && self.targets.is_empty() && self.actuals.is_empty()
    }

    /// The accessible text equivalent of the chart.
    pub fn describe(&self, unit: &str) -> String {
        let mut parts = Vec::new();
        if let Some((y, v)) = self.baseline {
            parts.push(format!(
                "基準値 {}{unit}（{}）",
                number(v, None),
                wareki_short(y)
            ));
        }
        if let Some((y, v)) = self.targets.last() {
            parts.push(format!(
                "目標値 {}{unit}（{}）",
                number(*v, None),
                wareki_short(*y)
            ));
        }
        if self.actuals.is_empty() {
            parts.push("実績値はまだありません".into());
        } else {
            let list: Vec<String> = self
                .actuals
                .iter()
                .map(|(y, v)| format!("{} {}{unit}", wareki_short(*y), number(*v, None)))
                .collect();
            parts.push(format!("実績値 {}", list.join("、")));
        }
        parts.join("。")
    }

    /// Every year and every value the chart shows.
    fn points(&self) -> impl Iterator<Item = (FiscalYear, f64)> + '_ {
        self.baseline
            .into_iter()
            .chain(self.targets.iter().copied())
            .chain(self.actuals.iter().copied())
    }
}

/// A "nice" tick step (1, 2 or 5 × 10ⁿ) giving about `target` intervals over `range`.
fn nice_step(range: f64, target: f64) -> f64 {
    let raw = (range / target).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powi(raw.log10().floor() as i32);
    let m = raw / magnitude;
    let nice = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// Draw the KPI chart as an SVG document of `width` × `height`. `None` when there is
/// nothing to draw.
pub fn kpi_chart_svg(series: &KpiSeries, width: u32, height: u32) -> Option<String> {
    let first = series.points().map(|(y, _)| y).min()?;
    let last = series.points().map(|(y, _)| y).max()?;
    let (lo, hi) = series
        .points()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
            (lo.min(v), hi.max(v))
        });
    // The value axis runs between whole ticks around the values, about four of them.
    let step = nice_step((hi - lo).abs().max(hi.abs() * 0.1).max(1e-9), 4.0);
    let y_lo = (lo / step).floor() * step;
    let y_hi = ((hi / step).ceil() * step).max(y_lo + step);
    let ticks = ((y_hi - y_lo) / step).round() as usize + 1;
    let years = (last - first + 1) as usize;
    // A column per year, each point at its column's centre.
    let year = |y: FiscalYear| SegmentValue::CenterOf(y);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let mut chart = ChartBuilder::on(&root)
            .margin_top(12)
            .margin_right(16)
            .x_label_area_size(30)
            .y_label_area_size(72)
            .build_cartesian_2d((first..last).into_segmented(), y_lo..y_hi)
            .ok()?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(years)
            .y_labels(ticks)
            .light_line_style(TRANSPARENT)
            .bold_line_style(BLACK.mix(0.12))
            .axis_style(BLACK.mix(0.6))
            // 14.5 px labels (plotters writes a font size of the given size ÷ 1.24).
            .label_style((FontFamily::SansSerif, 18))
            .x_label_formatter(&|value| match value {
                SegmentValue::Exact(y) | SegmentValue::CenterOf(y) => wareki_short(*y),
                SegmentValue::Last => String::new(),
            })
            .y_label_formatter(&|value| number(*value, None))
            .draw()
            .ok()?;
        let at = |(y, value): &(FiscalYear, f64)| (year(*y), *value);
        if !series.targets.is_empty() {
            let path: Vec<_> = series.targets.iter().map(at).collect();
            chart
                .draw_series(DashedLineSeries::new(
                    path.clone(),
                    6,
                    4,
                    TARGET.stroke_width(2),
                ))
                .ok()?;
            chart
                .draw_series(
                    path.into_iter()
                        .map(|p| TriangleMarker::new(p, 6, TARGET.filled())),
                )
                .ok()?;
        }
        if let Some(baseline) = &series.baseline {
            let marker = EmptyElement::at(at(baseline))
                + Rectangle::new([(-5, -5), (5, 5)], BASELINE.filled());
            chart.draw_series(std::iter::once(marker)).ok()?;
        }
        if !series.actuals.is_empty() {
            let path: Vec<_> = series.actuals.iter().map(at).collect();
            chart
                .draw_series(LineSeries::new(path.clone(), ACTUAL.stroke_width(3)))
                .ok()?;
            chart
                .draw_series(path.into_iter().map(|p| Circle::new(p, 5, ACTUAL.filled())))
                .ok()?;
        }
        root.present().ok()?;
    }
    Some(svg)
}

/// The chart of a KPI's values over the plan's period, its legend, and the same in words.
/// Nothing when the KPI has no number to draw.
pub fn kpi_chart(kpi: &Kpi, period: Period) -> Option<impl IntoView> {
    let series = KpiSeries::of(kpi, period);
    if series.is_empty() {
        return None;
    }
    let svg = kpi_chart_svg(&series, 480, 280)?;
    let description = series.describe(kpi.unit.as_deref().unwrap_or(""));
    let legend = LEGEND
        .iter()
        .map(|(label, color, mark)| {
            view! {
                <li>
                    <span style=format!("color:{color}") aria-hidden="true">{*mark}</span>
                    {format!(" {label}")}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <figure class="chart" data-testid="kpi-chart">
            <div class="chart-svg" role="img" aria-label=description.clone() inner_html=svg></div>
            <figcaption>
                <ul class="legend">{legend}</ul>
                <p class="chart-text" data-testid="chart-text">{description}</p>
            </figcaption>
        </figure>
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use plan_core::plan::{Baseline, FinalTarget, TargetKind};

    fn kpi() -> Kpi {
        Kpi {
            id: "k07".into(),
            name: "延べ床面積".into(),
            baseline: Some(Baseline {
                value: Some(299963.0),
                as_of: Some("R1".into()),
                fy: Some(2019),
            }),
            target: Some(FinalTarget {
                value: Some(264000.0),
                fy: 2026,
                kind: TargetKind::AtMost,
                text: None,
            }),
            actuals: [
                (2021, Figure::Number(296121.0)),
                (2022, Figure::Number(285615.0)),
                (2023, Figure::Number(283179.0)),
            ]
            .into(),
            ..Default::default()
        }
    }

    const PERIOD: Period = Period {
        start: 2021,
        end: 2026,
    };

    #[test]
    fn series_and_text_equivalent() {
        let s = KpiSeries::of(&kpi(), PERIOD);
        assert_eq!(s.targets, vec![(2019, 299963.0), (2026, 264000.0)]);
        assert_eq!(
            s.describe("m²"),
            "基準値 299,963m²（R1）。目標値 264,000m²（R8）。実績値 R3 296,121m²、R4 285,615m²、R5 283,179m²"
        );
    }

    #[test]
    fn draws_every_point_and_labels_every_year_and_tick() {
        let svg = kpi_chart_svg(&KpiSeries::of(&kpi(), PERIOD), 480, 280).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 3, "one marker per actual");
        assert_eq!(
            svg.matches("<polygon").count(),
            2,
            "one marker per target point"
        );
        for label in ["R1", "R2", "R5", "R8", "300,000", "260,000"] {
            assert!(
                svg.contains(&format!(">\n{label}\n</text>")),
                "{label} missing: {svg}"
            );
        }
        assert!(svg.contains(r#"font-family="sans-serif""#), "{svg}");
        assert!(svg.contains(r#"font-size="14.5"#), "{svg}");
    }

    #[test]
    fn no_numbers_no_chart() {
        let empty = Kpi {
            id: "k".into(),
            name: "x".into(),
            ..Default::default()
        };
        assert!(KpiSeries::of(&empty, PERIOD).is_empty());
        assert!(kpi_chart_svg(&KpiSeries::default(), 480, 280).is_none());
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(40000.0, 4.0), 10000.0);
        assert_eq!(nice_step(7.0, 4.0), 2.0);
        assert_eq!(nice_step(0.3, 4.0), 0.1);
    }
}
