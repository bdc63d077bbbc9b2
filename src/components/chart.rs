//! The KPI chart, drawn with plotters' SVG backend, with its legend and text equivalent.
//!
//! The SVG's text is numbers and years only (axis labels), in the page's sans-serif; names
//! and comments from plan data stay in the HTML around it (legend, caption), escaped by
//! Leptos, so no plan text is ever put in as markup.

use leptos::prelude::*;
use plan_core::format::{number, wareki_short};
use plan_core::plan::{Figure, FiscalYear, Kpi, Period};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
        // (Each year is there once: a year map, and the final target only where it has none.)
        targets.sort_unstable_by_key(|(y, _)| *y);
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

/// Draw the KPI chart as an SVG document of `width` × `height`, with plotters' drawing area
/// and elements on pixel coordinates: the axes are ours (a column per year; value ticks at
/// about four "nice" steps). `None` when there is nothing to draw.
pub fn kpi_chart_svg(series: &KpiSeries, width: u32, height: u32) -> Option<String> {
    let first = series.points().map(|(y, _)| y).min()?;
    let last = series.points().map(|(y, _)| y).max()?;
    let (lo, hi) = series
        .points()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
            (lo.min(v), hi.max(v))
        });
    let step = nice_step((hi - lo).abs().max(hi.abs() * 0.1).max(1e-9), 4.0);
    let y_lo = (lo / step).floor() * step;
    let y_hi = ((hi / step).ceil() * step).max(y_lo + step);

    // The plot area inside the labels, and where a year and a value fall in it.
    let (w, h) = (f64::from(width), f64::from(height));
    let (left, right, top, bottom) = (72.0, 16.0, 12.0, 30.0);
    let columns = f64::from(last - first + 1);
    let x_of = |fy: FiscalYear| {
        (left + (f64::from(fy - first) + 0.5) / columns * (w - left - right)) as i32
    };
    let y_of = |v: f64| (top + (y_hi - v) / (y_hi - y_lo) * (h - top - bottom)) as i32;
    let at = |&(fy, v): &(FiscalYear, f64)| (x_of(fy), y_of(v));
    let (x0, x1, axis_y) = (left as i32, (w - right) as i32, (h - bottom) as i32);
    // 14.5 px labels (plotters writes a font size of the given size ÷ 1.24).
    let label = TextStyle::from((FontFamily::SansSerif, 18).into_font()).color(&BLACK);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let mut value = y_lo;
        while value <= y_hi + step * 0.001 {
            let y = y_of(value);
            root.draw(&PathElement::new(vec![(x0, y), (x1, y)], BLACK.mix(0.12)))
                .ok()?;
            let right_of = label.pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(number(value, None), (x0 - 6, y), right_of))
                .ok()?;
            value += step;
        }
        root.draw(&PathElement::new(
            vec![(x0, axis_y), (x1, axis_y)],
            BLACK.mix(0.6),
        ))
        .ok()?;
        for fy in first..=last {
            let below = label.pos(Pos::new(HPos::Center, VPos::Top));
            root.draw(&Text::new(wareki_short(fy), (x_of(fy), axis_y + 8), below))
                .ok()?;
        }
        if !series.targets.is_empty() {
            let path: Vec<(i32, i32)> = series.targets.iter().map(at).collect();
            root.draw(&DashedPathElement::new(
                path.clone(),
                6,
                4,
                TARGET.stroke_width(2),
            ))
            .ok()?;
            for (x, y) in path {
                let triangle = vec![(x, y - 6), (x - 6, y + 5), (x + 6, y + 5)];
                root.draw(&Polygon::new(triangle, TARGET.filled())).ok()?;
            }
        }
        if let Some((x, y)) = series.baseline.as_ref().map(at) {
            root.draw(&Rectangle::new(
                [(x - 5, y - 5), (x + 5, y + 5)],
                BASELINE.filled(),
            ))
            .ok()?;
        }
        if !series.actuals.is_empty() {
            let path: Vec<(i32, i32)> = series.actuals.iter().map(at).collect();
            root.draw(&PathElement::new(path.clone(), ACTUAL.stroke_width(3)))
                .ok()?;
            for point in path {
                root.draw(&Circle::new(point, 5, ACTUAL.filled())).ok()?;
            }
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
