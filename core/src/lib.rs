//! Pure core of the KPI dashboard: no browser types here, so everything is tested natively.
//!
//! Data flows one way: JSON text → [`validate`] → [`plan::Plan`] (+ edits) → [`engine`] results.

pub mod by_year;
pub mod edits;
pub mod engine;
pub mod format;
pub mod io;
pub mod plan;
pub mod route;
pub mod search;
pub mod synth;
pub mod validate;

#[cfg(feature = "schema")]
pub mod schema {
    //! The JSON Schema of the plan format, generated from the Rust types.

    /// `seeds/plan.schema.json`, pretty-printed with a trailing newline.
    pub fn plan_schema_json() -> String {
        let schema = schemars::schema_for!(crate::plan::Plan);
        let mut s = serde_json::to_string_pretty(&schema).expect("schema serialises");
        s.push('\n');
        s
    }
}
