//! The bundled plan data: every file validates, has the structure of its source document,
//! and carries the figures printed there.

use plan_core::plan::{Figure, Plan, TargetKind};
use plan_core::validate::{parse_index, parse_plan};
use std::path::PathBuf;

fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seeds")
}

fn load(id: &str) -> Plan {
    let path = seeds_dir().join(format!("{id}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    parse_plan(&text).unwrap_or_else(|problems| {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        panic!("{id}.json is invalid:\n{}", list.join("\n"))
    })
}

/// Nodes per depth.
fn per_level(plan: &Plan) -> Vec<usize> {
    let mut counts = Vec::new();
    for (depth, _) in plan.walk() {
        if counts.len() <= depth {
            counts.resize(depth + 1, 0);
        }
        counts[depth] += 1;
    }
    counts
}

fn kpi<'a>(plan: &'a Plan, id: &str) -> &'a plan_core::plan::Kpi {
    plan.find_kpi(id)
        .unwrap_or_else(|| panic!("{}: no KPI {id}", plan.id))
        .1
}

fn num(f: Option<&Figure>) -> Option<f64> {
    f.and_then(Figure::number)
}

#[test]
fn index_lists_the_four_plans_and_each_file_matches_its_entry() {
    let text = std::fs::read_to_string(seeds_dir().join("index.json")).unwrap();
    let index = parse_index(&text).unwrap();
    let ids: Vec<&str> = index.plans.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["yuzawa", "annaka", "higashine", "minami-alps"]);
    for entry in &index.plans {
        let plan = load(&entry.id);
        assert_eq!(
            plan.index_entry(&entry.file),
            *entry,
            "index entry of {}",
            entry.id
        );
    }
}

#[test]
fn json_schema_file_matches_the_rust_types() {
    let shipped = std::fs::read_to_string(seeds_dir().join("plan.schema.json")).unwrap();
    assert!(
        shipped == plan_core::schema::plan_schema_json(),
        "seeds/plan.schema.json is stale: run `cargo run -p plan-tool -- schema > seeds/plan.schema.json`"
    );
}

#[test]
fn yuzawa_structure_and_figures() {
    let plan = load("yuzawa");
    assert_eq!(plan.period.start, 2021);
    assert_eq!(plan.period.end, 2026);
    let levels = per_level(&plan);
    assert_eq!(
        &levels[..3],
        &[4, 12, 32],
        "基本方針, テーマプログラム, 取組事項"
    );
    assert!(levels[3] >= 32, "every 取組事項 has 実施項目 rows");
    let progress_kpis: Vec<_> = plan
        .kpis()
        .filter(|(_, k)| k.reported.contains_key(&2023) || k.actuals.contains_key(&2023))
        .collect();
    assert_eq!(progress_kpis.len(), 20, "the 20 KPIs of the progress table");

    // ⑦ 公共施設の延べ床面積: R5 283,179 m², target 264,000, decreasing.
    let k7 = kpi(&plan, "k07");
    assert_eq!(num(k7.actuals.get(&2023)), Some(283179.0));
    assert_eq!(k7.target.as_ref().unwrap().value, Some(264000.0));
    assert_eq!(k7.baseline.as_ref().unwrap().value, Some(299963.0));
    // ② 講座参加者数 R3–R5 413, 265, 439 → 200.
    let k2 = kpi(&plan, "k02");
    let r: Vec<_> = (2021..=2023).map(|y| num(k2.actuals.get(&y))).collect();
    assert_eq!(r, [Some(413.0), Some(265.0), Some(439.0)]);
    // ⑯ 繰出金 8.39 億円 → 8.41, printed 100.2%.
    let k16 = kpi(&plan, "k16");
    assert_eq!(num(k16.actuals.get(&2023)), Some(8.39));
    assert_eq!(k16.reported[&2023].text, "100.2%");
    // ⑰ per-department rows and the printed 累計 row.
    let k17 = kpi(&plan, "k17");
    assert!(
        k17.series.len() >= 4,
        "総務課, 情報政策課, 上下水道課, 累計"
    );
    // ⑨ and ⑫ printed no rate.
    assert!(kpi(&plan, "k09").reported.is_empty());
    assert!(kpi(&plan, "k12").reported.is_empty());
    // Every R5 comment that was printed is there.
    assert!(kpi(&plan, "k05").comments[&2023].contains("LINE"));
}

#[test]
fn annaka_structure_and_figures() {
    let plan = load("annaka");
    assert_eq!((plan.period.start, plan.period.end), (2020, 2024));
    let levels = per_level(&plan);
    assert_eq!(levels[0], 5, "5 areas");
    assert_eq!(levels.get(2).copied(), Some(36), "36 取組");
    // ① 情報提供手段の拡大: HPアクセス数 456,456 → 510,000.
    let hp = plan
        .kpis()
        .map(|(_, k)| k)
        .find(|k| k.name.contains("HPアクセス数"))
        .expect("HPアクセス数");
    assert_eq!(hp.baseline.as_ref().unwrap().value, Some(456456.0));
    assert_eq!(hp.target.as_ref().unwrap().value, Some(510000.0));
    // The two-metric cell became two KPIs.
    assert!(plan.kpis().any(|(_, k)| k.name.contains("AI-OCR")));
    assert!(plan.kpis().any(|(_, k)| k.name.contains("RPA")));
    // Every 取組 has its 担当課.
    for (depth, node) in plan.walk() {
        if depth == 2 {
            assert!(
                !node.lead_departments.is_empty(),
                "{} has no 担当課",
                node.id
            );
        }
    }
}

#[test]
fn higashine_structure_and_figures() {
    let plan = load("higashine");
    assert_eq!((plan.period.start, plan.period.end), (2026, 2030));
    let policies: Vec<_> = plan
        .walk()
        .into_iter()
        .filter(|(_, n)| n.number.as_deref().is_some_and(|s| s.starts_with("施策")))
        .collect();
    assert_eq!(policies.len(), 44, "施策1–44");
    assert_eq!(per_level(&plan)[0], 4, "4 柱");
    // The opening chapters in document order, the 財政指標 table a line an indicator.
    let labels: Vec<&str> = plan.texts.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "これまでの行財政改革の取り組み",
            "策定の目的",
            "計画期間",
            "行財政改革の取り組みの視点",
            "本市の現況と課題：人口減少・少子高齢化の進行",
            "本市の現況と課題：財政状況",
            "本市の現況と課題：将来にわたる課題",
            "行財政改革に向けた基本的な考え方",
            "推進体制",
        ]
    );
    let finance = &plan.texts[5].text;
    for line in [
        "・財政力指数：0.68／0.62／0.50",
        "・経常収支比率：92.7%／94.8%／94.1%",
        "・実質公債費比率：6.6%／8.8%／8.5%",
        "・将来負担比率：6.7%／-／42.3%",
    ] {
        assert!(finance.lines().any(|l| l == line), "{line}");
    }
    // 12 施策 print a KPI table; four of the tables have more than one row.
    let with_kpis = plan
        .walk()
        .into_iter()
        .filter(|(_, n)| !n.kpis.is_empty())
        .count();
    assert_eq!(with_kpis, 12, "12 施策 with KPIs");
    assert_eq!(plan.kpis().count(), 17, "17 KPI rows");
    let form = plan
        .kpis()
        .map(|(_, k)| k)
        .find(|k| k.name.contains("電子申請フォーム"))
        .expect("電子申請フォームの登録件数");
    assert_eq!(form.baseline.as_ref().unwrap().value, Some(83.0));
    assert_eq!(form.target.as_ref().unwrap().value, Some(100.0));
    assert_eq!(form.target.as_ref().unwrap().fy, 2030);
    assert!(plan.kpis().any(|(_, k)| k
        .target
        .as_ref()
        .is_some_and(|t| t.kind == TargetKind::Improve)));
}

#[test]
fn minami_alps_structure_and_figures() {
    let plan = load("minami-alps");
    assert_eq!((plan.period.start, plan.period.end), (2026, 2030));
    let levels = per_level(&plan);
    assert_eq!(levels[0], 4, "4 基本方針");
    assert_eq!(levels.get(2).copied(), Some(31), "31 主な取組み");
    // The first 取組み's final goal holds a second target: 現年度分 99 % or more.
    let current = kpi(&plan, "k32");
    assert_eq!(current.name, "市税収納率(現年度分)");
    assert_eq!(current.target.as_ref().and_then(|t| t.value), Some(99.0));
    assert_eq!(current.baseline.as_ref().and_then(|b| b.value), Some(99.42));
    assert_eq!(
        plan.find_kpi("k32").map(|(n, _)| n.id.as_str()),
        Some("m01")
    );
    // LINE 登録者数 6,000 … 16,000.
    let line = plan
        .kpis()
        .map(|(_, k)| k)
        .find(|k| k.name.contains("LINE") || k.definition.as_deref().unwrap_or("").contains("LINE"))
        .expect("LINE KPI");
    assert_eq!(num(line.targets.get(&2026)), Some(6000.0));
    assert_eq!(num(line.targets.get(&2030)), Some(16000.0));
    // 市税収納率 98.60% printed with two decimals.
    let tax = plan
        .kpis()
        .map(|(_, k)| k)
        .find(|k| k.definition.as_deref().unwrap_or("").contains("市税収納率"))
        .expect("市税収納率");
    assert_eq!(num(tax.targets.get(&2026)), Some(98.6));
    assert_eq!(tax.decimals, Some(2));
    // Actuals are for staff to fill.
    assert!(plan.kpis().all(|(_, k)| k.actuals.is_empty()));
}

#[test]
fn the_report_names_the_level_that_holds_the_kpis() {
    let name = |id: &str| {
        let text =
            std::fs::read_to_string(format!("{}/../seeds/{id}.json", env!("CARGO_MANIFEST_DIR")))
                .unwrap();
        plan_core::validate::parse_plan(&text)
            .unwrap()
            .kpi_level_name()
            .to_string()
    };
    assert_eq!(name("yuzawa"), "テーマプログラム");
    assert_eq!(name("annaka"), "取組");
    assert_eq!(name("higashine"), "施策");
    assert_eq!(name("minami-alps"), "主な取組み");
}

/// Each KPI's place reads that very KPI, in the order of `kpis()`, on every seed plan.
#[test]
fn kpi_places_read_every_kpi_in_document_order() {
    for id in ["yuzawa", "annaka", "higashine", "minami-alps"] {
        let plan = load(id);
        let places = plan.kpi_places();
        let by_place: Vec<&str> = places
            .iter()
            .map(|p| plan.kpi_at(p).expect("a KPI at its place").id.as_str())
            .collect();
        let in_order: Vec<&str> = plan.kpis().map(|(_, k)| k.id.as_str()).collect();
        assert_eq!(by_place, in_order, "{id}");
    }
    let plan = load("annaka");
    let gone = plan_core::plan::KpiPlace {
        nodes: vec![99],
        kpi: 0,
    };
    assert!(plan.kpi_at(&gone).is_none());
}

/// A plan opens at the latest year something was reported for; 安中市 reports nothing yet and
/// prints its schedule as a status for every year, so it opens at the last of them; the
/// plans that start in 令和8年度 open there.
#[test]
fn each_plan_opens_at_its_latest_year_with_data() {
    use plan_core::engine::latest_year_with_data;
    assert_eq!(latest_year_with_data(&load("yuzawa")), 2023);
    let mut annaka = load("annaka");
    assert_eq!(latest_year_with_data(&annaka), 2024);
    assert_eq!(latest_year_with_data(&load("higashine")), 2026);
    assert_eq!(latest_year_with_data(&load("minami-alps")), 2026);
    // Once an actual is reported, the printed schedule no longer decides.
    let k01 = annaka.nodes[0].children[0].children[0].kpis.first_mut();
    k01.expect("安中市 ① has a KPI")
        .actuals
        .insert(2021, Figure::Number(480_000.0));
    assert_eq!(latest_year_with_data(&annaka), 2021);
}
