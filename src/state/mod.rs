//! App state and the browser services the views call: no markup here.
//!
//! - [`route`]: the current public link as a signal, and in-app navigation;
//! - [`app`]: the plan index and the loaded plans (one [`app::AppState`] for the page);
//! - [`plan`]: the open plan — published plan, "as of" year, working plan and scorecard,
//!   notices ([`plan::OpenPlan`]), and in the staff app its draft ([`draft`]);
//! - [`storage`]: every localStorage key and what is kept under it (gloo-storage);
//! - [`fetch`], [`early`]: the plan files, and what the page's start-up script already has;
//! - [`updates`]: the offline copy and new deployments; [`marks`]: the benchmark's marks;
//! - [`sheets`] (staff app): the survey round's work, handed to the spreadsheet worker.

pub mod app;
#[cfg(feature = "staff")]
pub mod download;
#[cfg(feature = "staff")]
pub mod draft;
pub mod early;
pub mod fetch;
pub mod marks;
pub mod plan;
pub mod route;
#[cfg(feature = "staff")]
pub mod sheets;
pub mod storage;
pub mod updates;
