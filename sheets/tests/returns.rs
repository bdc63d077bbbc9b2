//! Returned surveys read back: what a department typed becomes the cells it fills, matched by
//! id whatever the order of the rows; full-width digits and 3桁区切り are numbers; what cannot
//! be read is named with file, sheet, row and column in Japanese, and the rest is still read;
//! a hostile file is refused whole; two returns that disagree are a conflict, not a change.

use plan_core::edits::Cell;
use plan_core::plan::{Figure, Plan};
use plan_core::validate::parse_plan;
use rust_xlsxwriter::{Formula, Workbook};
use sheets::returns::{self, propose, read_csv, read_xlsx, Reading};
use sheets::survey::{self, columns, departments, Column, HEADER_ROW};
use std::io::Write;
use std::path::PathBuf;

fn load(id: &str) -> Plan {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../seeds/{id}.json"));
    parse_plan(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const FY: i32 = 2023;

/// The department of 湯沢市's first KPI, its survey, and that KPI's id.
fn first_department(plan: &Plan) -> (String, String) {
    let (_, kpi) = plan.kpis().next().unwrap();
    (kpi.departments[0].clone(), kpi.id.clone())
}

/// The ids of the plan's first `n` KPIs.
fn kpi_ids(plan: &Plan, n: usize) -> Vec<String> {
    plan.kpis().take(n).map(|(_, k)| k.id.clone()).collect()
}

fn cols() -> Vec<Column> {
    columns(2021, FY)
}

fn col(wanted: Column) -> u16 {
    cols().iter().position(|c| *c == wanted).unwrap() as u16
}

/// A return written by hand, as a department's Excel would save it: the survey's headers,
/// then `rows` of (id, actual cell, comment) in the order given.
enum Typed {
    Text(&'static str),
    Number(f64),
    Formula(&'static str),
    Blank,
}

fn handmade(sheet_name: &str, rows: &[(&str, Typed, &str)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name).unwrap();
    for (c, column) in cols().iter().enumerate() {
        sheet
            .write_string(HEADER_ROW, c as u16, column.header(FY))
            .unwrap();
    }
    for (i, (id, actual, comment)) in rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        sheet.write_string(r, 0, *id).unwrap();
        let c = col(Column::Actual);
        match actual {
            Typed::Text(t) => sheet.write_string(r, c, *t).map(|_| ()).unwrap(),
            Typed::Number(n) => sheet.write_number(r, c, *n).map(|_| ()).unwrap(),
            Typed::Formula(f) => sheet
                .write_formula(r, c, Formula::new(*f))
                .map(|_| ())
                .unwrap(),
            Typed::Blank => {}
        }
        if !comment.is_empty() {
            sheet
                .write_string(r, col(Column::Comment), *comment)
                .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_filled_survey_gives_the_cells_the_department_changed() {
    let plan = load("yuzawa");
    let (department, kpi_id) = first_department(&plan);
    // The department fills in the year: the survey written from a plan holding its answers
    // is the workbook it sends back.
    let mut answered = plan.clone();
    let kpi = answered.find_kpi_mut(&kpi_id).unwrap();
    kpi.actuals.insert(FY, Figure::Number(12_345.0));
    kpi.comments.insert(FY, "説明会を3回開いた。".into());
    let bytes =
        survey::write(&answered, FY, &[survey::survey(&answered, FY, &department)]).unwrap();

    let reading = read_xlsx(&plan, FY, "回答.xlsx", &bytes);
    assert_eq!(reading.problems, vec![]);
    let proposal = propose(&plan, &[reading]);
    let actual = Cell::Actual {
        kpi: kpi_id.clone(),
        fy: FY,
    };
    let comment = Cell::Comment {
        kpi: kpi_id.clone(),
        fy: FY,
    };
    let changed: Vec<&Cell> = proposal.changes.iter().map(|c| &c.cell).collect();
    assert!(changed.contains(&&actual), "{changed:?}");
    assert!(changed.contains(&&comment));
    let change = proposal.changes.iter().find(|c| c.cell == actual).unwrap();
    assert_eq!(change.to, Some(Figure::Number(12_345.0)));
    assert_eq!(
        change.from,
        plan.find_kpi(&kpi_id).unwrap().1.actuals.get(&FY).cloned()
    );
    assert_eq!(change.sources[0].file, "回答.xlsx");
    assert_eq!(
        change.sources[0].sheet,
        survey::sheet_name(&department, &[])
    );
    // Only what the department changed: the prefilled values read back as they were.
    assert_eq!(proposal.changes.len(), 2, "{:?}", proposal.changes);
    assert!(proposal.unchanged > 0);
    assert!(proposal.conflicts.is_empty());
}

#[test]
fn rows_are_matched_by_id_in_any_order_and_digits_are_read_as_staff_type_them() {
    let plan = load("yuzawa");
    let ids = kpi_ids(&plan, 3);
    let bytes = handmade(
        "回答",
        &[
            (&ids[2], Typed::Text("１２，３４５"), ""),
            (&ids[0], Typed::Number(250.5), "実施した"),
            (&ids[1], Typed::Text("▲3"), ""),
        ],
    );
    let reading = read_xlsx(&plan, FY, "並べ替え.xlsx", &bytes);
    assert_eq!(reading.problems, vec![]);
    let value = |id: &str| {
        reading
            .entries
            .iter()
            .find(|e| {
                e.cell
                    == Cell::Actual {
                        kpi: id.to_string(),
                        fy: FY,
                    }
            })
            .map(|e| e.value.clone())
    };
    assert_eq!(value(&ids[2]), Some(Some(Figure::Number(12_345.0))));
    assert_eq!(value(&ids[0]), Some(Some(Figure::Number(250.5))));
    assert_eq!(value(&ids[1]), Some(Some(Figure::Number(-3.0))));
    let row_of = |id: &str| {
        reading
            .entries
            .iter()
            .find(|e| {
                e.cell
                    == Cell::Actual {
                        kpi: id.to_string(),
                        fy: FY,
                    }
            })
            .unwrap()
            .source
            .row
    };
    assert_eq!(
        row_of(&ids[2]),
        HEADER_ROW + 2,
        "Excel's row number of the first data row"
    );
}

#[test]
fn a_cell_that_cannot_be_read_is_named_and_the_rest_is_still_read() {
    let plan = load("yuzawa");
    let ids = kpi_ids(&plan, 3);
    let bytes = handmade(
        "総務課<script>",
        &[
            (&ids[0], Typed::Text("約100"), ""),
            (&ids[1], Typed::Formula("=1+1"), ""),
            ("no-such-id", Typed::Number(1.0), ""),
            (&ids[2], Typed::Number(42.0), ""),
            (&ids[2], Typed::Blank, "空欄は変更なし"),
        ],
    );
    let reading = read_xlsx(&plan, FY, "誤り.xlsx", &bytes);
    let text: Vec<String> = reading.problems.iter().map(|p| p.to_string()).collect();
    let letter = returns::column_letter(col(Column::Actual) as u32);
    assert_eq!(text.len(), 3, "{text:#?}");
    assert!(text[0].starts_with(&format!("誤り.xlsx「総務課<script>」 {letter}5（5行目 {letter}列）: 実績値は数値で入力してください（「約100」")), "{}", text[0]);
    assert!(
        text[1].contains(&format!("{letter}6")) && text[1].contains("数式は読み込みません"),
        "{}",
        text[1]
    );
    assert!(
        text[2].contains("A7")
            && text[2].contains("ID「no-such-id」の項目・指標はこの計画にありません"),
        "{}",
        text[2]
    );
    // The good row is still read; the blank actual below it is no answer.
    let actuals: Vec<_> = reading
        .entries
        .iter()
        .filter(|e| matches!(e.cell, Cell::Actual { .. }))
        .collect();
    assert_eq!(actuals.len(), 1);
    assert_eq!(actuals[0].value, Some(Figure::Number(42.0)));
}

#[test]
fn two_returns_that_disagree_are_a_conflict_and_agreeing_ones_one_change() {
    let plan = load("yuzawa");
    let ids = kpi_ids(&plan, 2);
    let a = read_xlsx(
        &plan,
        FY,
        "a.xlsx",
        &handmade(
            "A課",
            &[
                (&ids[0], Typed::Number(3.0), ""),
                (&ids[1], Typed::Number(7.0), ""),
            ],
        ),
    );
    let b = read_xlsx(
        &plan,
        FY,
        "b.xlsx",
        &handmade(
            "B課",
            &[
                (&ids[0], Typed::Number(2.0), ""),
                (&ids[1], Typed::Number(7.0), ""),
            ],
        ),
    );
    let proposal = propose(&plan, &[a, b]);
    assert_eq!(proposal.conflicts.len(), 1);
    let conflict = &proposal.conflicts[0];
    assert_eq!(
        conflict.cell,
        Cell::Actual {
            kpi: ids[0].clone(),
            fy: FY
        }
    );
    let files: Vec<Vec<&str>> = conflict
        .values
        .iter()
        .map(|(_, s)| s.iter().map(|s| s.file.as_str()).collect())
        .collect();
    assert_eq!(files, vec![vec!["a.xlsx"], vec!["b.xlsx"]]);
    let change = proposal
        .changes
        .iter()
        .find(|c| {
            c.cell
                == Cell::Actual {
                    kpi: ids[1].clone(),
                    fy: FY,
                }
        })
        .unwrap();
    assert_eq!(change.sources.len(), 2);
}

#[test]
fn a_return_that_repeats_the_plans_value_does_not_disagree_with_a_new_one() {
    // The survey shows the year's value where the plan has one; a department that leaves it
    // as it is gives no answer against another department's new value.
    let plan = load("yuzawa");
    let ids = kpi_ids(&plan, 1);
    let current = read_xlsx(
        &plan,
        FY,
        "a.xlsx",
        &handmade("A課", &[(&ids[0], Typed::Number(1.0), "")]),
    );
    let new = read_xlsx(
        &plan,
        FY,
        "b.xlsx",
        &handmade("B課", &[(&ids[0], Typed::Number(2.0), "")]),
    );
    let proposal = propose(&plan, &[current.clone(), new]);
    assert!(proposal.conflicts.is_empty(), "{:?}", proposal.conflicts);
    assert_eq!(proposal.changes.len(), 1);
    assert_eq!(proposal.changes[0].to, Some(Figure::Number(2.0)));
    assert_eq!(proposal.changes[0].sources[0].file, "b.xlsx");
    let alone = propose(&plan, &[current]);
    assert_eq!((alone.changes.len(), alone.unchanged), (0, 1));
}

#[test]
fn a_csv_return_reads_as_the_workbook_does() {
    let plan = load("yuzawa");
    let id = plan.kpis().next().unwrap().1.id.clone();
    let headers: Vec<String> = cols().iter().map(|c| c.header(FY)).collect();
    let mut row = vec![String::new(); headers.len()];
    row[0] = id.clone();
    row[col(Column::Actual) as usize] = "\"1,234\"".into();
    row[col(Column::Comment) as usize] = "\"実施した。\"\"説明会\"\"を開催\"".into();
    let text = format!(
        "\u{feff}調査票\n\n\n{}\n{}\n",
        headers.join(","),
        row.join(",")
    );
    let reading = read_csv(&plan, FY, "回答.csv", &text);
    assert_eq!(reading.problems, vec![]);
    assert_eq!(reading.entries.len(), 2);
    assert_eq!(reading.entries[0].value, Some(Figure::Number(1234.0)));
    assert_eq!(
        reading.entries[1].value,
        Some(Figure::Text("実施した。\"説明会\"を開催".into()))
    );
    assert_eq!(reading.entries[0].source.row, 5);
}

fn refusal(reading: &Reading) -> String {
    assert!(reading.entries.is_empty());
    assert_eq!(reading.problems.len(), 1, "{:?}", reading.problems);
    reading.problems[0].to_string()
}

#[test]
fn a_hostile_or_wrong_file_is_refused_whole_in_japanese() {
    let plan = load("yuzawa");
    assert!(refusal(&read_xlsx(&plan, FY, "x.xlsx", b"not a zip"))
        .contains("Excel のブック（.xlsx）として読めません"));

    // A zip bomb: 210 MB of zeros in a few hundred KB.
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    bomb.start_file(
        "xl/worksheets/sheet1.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..210 {
        bomb.write_all(&zeros).unwrap();
    }
    let bomb = bomb.finish().unwrap().into_inner();
    assert!(bomb.len() < 2 << 20);
    assert!(refusal(&read_xlsx(&plan, FY, "bomb.xlsx", &bomb))
        .contains("展開すると大きすぎるファイルです"));

    // 20,001 rows below the headers.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(HEADER_ROW, 0, Column::Id.header(FY))
        .unwrap();
    sheet
        .write_string(HEADER_ROW, 1, Column::Actual.header(FY))
        .unwrap();
    for r in 0..20_001 {
        sheet.write_string(HEADER_ROW + 1 + r, 0, "x").unwrap();
    }
    let long = book.save_to_buffer().unwrap();
    assert!(refusal(&read_xlsx(&plan, FY, "long.xlsx", &long))
        .contains("行が多すぎます（20000行まで）"));

    // Not a survey at all, and the survey of another year.
    let mut other = Workbook::new();
    other.add_worksheet().write_string(0, 0, "家計簿").unwrap();
    assert!(refusal(&read_xlsx(
        &plan,
        FY,
        "other.xlsx",
        &other.save_to_buffer().unwrap()
    ))
    .contains("進捗調査票のシートがありません"));
    let (department, _) = first_department(&plan);
    let last_year =
        survey::write(&plan, 2022, &[survey::survey(&plan, 2022, &department)]).unwrap();
    assert!(refusal(&read_xlsx(&plan, FY, "R4.xlsx", &last_year))
        .contains("2023年度の調査票ではありません"));
    // Another plan's survey of the same year.
    let annaka = load("annaka");
    let theirs = survey::survey(&annaka, FY, &departments(&annaka)[0]);
    let other_plan = survey::write(&annaka, FY, &[theirs]).unwrap();
    assert!(refusal(&read_xlsx(&plan, FY, "安中.xlsx", &other_plan))
        .contains("「湯沢市経営戦略」の調査票ではありません"));
}

#[test]
fn every_department_survey_of_every_seed_reads_back_with_no_change() {
    for id in ["yuzawa", "annaka", "higashine", "minami-alps"] {
        let plan = load(id);
        let fy = plan.period.start + 1;
        let surveys: Vec<_> = departments(&plan)
            .iter()
            .map(|d| survey::survey(&plan, fy, d))
            .collect();
        let bytes = survey::write(&plan, fy, &surveys).unwrap();
        let reading = read_xlsx(&plan, fy, "x.xlsx", &bytes);
        assert_eq!(reading.problems, vec![], "{id}");
        let proposal = propose(&plan, &[reading]);
        assert_eq!(proposal.changes, vec![], "{id}");
        assert_eq!(proposal.conflicts, vec![], "{id}");
    }
}

#[test]
fn an_items_row_gives_its_yearly_work_and_its_status() {
    let plan = load("yuzawa");
    let (_, item) = plan
        .walk()
        .into_iter()
        .find(|(_, n)| !n.lead_departments.is_empty())
        .unwrap();
    let reading = read_xlsx(
        &plan,
        FY,
        "a.xlsx",
        &handmade("A課", &[(&item.id, Typed::Blank, "説明会を2回開いた")]),
    );
    assert!(reading.problems.is_empty(), "{:?}", reading.problems);
    assert_eq!(reading.entries.len(), 1);
    assert_eq!(
        reading.entries[0].cell,
        Cell::NodeComment {
            node: item.id.clone(),
            fy: FY
        }
    );
    assert_eq!(
        reading.entries[0].value,
        Some(Figure::Text("説明会を2回開いた".into()))
    );
}
