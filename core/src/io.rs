//! Export and import: the plan as JSON, the progress report as CSV (UTF-8 with BOM so that
//! Excel opens Japanese correctly), and the differences an imported plan would make.

use crate::edits::{Cell, Lookup};
use crate::engine::{Outcome, Scorecard, AWAITING_LABEL, NOT_EVALUABLE_LABEL};
use crate::format::{number, wareki_short};
use crate::plan::{Figure, FiscalYear, Plan};
use crate::validate::{parse_plan, Problem};

/// The plan (with edits merged) as the JSON a city can publish or re-import.
pub fn export_json(plan: &Plan) -> String {
    let mut s = serde_json::to_string_pretty(plan).expect("a plan always serialises");
    s.push('\n');
    s
}

/// `yuzawa-20261123.json`: the plan id and the local date (YYYYMMDD).
pub fn export_file_name(plan_id: &str, yyyymmdd: &str, extension: &str) -> String {
    format!("{plan_id}-{yyyymmdd}.{extension}")
}

fn figure(f: Option<&Figure>) -> String {
    match f {
        Some(Figure::Number(n)) => number(*n, None).replace(',', ""),
        Some(Figure::Text(t)) => t.clone(),
        None => String::new(),
    }
}

/// The progress report of fiscal year `fy` as CSV with a BOM: one row per KPI with
/// 指標名, 担当課, 基準値, yearly 実績値 up to `fy`, 目標値, 達成率, 評価 and that year's comment.
pub fn report_csv(plan: &Plan, score: &Scorecard, fy: FiscalYear) -> String {
    let years: Vec<FiscalYear> = (plan.period.start..=fy.min(plan.period.end)).collect();
    // The BOM tells Excel the file is UTF-8, so that it opens Japanese correctly.
    let mut out = String::from("\u{FEFF}");
    let mut header = vec![
        plan.kpi_level_name().to_string(),
        "番号".into(),
        "指標名".into(),
        "担当課".into(),
        "基準値".into(),
        "単位".into(),
    ];
    header.extend(years.iter().map(|y| format!("実績値 {}", wareki_short(*y))));
    header.extend([
        "目標値".to_string(),
        "目標年度".into(),
        "達成率(%)".into(),
        "評価".into(),
        format!("{} 取組内容等", wareki_short(fy)),
    ]);
    csv_record(&header, &mut out);
    for (i, (node, kpi)) in plan.kpis().enumerate() {
        let result = &score.kpis[i];
        let (rate, band) = match &result.final_target.outcome {
            Outcome::Rate { rate, band } => {
                // As on screen (never rounded up into a better band), without the "%".
                let shown = crate::engine::format_rate(*rate, &score.bands);
                (
                    shown.trim_end_matches('%').to_string(),
                    score.bands[*band].label.clone(),
                )
            }
            Outcome::Improved { achieved } => (
                String::new(),
                if *achieved { "向上" } else { "向上せず" }.to_string(),
            ),
            Outcome::Milestone { status } => (
                String::new(),
                format!("実施状況: {}", status.as_deref().unwrap_or("未入力")),
            ),
            Outcome::NotEvaluable { reason } => {
                (String::new(), format!("{NOT_EVALUABLE_LABEL}（{reason}）"))
            }
            Outcome::Awaiting { reason } => {
                (String::new(), format!("{AWAITING_LABEL}（{reason}）"))
            }
        };
        let mut row = vec![
            node.title.clone(),
            kpi.number.clone().unwrap_or_default(),
            kpi.name.clone(),
            kpi.departments.join("・"),
            kpi.baseline
                .as_ref()
                .and_then(|b| b.value)
                .map(|v| figure(Some(&Figure::Number(v))))
                .unwrap_or_default(),
            kpi.unit.clone().unwrap_or_default(),
        ];
        row.extend(years.iter().map(|y| figure(kpi.actuals.get(y))));
        let target = kpi.target.as_ref();
        row.extend([
            target
                .and_then(|t| {
                    t.value
                        .map(|v| figure(Some(&Figure::Number(v))))
                        .or(t.text.clone())
                })
                .unwrap_or_default(),
            target.map(|t| t.fy.to_string()).unwrap_or_default(),
            rate,
            band,
            kpi.comments.get(&fy).cloned().unwrap_or_default(),
        ]);
        csv_record(&row, &mut out);
    }
    out
}

/// Append one CSV record (RFC 4180): fields separated by commas, a field quoted when it holds
/// a comma, a quote or a line break (its quotes doubled), CRLF at the end. The csv crate's
/// reader checks it in the tests; its writer is not used because it carries the standard
/// float parser and its tables into the wasm, for a quoting style this report never uses
/// (docs/decisions.md).
fn csv_record(fields: &[String], out: &mut String) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

/// What importing a file would do to the plan currently shown.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportPlan {
    /// A plan with an id the app does not have: add it to the list.
    New(Box<Plan>),
    /// The same plan: these cell changes (as a draft on top of the current one), and the
    /// number of other differences (titles, targets …) that an edit cannot carry.
    Update {
        plan: Box<Plan>,
        changes: Vec<(Cell, Option<Figure>)>,
        other_differences: usize,
    },
}

/// Files larger than this are refused before reading (plans are a few hundred KB).
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// Read an imported file against the plans the app knows. Errors name the problem and the
/// JSON path, in Japanese; nothing is changed by a failed import.
pub fn read_import(
    text: &str,
    known: impl Fn(&str) -> Option<Plan>,
) -> Result<ImportPlan, Vec<Problem>> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(vec![Problem {
            path: "$".into(),
            message: format!(
                "ファイルが大きすぎます（{:.1} MB、上限 {} MB）",
                text.len() as f64 / 1048576.0,
                MAX_IMPORT_BYTES / 1048576
            ),
        }]);
    }
    // The browser decodes a file as UTF-8 and marks what it could not decode with U+FFFD:
    // a Shift_JIS export would otherwise come in with its Japanese text garbled.
    if let Some(at) = text.find('\u{FFFD}') {
        return Err(vec![Problem {
            path: "$".into(),
            message: format!(
                "文字コードが UTF-8 ではありません（{}文字目）。UTF-8 で保存し直してから取り込んでください",
                text[..at].chars().count() + 1
            ),
        }]);
    }
    let imported = parse_plan(text)?;
    let Some(current) = known(&imported.id) else {
        return Ok(ImportPlan::New(Box::new(imported)));
    };
    let changes = cell_differences(&current, &imported);
    // Everything else: compare the plans with the imported cells written into the current one.
    let mut probe = current.clone();
    for (cell, value) in &changes {
        crate::edits::write_cell(&mut probe, cell, value);
    }
    let other_differences = usize::from(probe != imported);
    Ok(ImportPlan::Update {
        plan: Box::new(imported),
        changes,
        other_differences,
    })
}

/// Cells (actuals, comments, progress) whose content differs between two versions of a plan,
/// with the imported value.
pub fn cell_differences<'a>(current: &'a Plan, imported: &'a Plan) -> Vec<(Cell, Option<Figure>)> {
    let mut cells: Vec<Cell> = Vec::new();
    for plan in [current, imported] {
        for (_, kpi) in plan.kpis() {
            for fy in kpi.actuals.keys() {
                cells.push(Cell::Actual {
                    kpi: kpi.id.clone(),
                    fy: *fy,
                });
            }
            for fy in kpi.comments.keys() {
                cells.push(Cell::Comment {
                    kpi: kpi.id.clone(),
                    fy: *fy,
                });
            }
        }
        for (_, node) in plan.walk() {
            for fy in node.progress.keys() {
                cells.push(Cell::Progress {
                    node: node.id.clone(),
                    fy: *fy,
                });
            }
            for fy in node.comments.keys() {
                cells.push(Cell::NodeComment {
                    node: node.id.clone(),
                    fy: *fy,
                });
            }
        }
    }
    cells.sort_unstable();
    cells.dedup();
    // One id index per plan: a lookup per cell would walk the whole plan each time.
    let (cur, imp) = (Lookup::new(current), Lookup::new(imported));
    cells
        .into_iter()
        .filter_map(|cell| {
            let after = imp.read(&cell);
            // Only cells the current plan has can be edited; others count as differences.
            (cur.has(&cell) && cur.read(&cell) != after).then_some((cell, after))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edits::merge;
    use crate::edits::Draft;
    use crate::synth::synthetic_plan;
    use proptest::strategy::Strategy;

    #[test]
    fn a_file_that_was_not_utf8_is_refused_before_parsing() {
        let json = crate::io::export_json(&synthetic_plan(1)).replace("合成", "\u{FFFD}\u{FFFD}");
        let problems = match read_import(&json, |_| None) {
            Err(p) => p,
            Ok(_) => panic!("a garbled file was accepted"),
        };
        assert!(
            problems[0].message.contains("UTF-8 ではありません"),
            "{problems:?}"
        );
    }

    #[test]
    fn csv_has_a_bom_crlf_and_one_row_per_kpi() {
        let plan = synthetic_plan(3);
        let score = Scorecard::new(&plan, 2023);
        let csv = report_csv(&plan, &score, 2023);
        assert!(csv.starts_with('\u{FEFF}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert_eq!(
            lines.len(),
            5,
            "header + 3 rows + trailing empty: {lines:?}"
        );
        assert!(lines[0].contains("実績値 R5") && lines[0].contains("R5 取組内容等"));
        assert!(!lines[0].contains("実績値 R6"));
    }

    #[test]
    fn csv_quotes_commas_and_newlines() {
        let mut plan = synthetic_plan(1);
        plan.nodes[0].children[0].children[0].kpis[0]
            .comments
            .insert(2023, "一行目,\n二行目「引用」".into());
        let score = Scorecard::new(&plan, 2023);
        let csv = report_csv(&plan, &score, 2023);
        assert!(csv.contains("\"一行目,\n二行目「引用」\""), "{csv}");
    }

    proptest::proptest! {
        /// Whatever the fields hold, the records are what the csv crate's writer writes with
        /// the same settings (CRLF, quoting only where needed), and its reader reads them back.
        #[test]
        fn csv_records_are_the_csv_crates_and_read_back(records in (2..6usize).prop_flat_map(|n| {
            proptest::collection::vec(proptest::collection::vec("[a-z,\"\r\n 　指標「」]{0,8}", n), 1..5)
        })) {
            let mut text = String::new();
            for r in &records {
                csv_record(r, &mut text);
            }
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new());
            for r in &records {
                writer.write_record(r).unwrap();
            }
            let expected = String::from_utf8(writer.into_inner().unwrap()).unwrap();
            proptest::prop_assert_eq!(&text, &expected);
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let back: Vec<Vec<String>> = reader
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect();
            proptest::prop_assert_eq!(back, records);
        }
    }

    #[test]
    fn export_reimports_to_the_same_state() {
        let base = synthetic_plan(20);
        let mut draft = Draft::new(&base);
        draft.changes.insert(
            Cell::Actual {
                kpi: "k2".into(),
                fy: 2024,
            },
            Some(Figure::Number(42.0)),
        );
        let (merged, _) = merge(&base, &draft);
        let text = export_json(&merged);
        let known = |id: &str| (id == base.id).then(|| base.clone());
        match read_import(&text, known).unwrap() {
            ImportPlan::Update {
                plan,
                changes,
                other_differences,
            } => {
                assert_eq!(*plan, merged);
                assert_eq!(other_differences, 0);
                assert_eq!(changes.len(), 1);
                let mut again = Draft::new(&base);
                again.put_all(&base, changes);
                assert_eq!(merge(&base, &again).0, merged);
            }
            other => panic!("expected an update, got {other:?}"),
        }
        // An unknown id is a new plan.
        assert!(matches!(
            read_import(&text, |_| None).unwrap(),
            ImportPlan::New(_)
        ));
    }

    #[test]
    fn a_changed_title_is_counted_as_another_difference() {
        let base = synthetic_plan(20);
        let mut changed = base.clone();
        changed.nodes[0].title.push_str("（改）");
        changed
            .find_kpi_mut("k3")
            .unwrap()
            .actuals
            .insert(2022, Figure::Number(7.0));
        let known = |id: &str| (id == base.id).then(|| base.clone());
        match read_import(&export_json(&changed), known).unwrap() {
            ImportPlan::Update {
                changes,
                other_differences,
                ..
            } => {
                assert_eq!(other_differences, 1, "the title");
                assert_eq!(changes.len(), 1, "the actual is a cell change");
            }
            other => panic!("expected an update, got {other:?}"),
        }
    }

    #[test]
    fn bad_imports_say_what_and_where() {
        let known = |_: &str| None;
        let p = read_import("これはJSONではありません", known).unwrap_err();
        assert!(
            p[0].message.contains("JSON として読めません"),
            "{}",
            p[0].message
        );
        let p = read_import(r#"{"schema_version": 99}"#, known).unwrap_err();
        assert!(p[0].message.contains("バージョン 99"));
        let big = " ".repeat(MAX_IMPORT_BYTES + 1);
        let p = read_import(&big, known).unwrap_err();
        assert!(p[0].message.contains("大きすぎます"));
    }
}
