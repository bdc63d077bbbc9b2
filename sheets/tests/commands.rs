//! The `survey` and `returns` commands as the reform office runs them: a survey written, read
//! back with nothing to change; a department's CSV saved by Japanese Excel (Shift_JIS) read and
//! applied.

use plan_core::validate::parse_plan;
use sheets::survey::{columns, Column};
use std::path::PathBuf;
use std::process::Command;

fn seed(id: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../seeds/{id}.json"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(bin: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(bin).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_survey_written_by_the_command_reads_back_with_nothing_to_change() {
    let dir = scratch("survey-back");
    let book = dir.join("survey.xlsx");
    let plan = seed("yuzawa");
    let (ok, _, err) = run(
        env!("CARGO_BIN_EXE_survey"),
        &[plan.to_str().unwrap(), "2023", book.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    let (ok, out, err) = run(
        env!("CARGO_BIN_EXE_returns"),
        &[plan.to_str().unwrap(), "2023", book.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    assert!(out.contains("変更 0件、食い違い 0件"), "{out}");
}

#[test]
fn a_shift_jis_csv_from_excel_is_read_and_applied() {
    let dir = scratch("shift-jis");
    let plan_path = seed("yuzawa");
    let plan = parse_plan(&std::fs::read_to_string(&plan_path).unwrap()).unwrap();
    let (_, kpi) = plan.kpis().next().unwrap();
    let cols = columns(plan.period.start, 2023);
    let at = |wanted: Column| cols.iter().position(|c| *c == wanted).unwrap();
    let headers: Vec<String> = cols.iter().map(|c| c.header(2023)).collect();
    let mut row = vec![String::new(); cols.len()];
    row[at(Column::Id)] = kpi.id.clone();
    row[at(Column::Actual)] = "９".into();
    row[at(Column::Comment)] = "地区説明会を開催した".into();
    let text = format!(
        "調査票\r\n\r\n\r\n{}\r\n{}\r\n",
        headers.join(","),
        row.join(",")
    );
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    assert!(
        String::from_utf8(bytes.to_vec()).is_err(),
        "the file is not UTF-8"
    );
    let csv = dir.join("回答.csv");
    std::fs::write(&csv, &bytes).unwrap();
    let merged = dir.join("merged.json");
    let (ok, out, err) = run(
        env!("CARGO_BIN_EXE_returns"),
        &[
            plan_path.to_str().unwrap(),
            "2023",
            csv.to_str().unwrap(),
            "--apply",
            merged.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("→ 9（回答.csv「回答.csv」5行目）"), "{out}");
    assert!(out.contains("「地区説明会を開催した」"), "{out}");
    let merged = parse_plan(&std::fs::read_to_string(merged).unwrap()).unwrap();
    let (_, after) = merged.find_kpi(&kpi.id).unwrap();
    assert_eq!(
        after.actuals.get(&2023),
        Some(&plan_core::plan::Figure::Number(9.0))
    );
    assert_eq!(
        after.comments.get(&2023).map(String::as_str),
        Some("地区説明会を開催した")
    );
}
