//! Returned surveys read natively (the reform office's command line, until the staff app's
//! drop zone takes them):
//!   cargo run -p sheets --bin returns -- <plan.json> <fiscal year> <return.xlsx|.csv>... [--apply <out.json>]
//! Prints what cannot be read, the cells that would change and the conflicts; with `--apply`,
//! writes the plan with the changes (not the conflicts) to <out.json>. A CSV may be UTF-8 (with
//! or without BOM) or Shift_JIS, as Japanese Excel saves it.

use plan_core::edits::{write_cell, Cell, Change};
use plan_core::io::export_json;
use plan_core::plan::{FiscalYear, Plan};
use sheets::plan_for_year;
use sheets::returns::{propose, read_csv, read_xlsx};
use std::process::ExitCode;

/// A CSV's text: UTF-8 if it is valid UTF-8, else Shift_JIS; `None` if it is neither.
fn decode(bytes: Vec<u8>) -> Option<String> {
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(e.as_bytes());
            (!had_errors).then(|| text.into_owned())
        }
    }
}

fn label(plan: &Plan, cell: &Cell) -> String {
    match cell {
        Cell::Actual { kpi, .. } | Cell::Comment { kpi, .. } => plan
            .find_kpi(kpi)
            .map_or(kpi.clone(), |(_, k)| format!("{}（{kpi}）", k.name)),
        Cell::Progress { node, .. } | Cell::NodeComment { node, .. } => plan
            .find_node(node)
            .map_or(node.clone(), |n| format!("{}（{node}）", n.title)),
    }
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let apply = args.iter().position(|a| a == "--apply").map(|i| {
        let out = args.get(i + 1).cloned();
        args.drain(i..(i + 2).min(args.len()));
        out
    });
    let (Some(plan_path), Some(fy), files) =
        (args.first(), args.get(1), args.get(2..).unwrap_or(&[]))
    else {
        eprintln!(
            "使い方: returns <plan.json> <年度（西暦）> <回答.xlsx|.csv>... [--apply <出力.json>]"
        );
        return ExitCode::from(2);
    };
    let (Ok(fy), false, Some(Some(_)) | None) =
        (fy.parse::<FiscalYear>(), files.is_empty(), &apply)
    else {
        eprintln!(
            "使い方: returns <plan.json> <年度（西暦）> <回答.xlsx|.csv>... [--apply <出力.json>]"
        );
        return ExitCode::from(2);
    };
    let mut plan = match plan_for_year(plan_path, fy) {
        Ok(plan) => plan,
        Err(why) => {
            eprintln!("{why}");
            return ExitCode::FAILURE;
        }
    };
    let mut readings = Vec::new();
    for file in files {
        let name = std::path::Path::new(file)
            .file_name()
            .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
        let reading = match std::fs::read(file) {
            Ok(bytes) if file.to_lowercase().ends_with(".csv") => match decode(bytes) {
                Some(text) => read_csv(&plan, fy, &name, &text),
                None => {
                    eprintln!("{name}: 文字コードを判別できません。UTF-8 か Shift_JIS の CSV で保存してください。");
                    continue;
                }
            },
            Ok(bytes) => read_xlsx(&plan, fy, &name, &bytes),
            Err(e) => {
                eprintln!("{file} を読めません: {e}");
                return ExitCode::FAILURE;
            }
        };
        readings.push(reading);
    }
    let proposal = propose(&plan, &readings);
    for problem in &proposal.problems {
        println!("読めない箇所: {problem}");
    }
    for change in &proposal.changes {
        let line = Change {
            cell: change.cell.clone(),
            label: label(&plan, &change.cell),
            before: change.from.clone(),
            after: change.to.clone(),
        };
        let from: Vec<String> = change.sources.iter().map(|s| s.to_string()).collect();
        println!("変更: {}（{}）", line.describe(), from.join("、"));
    }
    for conflict in &proposal.conflicts {
        println!("食い違い: {}", label(&plan, &conflict.cell));
        for (value, sources) in &conflict.values {
            let line = Change {
                cell: conflict.cell.clone(),
                label: String::new(),
                before: conflict.current.clone(),
                after: value.clone(),
            };
            let from: Vec<String> = sources.iter().map(|s| s.to_string()).collect();
            println!("  {}（{}）", line.describe().trim_start(), from.join("、"));
        }
    }
    println!(
        "変更 {}件、食い違い {}件、変更なし {}件、読めない箇所 {}件",
        proposal.changes.len(),
        proposal.conflicts.len(),
        proposal.unchanged,
        proposal.problems.len()
    );
    if let Some(Some(out)) = apply {
        for change in &proposal.changes {
            write_cell(&mut plan, &change.cell, &change.to);
        }
        if let Err(e) = std::fs::write(&out, export_json(&plan)) {
            eprintln!("{out} を書けません: {e}");
            return ExitCode::FAILURE;
        }
        println!("{out} に書き出しました（食い違いは反映していません）。");
    }
    ExitCode::SUCCESS
}
