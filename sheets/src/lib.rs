//! The reform office's spreadsheets over plan-core: the survey workbook (進捗調査票) sent to
//! each department, and its returns read back; and the plan template workbook (a whole plan
//! in sheets, both ways).

pub mod jobs;
pub mod returns;
pub mod survey;
pub mod template;

use plan_core::plan::{FiscalYear, Plan};

/// The plan file at `path`, for `fy` of its period; or what is wrong, in Japanese (the
/// commands' common start).
pub fn plan_for_year(path: &str, fy: FiscalYear) -> Result<Plan, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path} を読めません: {e}"))?;
    jobs::read_plan(&text, fy).map_err(|why| format!("{path}: {why}"))
}
