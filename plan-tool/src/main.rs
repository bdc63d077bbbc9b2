//! The command line for plan files (`cargo run -p plan-tool -- …`).
//!
//! - `plan-tool schema` prints the JSON Schema generated from the Rust types.
//! - `plan-tool check FILE…` validates plan files and prints every problem with its JSON path.
//! - `plan-tool to-template PLAN.json OUT.xlsx` writes the plan as the template workbook
//!   (docs/template.md); `plan-tool from-template IN.xlsx OUT.json` reads one back, naming
//!   what it cannot read with sheet, row and column.
//! - `plan-tool synth N` prints a synthetic plan of N KPIs (for benchmarks).
//! - `plan-tool html FILE` prints the plan as one plain static HTML table (the benchmark's
//!   floor: what the browser alone needs to show the same data).

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
        Some("synth") if args.len() == 2 => match args[1].parse::<usize>() {
            Ok(n) => {
                let plan = plan_core::synth::synthetic_plan(n);
                println!("{}", serde_json::to_string(&plan).expect("serialises"));
                ExitCode::SUCCESS
            }
            Err(_) => {
                eprintln!("synth: N must be a number");
                ExitCode::from(2)
            }
        },
        Some("to-template") if args.len() == 3 => {
            let text = match std::fs::read_to_string(&args[1]) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("{}: 読めません: {e}", args[1]);
                    return ExitCode::FAILURE;
                }
            };
            let plan = match plan_core::validate::parse_plan(&text) {
                Ok(plan) => plan,
                Err(problems) => {
                    for p in problems {
                        eprintln!("{}: {p}", args[1]);
                    }
                    return ExitCode::FAILURE;
                }
            };
            let written = sheets::template::write(&plan)
                .map_err(|e| e.to_string())
                .and_then(|bytes| std::fs::write(&args[2], bytes).map_err(|e| e.to_string()));
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{} を書けません: {e}", args[2]);
                    ExitCode::FAILURE
                }
            }
        }
        Some("from-template") if args.len() == 3 => {
            let bytes = match std::fs::read(&args[1]) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("{}: 読めません: {e}", args[1]);
                    return ExitCode::FAILURE;
                }
            };
            match sheets::template::read(&bytes) {
                Ok(plan) => match std::fs::write(&args[2], plan_core::io::export_json(&plan)) {
                    Ok(()) => {
                        println!("{}: OK（KPI {}）", args[2], plan.kpis().count());
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("{} を書けません: {e}", args[2]);
                        ExitCode::FAILURE
                    }
                },
                Err(problems) => {
                    for p in problems {
                        eprintln!("{}: {p}", args[1]);
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Some("html") if args.len() == 2 => {
            let text = std::fs::read_to_string(&args[1]).expect("readable file");
            let plan = plan_core::validate::parse_plan(&text).expect("valid plan");
            print!("{}", static_html(&plan));
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: plan-tool schema | check FILE… | to-template PLAN.json OUT.xlsx | from-template IN.xlsx OUT.json | synth N | html FILE");
            ExitCode::from(2)
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The plan's KPIs as one static table, server-rendered style.
fn static_html(plan: &plan_core::plan::Plan) -> String {
    use plan_core::format::number;
    use plan_core::plan::Figure;
    let mut out = format!(
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><h1>{}</h1><table><thead><tr><th>項目</th><th>指標</th><th>基準値</th>",
        escape(&plan.title),
        escape(&plan.title)
    );
    for fy in plan.period.years() {
        out.push_str(&format!("<th>{fy}</th>"));
    }
    out.push_str("<th>目標</th></tr></thead><tbody>");
    for (node, kpi) in plan.kpis() {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td>",
            escape(&node.title),
            escape(&kpi.name),
            kpi.baseline
                .as_ref()
                .and_then(|b| b.value)
                .map(|v| number(v, None))
                .unwrap_or_default()
        ));
        for fy in plan.period.years() {
            let cell = match kpi.actuals.get(&fy) {
                Some(Figure::Number(n)) => number(*n, None),
                Some(Figure::Text(t)) => escape(t),
                None => String::new(),
            };
            out.push_str(&format!("<td>{cell}</td>"));
        }
        let target = kpi
            .target
            .as_ref()
            .and_then(|t| t.value)
            .map(|v| number(v, None))
            .unwrap_or_default();
        out.push_str(&format!("<td>{target}</td></tr>"));
    }
    out.push_str("</tbody></table><script>performance.mark('kpi:overview-rendered')</script></body></html>\n");
    out
}
