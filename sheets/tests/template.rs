//! The plan template workbook: each bundled plan written to it and read back is the same plan
//! JSON; what cannot be read is named with sheet, row and column in Japanese.

use plan_core::io::export_json;
use plan_core::plan::Plan;
use plan_core::validate::parse_plan;
use rust_xlsxwriter::Workbook;
use sheets::template::{read, write};
use std::path::PathBuf;

fn load(id: &str) -> Plan {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../seeds/{id}.json"));
    parse_plan(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn each_bundled_plan_goes_to_the_template_and_back_unchanged() {
    for id in ["yuzawa", "annaka", "higashine", "minami-alps"] {
        let plan = load(id);
        let back = read(&write(&plan).unwrap()).unwrap_or_else(|problems| {
            let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            panic!("{id}: {}", list.join("\n"))
        });
        assert_eq!(export_json(&back), export_json(&plan), "{id}");
    }
}

#[test]
fn an_items_yearly_work_goes_there_and_back() {
    let mut plan = load("annaka");
    let (_, item) = plan
        .walk()
        .into_iter()
        .find(|(_, n)| !n.progress.is_empty())
        .unwrap();
    let (id, fy, end) = (
        item.id.clone(),
        *item.progress.keys().next().unwrap(),
        plan.period.end,
    );
    let node = plan.find_node_mut(&id).unwrap();
    node.comments.insert(fy, "窓口を2か所に集約した".into());
    node.comments.insert(end, "予定".into());
    let back = read(&write(&plan).unwrap()).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(export_json(&back), export_json(&plan));
}

#[test]
fn the_documented_example_is_yuzawa() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/template-example.xlsx");
    let back = read(&std::fs::read(path).unwrap()).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(
        export_json(&back),
        export_json(&load("yuzawa")),
        "docs/template-example.xlsx is stale: run `cargo run -p plan-tool -- to-template seeds/yuzawa.json docs/template-example.xlsx`"
    );
}

/// A template written by hand: `sheets` of (name, rows), the first row the headers.
fn handmade(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet().set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

const KPI_HEADERS: &[&str] = &[
    "指標ID",
    "項目ID",
    "番号",
    "指標名",
    "定義",
    "単位",
    "小数桁数",
    "担当課",
    "タグ",
    "基準値",
    "基準時点",
    "基準年度",
    "方向",
    "集計",
    "評価方法",
    "最終目標値",
    "最終目標年度",
    "目標の種類",
    "目標の文言",
];

#[test]
fn a_small_plan_typed_by_hand_is_read() {
    let bytes = handmade(&[
        (
            "計画",
            &[
                &["項目", "値"],
                &["計画ID", "sample"],
                &["自治体", "見本市"],
                &["計画名", "見本市行財政改革プラン"],
                &["開始年度", "2025"],
                &["終了年度", "2029"],
                &["階層", "基本方針"],
                &["階層", "取組"],
            ],
        ),
        (
            "体系",
            &[
                &["項目ID", "親の項目ID", "番号", "名称", "主担当課", "関係課"],
                &["p1", "", "1", "効率的な行政運営", "", ""],
                &[
                    "i1",
                    "p1",
                    "(1)",
                    "窓口のデジタル化",
                    "市民課\n情報政策課",
                    "",
                ],
            ],
        ),
        (
            "指標",
            &[
                KPI_HEADERS,
                &[
                    "k1",
                    "i1",
                    "①",
                    "オンライン申請の件数",
                    "",
                    "件",
                    "",
                    "",
                    "",
                    "120",
                    "",
                    "2024",
                    "増加",
                    "",
                    "",
                    "1,000",
                    "2029",
                    "以上",
                    "",
                ],
            ],
        ),
    ]);
    let plan = read(&bytes).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(plan.id, "sample");
    assert_eq!(plan.levels, ["基本方針", "取組"]);
    let item = &plan.nodes[0].children[0];
    assert_eq!(item.lead_departments, ["市民課", "情報政策課"]);
    let kpi = &item.kpis[0];
    assert_eq!(kpi.target.as_ref().unwrap().value, Some(1000.0));
    assert_eq!(kpi.baseline.as_ref().unwrap().value, Some(120.0));
}

#[test]
fn what_cannot_be_read_is_named_with_sheet_row_and_column() {
    let bytes = handmade(&[
        (
            "計画",
            &[
                &["項目", "値"],
                &["計画ID", "sample"],
                &["自治体", "見本市"],
                &["計画名", "見本"],
                &["開始年度", "令和7年度"],
                &["終了年度", "2029"],
            ],
        ),
        (
            "体系",
            &[
                &["項目ID", "親の項目ID", "番号", "名称", "主担当課", "関係課"],
                &["i1", "p9", "", "窓口", "", ""],
            ],
        ),
        (
            "指標",
            &[
                KPI_HEADERS,
                &[
                    "k1",
                    "i1",
                    "",
                    "件数",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "上がる",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ],
            ],
        ),
    ]);
    let problems: Vec<String> = read(&bytes)
        .unwrap_err()
        .iter()
        .map(|p| p.to_string())
        .collect();
    let all = problems.join("\n");
    assert!(
        all.contains("「計画」 B5（5行目 B列）: 数値として読めません（「令和7年度」"),
        "{all}"
    );
    assert!(
        all.contains("「体系」 B2（2行目 B列）: 親の項目ID「p9」が、この行より上にありません。"),
        "{all}"
    );
    assert!(
        all.contains(
            "「指標」 M2（2行目 M列）: 「上がる」は選べる値ではありません（増加／減少／維持）。"
        ),
        "{all}"
    );
    assert!(read(b"not a workbook").unwrap_err()[0]
        .to_string()
        .contains("Excel のブック（.xlsx）として読めません"));
}
