//! The open plan: what every page of a plan reads, provided as context by the plan's scope.
//!
//! Data flows one way: the published plan (plus, in the staff app, the draft laid over it:
//! `state::draft`) is the working plan; the working plan and the "as of" year give the
//! scorecard, a memo; the views read both.

use super::route::use_route;
use leptos::prelude::*;
use plan_core::engine::{latest_year_with_data, Scorecard};
use plan_core::plan::{FiscalYear, Kpi, Plan};
use std::sync::Arc;

/// An `Arc` compared by identity: a new value is always a change, and comparing two plans or
/// scorecards value by value would cost as much as computing one.
#[derive(Clone, Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// A message for the user about what happened to their data or the page (shown with
/// role="alert" when serious, else role="status").
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub serious: bool,
}

#[derive(Clone, Copy)]
pub struct OpenPlan {
    /// The published plan: titles, structure, targets. What staff edit is read from `plan`.
    base: StoredValue<Arc<Plan>>,
    /// The "as of" fiscal year: the link's, if it is in the plan's period; else the latest
    /// year with actuals.
    pub fy: Memo<FiscalYear>,
    /// The working plan: the published one, with the staff draft laid over it.
    pub plan: RwSignal<Shared<Plan>>,
    /// The working plan evaluated as of `fy`.
    pub score: Memo<Shared<Scorecard>>,
    /// A message about the user's data (an import, another tab, storage).
    pub notice: RwSignal<Option<Notice>>,
}

impl OpenPlan {
    /// Open `plan` for the pages of the current route, and provide it as context.
    pub fn provide(plan: Arc<Plan>) -> OpenPlan {
        let route = use_route();
        let default_fy = latest_year_with_data(&plan);
        let period = plan.period;
        let fy = Memo::new(move |_| {
            route
                .with(|r| r.fy)
                .filter(|y| period.contains(*y))
                .unwrap_or(default_fy)
        });
        let working = RwSignal::new(Shared(plan.clone()));
        // Another year reuses the scorecard's id indexes (`Scorecard::at`); an edit makes a
        // new working plan and so a new scorecard (≈ 1 ms for 2,000 KPIs in the browser).
        let score = Memo::new(move |before: Option<&Shared<Scorecard>>| {
            let fy = fy.get();
            working.with(|p| match before {
                Some(before) => Shared(Arc::new(before.at(p, fy))),
                None => Shared(Arc::new(Scorecard::new(p, fy))),
            })
        });
        let open = OpenPlan {
            base: StoredValue::new(plan),
            fy,
            plan: working,
            score,
            notice: RwSignal::new(None),
        };
        provide_context(open);
        open
    }

    /// The published plan.
    pub fn base(&self) -> Arc<Plan> {
        self.base.get_value()
    }

    /// Read the KPI `id` of the working plan (tracked).
    pub fn with_kpi<T>(&self, id: &str, f: impl FnOnce(&Kpi) -> T) -> Option<T> {
        self.plan.with(|p| p.find_kpi(id).map(|(_, k)| f(k)))
    }
}

pub fn use_open_plan() -> OpenPlan {
    expect_context::<OpenPlan>()
}
