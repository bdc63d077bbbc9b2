//! The bundled seed plans for the shell's native tests, parsed as the app parses them.

use plan_core::plan::{Node, Plan};
use plan_core::validate::parse_plan;

pub fn yuzawa() -> Plan {
    parse_plan(include_str!("../seeds/yuzawa.json")).expect("the Yuzawa seed is valid")
}

pub fn annaka() -> Plan {
    parse_plan(include_str!("../seeds/annaka.json")).expect("the Annaka seed is valid")
}

pub fn higashine() -> Plan {
    parse_plan(include_str!("../seeds/higashine.json")).expect("the Higashine seed is valid")
}

pub fn minami_alps() -> Plan {
    parse_plan(include_str!("../seeds/minami-alps.json")).expect("the Minami-Alps seed is valid")
}

/// An Annaka 取組 with both a yearly schedule and printed progress statuses.
pub fn item_with_schedule_and_progress(annaka: &Plan) -> &Node {
    annaka
        .kpis()
        .map(|(n, _)| n)
        .find(|n| !n.progress.is_empty() && !n.schedule.is_empty())
        .expect("Annaka items have schedules and progress")
}
