//! A KPI's figures as the pages write them: numbers with 3桁区切り, decimals and unit.

use plan_core::format::{number, wareki_fy};
use plan_core::plan::{Figure, Kpi, TargetKind};

/// A number with the KPI's decimals and unit: "283,179m²".
pub fn amount_text(value: f64, kpi: &Kpi) -> String {
    format!(
        "{}{}",
        number(value, kpi.decimals),
        kpi.unit.as_deref().unwrap_or("")
    )
}

/// A yearly figure: a number with its unit, or the text as printed.
pub fn figure_text(f: &Figure, kpi: &Kpi) -> String {
    match f {
        Figure::Number(n) => amount_text(*n, kpi),
        Figure::Text(t) => t.clone(),
    }
}

/// The baseline with its unit and when it was measured, as printed: "299,963m²（R1）".
pub fn baseline_text(kpi: &Kpi) -> String {
    kpi.baseline
        .as_ref()
        .map(|b| {
            let value = b.value.map(|v| amount_text(v, kpi));
            let when = b.as_of.as_ref().map(|a| format!("（{a}）"));
            format!(
                "{}{}",
                value.as_deref().unwrap_or("－"),
                when.unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "－".into())
}

/// The final target: "264,000m²以下（令和8年度）", the target as printed, or "—".
pub fn target_text(kpi: &Kpi) -> String {
    let Some(t) = &kpi.target else {
        return "—".into();
    };
    let value = t.value.map(|v| amount_text(v, kpi));
    let kind = match t.kind {
        TargetKind::AtLeast => "以上",
        TargetKind::AtMost => "以下",
        _ => "",
    };
    match (value, &t.text) {
        (Some(v), _) => format!("{v}{kind}（{}）", wareki_fy(t.fy)),
        (None, Some(text)) => format!("{text}（{}）", wareki_fy(t.fy)),
        (None, None) => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuzawa_k07_figures() {
        let plan = crate::test_seeds::yuzawa();
        let (_, k) = plan.find_kpi("k07").unwrap();
        assert_eq!(figure_text(k.actuals.get(&2023).unwrap(), k), "283,179m²");
        assert_eq!(target_text(k), "264,000m²以下（令和8年度）");
        assert_eq!(baseline_text(k), "299,963m²（R1）");
    }
}
