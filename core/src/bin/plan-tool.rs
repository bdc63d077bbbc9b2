//! Maintenance tool for plan files.
//!
//! - `plan-tool schema` prints the JSON Schema generated from the Rust types.
//! - `plan-tool check FILE…` validates plan files and prints every problem with its JSON path.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("schema") => {
            print!("{}", plan_core::schema::plan_schema_json());
            ExitCode::SUCCESS
        }
        Some("check") if args.len() > 1 => {
            let mut ok = true;
            for file in &args[1..] {
                let text = match std::fs::read_to_string(file) {
                    Ok(t) => t,
                    Err(e) => {
                        eprintln!("{file}: 読めません: {e}");
                        ok = false;
                        continue;
                    }
                };
                match plan_core::validate::parse_plan(&text) {
                    Ok(plan) => {
                        let nodes = plan.walk().len();
                        let kpis = plan.kpis().count();
                        println!("{file}: OK（ノード {nodes}、KPI {kpis}）");
                    }
                    Err(problems) => {
                        ok = false;
                        for p in problems {
                            println!("{file}: {p}");
                        }
                    }
                }
            }
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        _ => {
            eprintln!("usage: plan-tool schema | plan-tool check FILE…");
            ExitCode::from(2)
        }
    }
}
