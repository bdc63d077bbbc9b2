//! The reform office's spreadsheets over plan-core: the survey workbook (進捗調査票) sent to
//! each department, and its returns read back.

pub mod returns;
pub mod survey;
