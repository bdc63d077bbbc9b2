//! View pieces shared by the pages. Each reads the state layer and plan-core only.

pub mod badge;
pub mod cells;
pub mod chart;
#[cfg(feature = "staff")]
pub mod edit_bar;
pub mod embed;
pub mod figures;
#[cfg(feature = "staff")]
pub mod file_drop;
pub mod finder;
#[cfg(feature = "staff")]
pub mod import;
pub mod layout;
pub mod rollup;
#[cfg(feature = "staff")]
pub mod sheets;
pub mod status;
#[cfg(feature = "staff")]
pub mod template;
pub mod year_select;
