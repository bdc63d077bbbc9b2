//! The survey workbooks of a plan, natively (the reform office's command line):
//!   cargo run -p sheets --bin survey -- <plan.json> <fiscal year> <out.xlsx>
//!       one workbook, a sheet per department
//!   cargo run -p sheets --bin survey -- <plan.json> <fiscal year> <folder> --per-department
//!       one workbook per department, named after it

use plan_core::plan::FiscalYear;
use sheets::jobs::workbook_name;
use sheets::plan_for_year;
use sheets::survey::{departments, survey, write};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let per_department = args.iter().any(|a| a == "--per-department");
    let args: Vec<&String> = args.iter().filter(|a| *a != "--per-department").collect();
    let [plan_path, fy, out] = args[..] else {
        eprintln!(
            "使い方: survey <plan.json> <年度（西暦）> <出力先.xlsx | フォルダ> [--per-department]"
        );
        return ExitCode::from(2);
    };
    let Ok(fy) = fy.parse::<FiscalYear>() else {
        eprintln!("年度は西暦の数字で指定してください（例: 2025）: {fy}");
        return ExitCode::from(2);
    };
    let plan = match plan_for_year(plan_path, fy) {
        Ok(plan) => plan,
        Err(why) => {
            eprintln!("{why}");
            return ExitCode::FAILURE;
        }
    };
    let surveys: Vec<_> = departments(&plan)
        .iter()
        .map(|d| survey(&plan, fy, d))
        .collect();
    let files: Vec<(PathBuf, Vec<_>)> = if per_department {
        surveys
            .into_iter()
            .map(|s| {
                (
                    PathBuf::from(out).join(workbook_name(&plan, fy, Some(&s.department))),
                    vec![s],
                )
            })
            .collect()
    } else {
        vec![(PathBuf::from(out), surveys)]
    };
    for (path, surveys) in files {
        let written = write(&plan, fy, &surveys)
            .map_err(|e| e.to_string())
            .and_then(|bytes| std::fs::write(&path, bytes).map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("{} を書けません: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{}", path.display());
    }
    ExitCode::SUCCESS
}
