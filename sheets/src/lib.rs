//! The reform office's spreadsheets over plan-core: the survey workbook (進捗調査票) sent to
//! each department, and its returns read back.

pub mod returns;
pub mod survey;

use plan_core::plan::{FiscalYear, Plan};
use plan_core::validate::parse_plan;

/// The plan file at `path`, for `fy` of its period; or what is wrong, in Japanese (the
/// commands' common start).
pub fn plan_for_year(path: &str, fy: FiscalYear) -> Result<Plan, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path} を読めません: {e}"))?;
    let plan = parse_plan(&text).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        format!(
            "{path} は計画ファイルとして読めません:\n{}",
            list.join("\n")
        )
    })?;
    if !plan.period.contains(fy) {
        return Err(format!(
            "{fy}年度は計画期間（{}〜{}年度）の外です。",
            plan.period.start, plan.period.end
        ));
    }
    Ok(plan)
}
