//! The spreadsheet work the staff app hands to its worker (a second wasm, so neither app's
//! start carries it and a large workbook never freezes the page), as plain data in and out:
//! `run` is the whole of what the worker does, and is tested natively like the rest.

use crate::returns::{propose, read_csv, read_xlsx, Proposal};
use crate::survey::{departments, sheet_name, survey, write};
use plan_core::plan::{FiscalYear, Plan};
use plan_core::validate::parse_plan;
use serde::{Deserialize, Serialize};

/// What the staff app asks. `plan` is the working plan (the draft included) as plan JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// The survey workbook of `fy`: one department's (`Some`), or every department's, a sheet
    /// each, in one workbook (`None`).
    Survey {
        plan: String,
        fy: FiscalYear,
        department: Option<String>,
    },
    /// The returned files of `fy`'s survey, read into a proposal against the plan.
    Returns {
        plan: String,
        fy: FiscalYear,
        files: Vec<Returned>,
    },
}

/// A returned file as dropped on the app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Returned {
    pub name: String,
    pub content: Content,
}

/// A returned file's content: a workbook's bytes, or a CSV's text (the app decodes UTF-8 or
/// Shift_JIS with the browser's TextDecoder).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Content {
    Xlsx(#[serde(with = "serde_bytes")] Vec<u8>),
    Csv(String),
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    Workbook {
        name: String,
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    Proposal(Proposal),
    /// The job could not be done at all (said in Japanese).
    Failed(String),
}

/// The file name of a survey workbook: `<plan id>_<fy>_<department>.xlsx` for one department,
/// `<plan id>_<fy>_進捗調査票.xlsx` for all of them.
pub fn workbook_name(plan: &Plan, fy: FiscalYear, department: Option<&str>) -> String {
    let what = department.map_or("進捗調査票".to_string(), |d| sheet_name(d, &[]));
    format!("{}_{fy}_{what}.xlsx", plan.id)
}

/// Do `job`.
pub fn run(job: Job) -> Outcome {
    match job {
        Job::Survey {
            plan,
            fy,
            department,
        } => {
            let plan = match read_plan(&plan, fy) {
                Ok(plan) => plan,
                Err(why) => return Outcome::Failed(why),
            };
            let asked = match &department {
                Some(d) => vec![d.clone()],
                None => departments(&plan),
            };
            let surveys: Vec<_> = asked.iter().map(|d| survey(&plan, fy, d)).collect();
            match write(&plan, fy, &surveys) {
                Ok(bytes) => Outcome::Workbook {
                    name: workbook_name(&plan, fy, department.as_deref()),
                    bytes,
                },
                Err(e) => Outcome::Failed(format!("調査票を作れませんでした（{e}）。")),
            }
        }
        Job::Returns { plan, fy, files } => {
            let plan = match read_plan(&plan, fy) {
                Ok(plan) => plan,
                Err(why) => return Outcome::Failed(why),
            };
            let readings: Vec<_> = files
                .iter()
                .map(|f| match &f.content {
                    Content::Xlsx(bytes) => read_xlsx(&plan, fy, &f.name, bytes),
                    Content::Csv(text) => read_csv(&plan, fy, &f.name, text),
                })
                .collect();
            Outcome::Proposal(propose(&plan, &readings))
        }
    }
}

/// The plan of a job, for `fy` of its period.
pub fn read_plan(json: &str, fy: FiscalYear) -> Result<Plan, String> {
    let plan = parse_plan(json).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        format!("計画ファイルとして読めません:\n{}", list.join("\n"))
    })?;
    if !plan.period.contains(fy) {
        return Err(format!(
            "{fy}年度は計画期間（{}〜{}年度）の外です。",
            plan.period.start, plan.period.end
        ));
    }
    Ok(plan)
}
