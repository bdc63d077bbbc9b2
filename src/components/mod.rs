//! View pieces shared by the pages. Each reads the state layer and plan-core only.

pub mod badge;
pub mod cells;
pub mod chart;
#[cfg(feature = "staff")]
pub mod edit_bar;
pub mod embed;
pub mod figures;
pub mod finder;
#[cfg(feature = "staff")]
pub mod import;
pub mod layout;
pub mod rollup;
pub mod status;
pub mod year_select;
