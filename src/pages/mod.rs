//! One file per page, routed by the public link (see `plan_core::route`).

pub mod home;
pub mod kpi;
pub mod node;
pub mod plan;
pub mod plan_scope;
pub mod report;
#[cfg(feature = "staff")]
pub mod survey;
