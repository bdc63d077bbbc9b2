//! The worker's jobs as the staff app sends them: the plan as JSON, a survey workbook back
//! (read back as a return, it changes nothing), returned files in, a proposal out; and every
//! job and outcome survives the trip as data.

use plan_core::edits::Cell;
use plan_core::io::export_json;
use plan_core::plan::{Figure, Plan};
use plan_core::validate::parse_plan;
use sheets::jobs::{run, Content, Job, Outcome, Returned};
use sheets::survey::Column;
use std::path::PathBuf;

fn seed(id: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../seeds/{id}.json"));
    std::fs::read_to_string(path).unwrap()
}

fn workbook(job: Job) -> (String, Vec<u8>) {
    match run(job) {
        Outcome::Workbook { name, bytes } => (name, bytes),
        other => panic!("expected a workbook, got {other:?}"),
    }
}

#[test]
fn a_survey_read_back_unchanged_proposes_nothing() {
    let plan = seed("yuzawa");
    let (name, bytes) = workbook(Job::Survey {
        plan: plan.clone(),
        fy: 2023,
        department: None,
    });
    assert_eq!(name, "yuzawa_2023_進捗調査票.xlsx");
    let Outcome::Review(r) = run(Job::Returns {
        plan,
        fy: 2023,
        files: vec![Returned {
            name,
            content: Content::Xlsx(bytes),
        }],
    }) else {
        panic!("expected a review");
    };
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(r.changes.is_empty() && r.conflicts.is_empty() && r.groups.is_empty());
    assert!(
        r.unchanged > 0,
        "the survey's filled cells are read as they are"
    );
}

#[test]
fn one_departments_workbook_is_named_after_it() {
    let plan: Plan = parse_plan(&seed("annaka")).unwrap();
    let department = sheets::survey::departments(&plan)[0].clone();
    let (name, _) = workbook(Job::Survey {
        plan: export_json(&plan),
        fy: 2024,
        department: Some(department.clone()),
    });
    assert_eq!(name, format!("annaka_2024_{department}.xlsx"));
}

#[test]
fn a_csv_return_becomes_a_change_and_jobs_travel_as_data() {
    let text = seed("yuzawa");
    let plan: Plan = parse_plan(&text).unwrap();
    let (_, kpi) = plan.kpis().next().unwrap();
    let (id, actual) = (Column::Id.header(2023), Column::Actual.header(2023));
    let csv = format!("\n\n\n{id},{actual}\n{},１２３\n", kpi.id);
    let job = Job::Returns {
        plan: text,
        fy: 2023,
        files: vec![Returned {
            name: "return.csv".into(),
            content: Content::Csv(csv),
        }],
    };
    let travelled: Job = serde_json::from_str(&serde_json::to_string(&job).unwrap()).unwrap();
    assert_eq!(travelled, job);
    let outcome = run(travelled);
    let again: Outcome = serde_json::from_str(&serde_json::to_string(&outcome).unwrap()).unwrap();
    assert_eq!(again, outcome);
    let Outcome::Review(r) = outcome else {
        panic!("expected a review");
    };
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.groups.len(), 1);
    assert_eq!(r.groups[0].heading, "return.csv");
    assert_eq!(
        r.groups[0].lines,
        [format!(
            "{}{} 令和5年度の実績値: 1 → 123（5行目）",
            kpi.number.as_deref().unwrap_or(""),
            kpi.name
        )]
    );
    let cell = Cell::Actual {
        kpi: kpi.id.clone(),
        fy: 2023,
    };
    assert_eq!(r.changes.changes.len(), 1);
    assert_eq!(
        r.changes.changes.get(&cell),
        Some(&Some(Figure::Number(123.0)))
    );
    assert_eq!(
        (r.changes.plan.as_str(), r.changes.revision),
        (plan.id.as_str(), plan.revision)
    );
}

#[test]
fn two_returns_that_disagree_are_a_choice_each_with_its_edit() {
    let text = seed("yuzawa");
    let plan: Plan = parse_plan(&text).unwrap();
    let (_, kpi) = plan.kpis().next().unwrap();
    let (id, actual) = (Column::Id.header(2023), Column::Actual.header(2023));
    let file = |name: &str, value: &str| Returned {
        name: name.into(),
        content: Content::Csv(format!("{id},{actual}\n{},{value}\n", kpi.id)),
    };
    let Outcome::Review(r) = run(Job::Returns {
        plan: text,
        fy: 2023,
        files: vec![
            file("a.csv", "120"),
            file("b.csv", "130"),
            file("c.csv", "x,\""),
        ],
    }) else {
        panic!("expected a review");
    };
    assert!(r.changes.is_empty() && r.groups.is_empty());
    assert_eq!(r.conflicts.len(), 1);
    let conflict = &r.conflicts[0];
    assert_eq!(
        conflict.subject,
        format!(
            "{}{} 令和5年度の実績値",
            kpi.number.as_deref().unwrap_or(""),
            kpi.name
        )
    );
    assert_eq!(conflict.current, "1");
    let texts: Vec<&str> = conflict.values.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        ["120（a.csv「a.csv」2行目）", "130（b.csv「b.csv」2行目）"]
    );
    let cell = Cell::Actual {
        kpi: kpi.id.clone(),
        fy: 2023,
    };
    assert_eq!(
        conflict.values[1].1.changes.get(&cell),
        Some(&Some(Figure::Number(130.0)))
    );
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert!(r.problems[0].starts_with("c.csv"), "{}", r.problems[0]);
}

#[test]
fn a_year_outside_the_plan_or_a_broken_plan_fails_in_japanese() {
    let Outcome::Failed(why) = run(Job::Survey {
        plan: seed("yuzawa"),
        fy: 1999,
        department: None,
    }) else {
        panic!("expected a failure");
    };
    assert!(why.contains("1999年度は計画期間"), "{why}");
    let Outcome::Failed(why) = run(Job::Returns {
        plan: "{".into(),
        fy: 2023,
        files: vec![],
    }) else {
        panic!("expected a failure");
    };
    assert!(why.contains("計画ファイルとして読めません"), "{why}");
}

#[test]
fn a_plan_goes_to_its_template_and_back_through_the_jobs() {
    let (name, bytes) = workbook(Job::ToTemplate {
        plan: seed("higashine"),
    });
    assert_eq!(name, "higashine_計画テンプレート.xlsx");
    let Outcome::Plan(json) = run(Job::FromTemplate { bytes }) else {
        panic!("expected a plan");
    };
    assert_eq!(json, export_json(&parse_plan(&seed("higashine")).unwrap()));
    let Outcome::Problems(problems) = run(Job::FromTemplate {
        bytes: b"not a workbook".to_vec(),
    }) else {
        panic!("expected problems");
    };
    assert!(
        problems[0].contains("Excel のブック（.xlsx）として読めません"),
        "{problems:?}"
    );
}
