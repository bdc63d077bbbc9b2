//! Charts written as SVG text, each with a text equivalent.
//!
//! Only numbers and years are drawn as SVG text; names and comments from plan data stay in
//! HTML (escaped by Leptos), so no plan text can ever be interpreted as markup here.

use plan_core::format::{number, wareki_short};
use plan_core::plan::{Figure, FiscalYear, Kpi, Period};

/// Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics).
const ACTUAL: &str = "#0550ae";
const TARGET: &str = "#9a6700";
const BASELINE: &str = "#57606a";

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
/// Written as SVG text directly, with our own axes. It was drawn with plotters' primitives
/// (already without `ChartBuilder`), which only turned the same few shapes into SVG elements
/// — a dashed line as one `<polyline>` per dash — for ≈ 6 KB gzip of each app's wasm.
pub fn kpi_chart_svg(series: &KpiSeries, width: u32, height: u32) -> Result<String, String> {
    let mut years: Vec<FiscalYear> = series
        .targets
        .iter()
        .chain(series.actuals.iter())
        .map(|(y, _)| *y)
        .chain(series.baseline.map(|(y, _)| y))
        .collect();
    years.sort();
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
    let pts = |v: &[(FiscalYear, f64)]| {
        v.iter()
            .map(|(y, n)| (x_of(*y), y_of(*n)))
            .collect::<Vec<_>>()
    };
    let (x0, x1, axis_y) = (left as i32, (w - right) as i32, (h - bottom) as i32);

    let mut svg = Svg(format!(
        r##"<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"><rect width="{width}" height="{height}" fill="#fff"/>"##
    ));
    // Horizontal grid, then the value and year labels in the page's sans-serif.
    let mut grid = Vec::new();
    let mut v = y_lo;
    while v <= y_hi + step * 0.001 {
        grid.push((v, y_of(v)));
        v += step;
    }
    for (_, y) in &grid {
        svg.polyline(
            &[(x0, *y), (x1, *y)],
            r##"stroke="#000" stroke-opacity="0.12""##,
        );
    }
    svg.0
        .push_str(r##"<g font-family="sans-serif" font-size="14.5" fill="#000">"##);
    for (v, y) in &grid {
        svg.text(
            x0 - 6,
            *y,
            r#"text-anchor="end" dy="0.5ex""#,
            &number(*v, None),
        );
    }
    for fy in first..=last {
        svg.text(
            x_of(fy),
            axis_y + 8,
            r#"text-anchor="middle" dy="0.76em""#,
            &wareki_short(fy),
        );
    }
    svg.0.push_str("</g>");
    svg.polyline(
        &[(x0, axis_y), (x1, axis_y)],
        r##"stroke="#000" stroke-opacity="0.6""##,
    );

    if !series.targets.is_empty() {
        let t = pts(&series.targets);
        svg.polyline(
            &t,
            &format!(r#"stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4""#),
        );
        for (x, y) in t {
            svg.0 += &format!(
                r#"<polygon points="{x},{} {},{} {},{}" fill="{TARGET}"/>"#,
                y - 6,
                x - 6,
                y + 5,
                x + 6,
                y + 5
            );
        }
    }
    if let Some((fy, v)) = series.baseline {
        let (x, y) = (x_of(fy), y_of(v));
        svg.0 += &format!(
            r#"<rect x="{}" y="{}" width="10" height="10" fill="{BASELINE}"/>"#,
            x - 5,
            y - 5
        );
    }
    if !series.actuals.is_empty() {
        let a = pts(&series.actuals);
        svg.polyline(&a, &format!(r#"stroke="{ACTUAL}" stroke-width="3""#));
        for (x, y) in a {
            svg.0 += &format!(r#"<circle cx="{x}" cy="{y}" r="5" fill="{ACTUAL}"/>"#);
        }
    }
    svg.0.push_str("</svg>");
    Ok(svg.0)
}

/// An SVG document being written. Attributes come from this module's constants and
/// numbers; the one text it takes from outside, a label, is escaped.
struct Svg(String);

impl Svg {
    /// A line through `points`, with `stroke` attributes.
    fn polyline(&mut self, points: &[(i32, i32)], stroke: &str) {
        self.0.push_str(r#"<polyline fill="none" points=""#);
        for (i, (x, y)) in points.iter().enumerate() {
            if i > 0 {
                self.0.push(' ');
            }
            self.0 += &format!("{x},{y}");
        }
        self.0 += &format!(r#"" {stroke}/>"#);
    }

    /// A label at (`x`, `y`), placed by `anchor` (its anchor and baseline attributes).
    fn text(&mut self, x: i32, y: i32, anchor: &str, label: &str) {
        self.0 += &format!(r#"<text x="{x}" y="{y}" {anchor}>"#);
        crate::dom::escape_html(label, &mut self.0);
        self.0.push_str("</text>");
    }
}

/// Legend entries (drawn in HTML next to the chart): (label, CSS colour, marker).
pub fn legend() -> [(&'static str, &'static str, &'static str); 3] {
    [
        ("実績値", ACTUAL, "●"),
        ("目標値（計画の道筋）", TARGET, "▲"),
        ("基準値", BASELINE, "■"),
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
                svg.contains(&format!(">{label}</text>")),
                "{label} missing: {svg}"
            );
        }
        // Labels in the page's sans-serif.
        assert!(svg.contains(r#"font-family="sans-serif""#), "{svg}");
        // The target path is one dashed line from the baseline (R1, 299,963) to R8.
        assert_eq!(svg.matches("stroke-dasharray").count(), 1, "{svg}");
        assert!(
            svg.contains(r##"<polyline fill="none" points="86,12 610,262" stroke="#9a6700""##),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    }

    #[test]
    fn a_label_is_escaped() {
        let mut svg = Svg(String::new());
        svg.text(1, 2, "", "<b>&");
        assert_eq!(svg.0, r#"<text x="1" y="2" >&lt;b&gt;&amp;</text>"#);
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(40000.0, 4.0), 10000.0);
        assert_eq!(nice_step(7.0, 4.0), 2.0);
        assert_eq!(nice_step(0.3, 4.0), 0.1);
    }
}
