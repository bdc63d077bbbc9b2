//! The spreadsheet work the staff app hands to its worker (a second wasm, so neither app's
//! start carries it and a large workbook never freezes the page), as plain data in and out:
//! `run` is the whole of what the worker does, and is tested natively like the rest.

use crate::returns::{propose, read_csv, read_xlsx, Proposal};
use crate::survey::{departments, sheet_name, survey, write};
use plan_core::edits::{label, value_text, Cell, CellValue, Change, Draft};
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
    /// The plan as the plan template workbook.
    ToTemplate { plan: String },
    /// A plan template workbook read into a plan.
    FromTemplate {
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
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
        bytes: Vec<u8>,
    },
    Review(Review),
    /// The plan read from a template, as plan JSON.
    Plan(String),
    /// What a template has that cannot be read: sheet, row, column and why, in Japanese.
    Problems(Vec<String>),
    /// The job could not be done at all (said in Japanese).
    Failed(String),
}

/// Returns as staff review them before anything changes: what the page shows, in Japanese,
/// and the edits it applies on confirmation (plan-core's draft format, as the app keeps them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// What cannot be read: file, sheet, cell and what was expected.
    pub problems: Vec<String>,
    /// The changes per file and sheet, in the files' order.
    pub groups: Vec<Group>,
    /// The cells two returns fill differently: staff pick a value or keep the cell.
    pub conflicts: Vec<Conflict>,
    /// Cells the returns fill with the value the plan already has.
    pub unchanged: usize,
    /// The changes (the conflicts apart), to apply on confirmation.
    pub changes: Draft,
}

/// The changes one file's sheet (a department) gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// `file「sheet」`, or the file alone when it is a CSV (its sheet is the file).
    pub heading: String,
    /// "<KPI> 令和5年度の実績値: 439 → 100（8行目）".
    pub lines: Vec<String>,
}

/// A cell two returns disagree on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// "<KPI> 令和5年度の実績値".
    pub subject: String,
    /// The value the cell has now.
    pub current: String,
    /// Each value given, with where it came from, and the edit that takes it.
    pub values: Vec<(String, Draft)>,
}

/// The review of `proposal`, the returns read against `plan`.
pub fn review(plan: &Plan, proposal: &Proposal) -> Review {
    let change = |cell: &Cell, before: &CellValue, after: &CellValue| Change {
        cell: cell.clone(),
        label: label(plan, cell),
        before: before.clone(),
        after: after.clone(),
    };
    let mut groups: Vec<Group> = Vec::new();
    for c in &proposal.changes {
        let line = change(&c.cell, &c.from, &c.to).describe();
        for source in &c.sources {
            let heading = if source.file == source.sheet {
                source.file.clone()
            } else {
                format!("{}「{}」", source.file, source.sheet)
            };
            let line = format!("{line}（{}行目）", source.row);
            match groups.iter_mut().find(|g| g.heading == heading) {
                Some(group) => group.lines.push(line),
                None => groups.push(Group {
                    heading,
                    lines: vec![line],
                }),
            }
        }
    }
    let conflicts = proposal
        .conflicts
        .iter()
        .map(|c| Conflict {
            subject: change(&c.cell, &c.current, &c.current).subject(),
            current: value_text(&c.current),
            values: c
                .values
                .iter()
                .map(|(value, sources)| {
                    let from: Vec<String> = sources.iter().map(|s| s.to_string()).collect();
                    let text = format!("{}（{}）", value_text(value), from.join("、"));
                    (text, edits(plan, [(&c.cell, value)]))
                })
                .collect(),
        })
        .collect();
    Review {
        problems: proposal.problems.iter().map(|p| p.to_string()).collect(),
        groups,
        conflicts,
        unchanged: proposal.unchanged,
        changes: edits(plan, proposal.changes.iter().map(|c| (&c.cell, &c.to))),
    }
}

/// `cells` as draft edits of `plan`.
fn edits<'a>(plan: &Plan, cells: impl IntoIterator<Item = (&'a Cell, &'a CellValue)>) -> Draft {
    let mut draft = Draft::new(plan);
    for (cell, value) in cells {
        draft.changes.insert(cell.clone(), value.clone());
    }
    draft
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
            Outcome::Review(review(&plan, &propose(&plan, &readings)))
        }
        Job::ToTemplate { plan } => {
            let plan = match parse_plan(&plan) {
                Ok(plan) => plan,
                Err(_) => return Outcome::Failed("計画を読めませんでした。".into()),
            };
            match crate::template::write(&plan) {
                Ok(bytes) => Outcome::Workbook {
                    name: format!("{}_計画テンプレート.xlsx", plan.id),
                    bytes,
                },
                Err(e) => Outcome::Failed(format!("テンプレートを作れませんでした（{e}）。")),
            }
        }
        Job::FromTemplate { bytes } => match crate::template::read(&bytes) {
            Ok(plan) => Outcome::Plan(plan_core::io::export_json(&plan)),
            Err(problems) => Outcome::Problems(problems.iter().map(|p| p.to_string()).collect()),
        },
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
