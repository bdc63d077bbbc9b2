//! Charts drawn with plotters into an SVG string, each with a text equivalent.
//!
//! Only numbers and years are drawn as SVG text; names and comments from plan data stay in
//! HTML (escaped by Leptos), so no plan text can ever be interpreted as markup here.

use plan_core::format::{number, wareki_short};
use plan_core::plan::{Figure, FiscalYear, Kpi, Period};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics).
const ACTUAL: RGBColor = RGBColor(5, 80, 174);
const TARGET: RGBColor = RGBColor(154, 103, 0);
const BASELINE: RGBColor = RGBColor(87, 96, 106);

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
        plan_core::sort::sort_by_key(&mut targets, |(y, _)| *y);
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

/// Draw the KPI chart as an SVG document string.
///
/// Drawn with plotters' drawing primitives and our own axes rather than `ChartBuilder`:
/// the same picture for a third of the code in the shipped wasm.
pub fn kpi_chart_svg(series: &KpiSeries, width: u32, height: u32) -> Result<String, String> {
    let mut years: Vec<FiscalYear> = series
        .targets
        .iter()
        .chain(series.actuals.iter())
        .map(|(y, _)| *y)
        .chain(series.baseline.map(|(y, _)| y))
        .collect();
    plan_core::sort::sort(&mut years);
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return Err("グラフにする数値がありません".into());
    };
    let values = series
        .targets
        .iter()
        .chain(series.actuals.iter())
        .map(|(_, v)| *v)
        .chain(series.baseline.map(|(_, v)| v));
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let step = nice_step((hi - lo).abs().max(hi.abs() * 0.1).max(1e-9), 4.0);
    let y_lo = (lo / step).floor() * step;
    let y_hi = ((hi / step).ceil() * step).max(y_lo + step);

    let (left, right, top, bottom) = (72.0, 16.0, 12.0, 30.0);
    let (w, h) = (width as f64, height as f64);
    let span = (last - first).max(1) as f64;
    let x_of = |fy: FiscalYear| {
        (left + 14.0 + (fy - first) as f64 / span * (w - left - right - 28.0)) as i32
    };
    let y_of = |v: f64| (top + (y_hi - v) / (y_hi - y_lo) * (h - top - bottom)) as i32;
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();

    // The family as a value, not the text "sans-serif": plotters lower-cases a family
    // name given as text, which brought Unicode's case tables (11 KB) into the wasm.
    let label = (FontFamily::SansSerif, 18).into_font().color(&BLACK);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        // Horizontal grid with value labels.
        let mut v = y_lo;
        while v <= y_hi + step * 0.001 {
            let y = y_of(v);
            root.draw(&PathElement::new(
                vec![(left as i32, y), ((w - right) as i32, y)],
                BLACK.mix(0.12),
            ))
            .map_err(err)?;
            root.draw(&Text::new(
                number(v, None),
                (left as i32 - 6, y),
                label.pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(err)?;
            v += step;
        }
        // Year labels and the axis.
        for fy in first..=last {
            root.draw(&Text::new(
                wareki_short(fy),
                (x_of(fy), (h - bottom) as i32 + 8),
                label.pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(err)?;
        }
        let axis_y = (h - bottom) as i32;
        root.draw(&PathElement::new(
            vec![(left as i32, axis_y), ((w - right) as i32, axis_y)],
            BLACK.mix(0.6),
        ))
        .map_err(err)?;

        let pts = |v: &[(FiscalYear, f64)]| {
            v.iter()
                .map(|(y, n)| (x_of(*y), y_of(*n)))
                .collect::<Vec<_>>()
        };
        if !series.targets.is_empty() {
            let t = pts(&series.targets);
            root.draw(&DashedPathElement::new(
                t.clone(),
                6,
                4,
                TARGET.stroke_width(2),
            ))
            .map_err(err)?;
            for (x, y) in t {
                root.draw(&Polygon::new(
                    vec![(x, y - 6), (x - 6, y + 5), (x + 6, y + 5)],
                    TARGET.filled(),
                ))
                .map_err(err)?;
            }
        }
        if let Some((fy, v)) = series.baseline {
            let (x, y) = (x_of(fy), y_of(v));
            root.draw(&Rectangle::new(
                [(x - 5, y - 5), (x + 5, y + 5)],
                BASELINE.filled(),
            ))
            .map_err(err)?;
        }
        if !series.actuals.is_empty() {
            let a = pts(&series.actuals);
            root.draw(&PathElement::new(a.clone(), ACTUAL.stroke_width(3)))
                .map_err(err)?;
            for p in a {
                root.draw(&Circle::new(p, 5, ACTUAL.filled()))
                    .map_err(err)?;
            }
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Legend entries (drawn in HTML next to the chart): (label, CSS colour, marker).
pub fn legend() -> [(&'static str, &'static str, &'static str); 3] {
    [
        ("実績値", "#0550ae", "●"),
        ("目標値（計画の道筋）", "#9a6700", "▲"),
        ("基準値", "#57606a", "■"),
    ]
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

    #[test]
    fn series_and_text_equivalent() {
        let s = KpiSeries::of(
            &kpi(),
            Period {
                start: 2021,
                end: 2026,
            },
        );
        assert_eq!(s.targets, vec![(2019, 299963.0), (2026, 264000.0)]);
        assert_eq!(
            s.describe("m²"),
            "基準値 299,963m²（R1）。目標値 264,000m²（R8）。実績値 R3 296,121m²、R4 285,615m²、R5 283,179m²"
        );
    }

    #[test]
    fn draws_an_svg_with_every_point() {
        let s = KpiSeries::of(
            &kpi(),
            Period {
                start: 2021,
                end: 2026,
            },
        );
        let svg = kpi_chart_svg(&s, 640, 320).unwrap();
        assert!(svg.starts_with("<svg"));
        assert_eq!(svg.matches("<circle").count(), 3, "one marker per actual");
        assert_eq!(
            svg.matches("<polygon").count(),
            2,
            "one marker per target point"
        );
        for label in ["R1", "R5", "R8", "300,000", "260,000"] {
            assert!(
                svg.contains(&format!("\n{label}\n</text>")),
                "{label} missing: {svg}"
            );
        }
        // Labels in the page's sans-serif; the family is given as a value, not as text.
        assert!(svg.contains(r#"font-family="sans-serif""#), "{svg}");
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(40000.0, 4.0), 10000.0);
        assert_eq!(nice_step(7.0, 4.0), 2.0);
        assert_eq!(nice_step(0.3, 4.0), 0.1);
    }
}
