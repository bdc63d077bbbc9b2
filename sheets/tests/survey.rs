//! The survey workbooks of the bundled plans, read back as a department's Excel gives them:
//! every item and KPI goes to some department, each sheet holds that department's rows with
//! their ids, the plan's figures and the cells to fill, locked and open as a 進捗調査票 has
//! them, and prints on A4 landscape.

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use plan_core::plan::{Figure, Plan, PROGRESS_CHOICES};
use plan_core::validate::parse_plan;
use sheets::survey::{self, columns, departments, sheet_name, Column, Subject, HEADER_ROW};
use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::PathBuf;

const SEEDS: [&str; 4] = ["yuzawa", "annaka", "higashine", "minami-alps"];

fn load(id: &str) -> Plan {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../seeds/{id}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    parse_plan(&text).unwrap_or_else(|_| panic!("{id}.json is invalid"))
}

/// The year a plan's survey would be sent for: its latest year with actuals, or its first.
fn survey_year(plan: &Plan) -> i32 {
    plan.kpis()
        .flat_map(|(_, k)| k.actuals.iter().map(|(y, _)| *y))
        .max()
        .unwrap_or(plan.period.start)
}

fn all_surveys(plan: &Plan, fy: i32) -> Vec<survey::Survey> {
    departments(plan)
        .iter()
        .map(|d| survey::survey(plan, fy, d))
        .collect()
}

#[test]
fn every_kpi_and_every_item_with_a_department_is_in_some_survey() {
    for id in SEEDS {
        let plan = load(id);
        let fy = survey_year(&plan);
        let asked: BTreeSet<(Subject, String)> = all_surveys(&plan, fy)
            .into_iter()
            .flat_map(|s| s.rows.into_iter().map(|r| (r.subject, r.id)))
            .collect();
        for (_, kpi) in plan.kpis() {
            assert!(
                asked.contains(&(Subject::Kpi, kpi.id.clone())),
                "{id}: KPI {} asked of nobody",
                kpi.id
            );
        }
        for (_, node) in plan.walk() {
            if !node.lead_departments.is_empty() {
                assert!(
                    asked.contains(&(Subject::Item, node.id.clone())),
                    "{id}: item {} asked of nobody",
                    node.id
                );
            }
        }
    }
}

#[test]
fn a_kpi_without_departments_goes_to_its_nearest_lead_department() {
    // 安中市's KPIs name no department: each goes to the department leading its node or the
    // nearest node above it.
    let plan = load("annaka");
    let fy = survey_year(&plan);
    for (node, kpi) in plan.kpis() {
        assert!(kpi.departments.is_empty());
        let mut chain = plan.ancestors(&node.id);
        chain.push(node);
        let lead = chain
            .iter()
            .rev()
            .find(|n| !n.lead_departments.is_empty())
            .expect("a lead department");
        for d in &lead.lead_departments {
            let s = survey::survey(&plan, fy, d);
            assert!(
                s.rows
                    .iter()
                    .any(|r| r.subject == Subject::Kpi && r.id == kpi.id),
                "{} not asked of {d}",
                kpi.id
            );
        }
    }
}

/// The text of the XML part `name` of the workbook `bytes`.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect(name)
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

fn number(plan_figure: Option<&Figure>) -> Option<Data> {
    match plan_figure {
        Some(Figure::Number(n)) => Some(Data::Float(*n)),
        Some(Figure::Text(t)) => Some(Data::String(t.clone())),
        None => None,
    }
}

#[test]
fn the_workbook_has_a_sheet_per_department_with_its_rows_ids_and_figures() {
    let plan = load("yuzawa");
    let fy = 2023;
    let surveys = all_surveys(&plan, fy);
    let bytes = survey::write(&plan, fy, &surveys).expect("written");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).expect("an xlsx");
    let names = book.sheet_names();
    assert_eq!(names.len(), surveys.len());
    let cols = columns(plan.period.start, fy);
    let col = |wanted: Column| cols.iter().position(|c| *c == wanted).unwrap() as u32;
    for (name, s) in names.iter().zip(&surveys) {
        let range = book.worksheet_range(name).expect("a sheet");
        let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(at(1, 1), Data::String(format!("担当課: {}", s.department)));
        assert_eq!(
            at(HEADER_ROW, col(Column::Actual)),
            Data::String("R5年度 実績値【記入】".into())
        );
        assert_eq!(
            at(HEADER_ROW, col(Column::Earlier(2021))),
            Data::String("実績値 R3".into())
        );
        assert_eq!(
            at(HEADER_ROW, col(Column::Status)),
            Data::String("進捗状況【記入】".into())
        );
        for (i, row) in s.rows.iter().enumerate() {
            let r = HEADER_ROW + 1 + i as u32;
            assert_eq!(at(r, col(Column::Id)), Data::String(row.id.clone()));
            if row.subject == Subject::Kpi {
                let (_, kpi) = plan.find_kpi(&row.id).unwrap();
                for y in [2021, 2022] {
                    let expected = number(kpi.actuals.get(&y)).unwrap_or(Data::Empty);
                    assert_eq!(at(r, col(Column::Earlier(y))), expected, "{} {y}", row.id);
                }
                let expected = number(kpi.actuals.get(&fy)).unwrap_or(Data::Empty);
                assert_eq!(at(r, col(Column::Actual)), expected, "{} {fy}", row.id);
                assert_eq!(at(r, col(Column::Title)), Data::String(kpi.name.clone()));
            }
        }
    }
    // The sheet of the first KPI's department.
    let first = plan.kpis().next().unwrap().1;
    let d = &first.departments[0];
    let i = surveys.iter().position(|s| &s.department == d).unwrap();
    let sheet = part(&bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
    assert!(sheet.contains("<sheetProtection"), "the sheet is protected");
    assert!(
        sheet.contains("type=\"decimal\""),
        "the actual takes numbers only"
    );
    assert!(sheet.contains("orientation=\"landscape\""));
    assert!(sheet.contains("paperSize=\"9\""), "A4");
    assert!(
        sheet.contains("fitToHeight=\"0\"") && sheet.contains("fitToPage=\"1\""),
        "one page wide"
    );
}

#[test]
fn an_item_asks_for_its_status_from_the_list() {
    // 安中市's items carry a printed status each year.
    let plan = load("annaka");
    let fy = 2022;
    let surveys = all_surveys(&plan, fy);
    let (i, s) = surveys
        .iter()
        .enumerate()
        .find(|(_, s)| s.rows.iter().any(|r| r.subject == Subject::Item))
        .expect("a department with items");
    let bytes = survey::write(&plan, fy, &surveys).unwrap();
    let sheet = part(&bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
    assert!(sheet.contains("type=\"list\""));
    assert!(
        sheet.contains(&PROGRESS_CHOICES.join(",")),
        "the list is the app's choices"
    );
    let item = s.rows.iter().find(|r| r.subject == Subject::Item).unwrap();
    let node = plan.find_node(&item.id).unwrap();
    assert_eq!(
        item.status,
        node.progress.get(&fy).cloned().unwrap_or_default()
    );
}

#[test]
fn sheet_names_are_what_excel_accepts_and_distinct() {
    let taken = vec!["企画課".to_string()];
    assert_eq!(sheet_name("企画課", &taken), "企画課（2）");
    assert_eq!(
        sheet_name("総務部/総務課[庶務]", &[]),
        "総務部＿総務課＿庶務＿"
    );
    let long = "あ".repeat(40);
    assert_eq!(sheet_name(&long, &[]).chars().count(), 31);
    let first = sheet_name(&long, &[]);
    let second = sheet_name(&long, std::slice::from_ref(&first));
    assert_ne!(first, second);
    assert_eq!(second.chars().count(), 31);
    // Every department of every seed plan gives a workbook Excel accepts.
    for id in SEEDS {
        let plan = load(id);
        let fy = survey_year(&plan);
        survey::write(&plan, fy, &all_surveys(&plan, fy)).unwrap_or_else(|e| panic!("{id}: {e}"));
    }
}

#[test]
fn the_department_list_counts_each_surveys_rows() {
    for id in ["yuzawa", "annaka", "higashine", "minami-alps"] {
        let plan = load(id);
        let listed = survey::departments_asked(&plan);
        assert_eq!(
            listed.iter().map(|(d, _)| d.clone()).collect::<Vec<_>>(),
            departments(&plan)
        );
        for (department, rows) in listed {
            assert_eq!(
                rows,
                survey::survey(&plan, 2023, &department).rows.len(),
                "{id} {department}"
            );
        }
    }
}
