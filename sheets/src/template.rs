//! The plan template workbook (計画テンプレート): a whole plan as sheets a city's staff can fill
//! in Excel — the plan's facts, its sources and texts, the tree of policies and items with
//! departments and schedules, and the KPIs with their yearly targets and actuals — and read
//! back into a plan. docs/template.md documents each sheet and column; `write` then `read`
//! gives the same plan (a test, for each bundled plan).
//!
//! Lists inside one cell (departments, tags) are one entry per line (Alt+Enter in Excel).
//! Codes in the format (direction, aggregation, target kind, …) are written in Japanese, from
//! the lists below, which the template offers as a drop-down.

use crate::returns::column_letter;
use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use plan_core::plan::{
    Aggregation, Band, Baseline, Direction, Figure, FinalTarget, FiscalYear, Kpi, Method, Node,
    Period, Plan, Reported, Series, SeriesKind, Source, Span, TargetKind, Text,
};
use plan_core::validate::check_plan;
use rust_xlsxwriter::{DataValidation, Format, Workbook, Worksheet, XlsxError};
use std::fmt;
use std::io::Cursor;

/// The sheets, in the workbook's order, and their columns.
const PLAN: &str = "計画";
const SOURCES: (&str, &[&str]) = ("出典", &["資料名", "ファイル", "日付", "URL"]);
const TEXTS: (&str, &[&str]) = ("説明", &["対象ID", "見出し", "本文"]);
const BANDS: (&str, &[&str]) = (
    "評価区分",
    &["区分ID", "名称", "達成率の下限", "色", "記号"],
);
const NODES: (&str, &[&str]) = (
    "体系",
    &["項目ID", "親の項目ID", "番号", "名称", "主担当課", "関係課"],
);
const SCHEDULE: (&str, &[&str]) = ("スケジュール", &["項目ID", "開始年度", "終了年度", "内容"]);
const PROGRESS: (&str, &[&str]) = ("進捗状況", &["項目ID", "年度", "進捗状況", "取組内容"]);
const KPIS: (&str, &[&str]) = (
    "指標",
    &[
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
    ],
);
const YEARS: (&str, &[&str]) = (
    "年度別",
    &[
        "指標ID",
        "年度",
        "目標値",
        "実績値",
        "取組内容等",
        "市の評価（達成率）",
        "市の評価",
    ],
);
const SERIES: (&str, &[&str]) = ("内訳", &["指標ID", "内訳名", "種類", "年度", "実績値"]);
const NOTES: (&str, &[&str]) = ("注記", &["対象ID", "種類", "本文"]);

/// The rows of 「計画」: one fact a row (項目, 値); 階層 and 注記 repeat, one entry a row.
const FACTS: [&str; 9] = [
    "形式の版",
    "計画ID",
    "版",
    "自治体",
    "計画名",
    "状態",
    "開始年度",
    "終了年度",
    "評価方法",
];

/// 注記's 種類: a note (注記) or a node's footnote (脚注).
const NOTE: &str = "注記";
const FOOTNOTE: &str = "脚注";

const DIRECTIONS: [(Direction, &str); 3] = [
    (Direction::Increase, "増加"),
    (Direction::Decrease, "減少"),
    (Direction::Maintain, "維持"),
];
const AGGREGATIONS: [(Aggregation, &str); 4] = [
    (Aggregation::Latest, "最新値"),
    (Aggregation::Cumulative, "累計"),
    (Aggregation::BaselinePlusCumulative, "基準値＋累計"),
    (Aggregation::Average, "平均"),
];
const METHODS: [(Method, &str); 2] = [
    (Method::Ratio, "実績÷目標"),
    (Method::Progress, "基準からの進み具合"),
];
const KINDS: [(TargetKind, &str); 5] = [
    (TargetKind::Exactly, "目標値"),
    (TargetKind::AtLeast, "以上"),
    (TargetKind::AtMost, "以下"),
    (TargetKind::Improve, "改善"),
    (TargetKind::Milestone, "達成・実施"),
];
const SERIES_KINDS: [(SeriesKind, &str); 2] = [
    (SeriesKind::Department, "部局別"),
    (SeriesKind::Total, "合計"),
];

fn name_of<T: PartialEq + Copy>(list: &[(T, &'static str)], value: T) -> &'static str {
    list.iter()
        .find(|(v, _)| *v == value)
        .map_or("", |(_, n)| n)
}

/// What cannot be read, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub sheet: String,
    /// Excel's row number (from 1) and column letter.
    pub row: Option<u32>,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "「{}」", self.sheet)?;
        match (self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, " {c}{r}（{r}行目 {c}列）")?,
            (Some(r), None) => write!(f, " {r}行目")?,
            _ => {}
        }
        write!(f, ": {}", self.message)
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// `plan` as a template workbook.
pub fn write(plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_background_color("#DDEBF7");
    let wrap = Format::new().set_text_wrap();

    let sheet = book.add_worksheet().set_name(PLAN)?;
    table(sheet, &["項目", "値"], &header)?;
    let facts: [Cell; 9] = [
        Cell::Int(plan.schema_version as i64),
        Cell::Text(plan.id.clone()),
        Cell::Int(plan.revision as i64),
        Cell::Text(plan.municipality.clone()),
        Cell::Text(plan.title.clone()),
        plan.status.clone().into(),
        Cell::Int(plan.period.start as i64),
        Cell::Int(plan.period.end as i64),
        Cell::Text(name_of(&METHODS, plan.method).into()),
    ];
    let mut rows: Vec<[Cell; 2]> = FACTS
        .iter()
        .zip(facts)
        .map(|(name, value)| [Cell::Text(name.to_string()), value])
        .collect();
    rows.extend(plan.levels.iter().map(|l| [text("階層"), text(l)]));
    rows.extend(plan.notes.iter().map(|n| [text(NOTE), text(n)]));
    put_rows(sheet, &rows, &wrap)?;
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 80)?;

    let sources: Vec<[Cell; 4]> = plan
        .sources
        .iter()
        .map(|s| {
            [
                text(&s.title),
                s.file.clone().into(),
                s.date.clone().into(),
                s.url.clone().into(),
            ]
        })
        .collect();
    sheet_of(&mut book, SOURCES, &sources, &header, &wrap)?;

    let mut texts: Vec<[Cell; 3]> = plan
        .texts
        .iter()
        .map(|t| [Cell::Empty, text(&t.label), text(&t.text)])
        .collect();
    let bands: Vec<[Cell; 5]> = plan
        .bands
        .iter()
        .flatten()
        .map(|b| {
            [
                text(&b.id),
                text(&b.label),
                Cell::Number(b.min_rate),
                text(&b.color),
                text(&b.symbol),
            ]
        })
        .collect();

    let mut nodes: Vec<[Cell; 6]> = Vec::new();
    let mut schedule: Vec<[Cell; 4]> = Vec::new();
    let mut progress: Vec<[Cell; 4]> = Vec::new();
    let mut kpis: Vec<[Cell; 19]> = Vec::new();
    let mut years: Vec<[Cell; 7]> = Vec::new();
    let mut series: Vec<[Cell; 5]> = Vec::new();
    let mut notes: Vec<[Cell; 3]> = Vec::new();
    let mut stack: Vec<(Option<&str>, &Node)> =
        plan.nodes.iter().rev().map(|n| (None, n)).collect();
    while let Some((parent, node)) = stack.pop() {
        nodes.push([
            text(&node.id),
            parent.map(text).unwrap_or(Cell::Empty),
            node.number.clone().into(),
            text(&node.title),
            lines(&node.lead_departments),
            lines(&node.related_departments),
        ]);
        texts.extend(
            node.texts
                .iter()
                .map(|t| [text(&node.id), text(&t.label), text(&t.text)]),
        );
        schedule.extend(node.schedule.iter().map(|s| {
            [
                text(&node.id),
                Cell::Int(s.from as i64),
                s.to.map_or(Cell::Empty, |t| Cell::Int(t as i64)),
                text(&s.text),
            ]
        }));
        let mut fys: Vec<FiscalYear> = node
            .progress
            .keys()
            .chain(node.comments.keys())
            .copied()
            .collect();
        fys.sort_unstable();
        fys.dedup();
        progress.extend(fys.into_iter().map(|fy| {
            [
                text(&node.id),
                Cell::Int(fy as i64),
                node.progress.get(&fy).cloned().into(),
                node.comments.get(&fy).cloned().into(),
            ]
        }));
        notes.extend(
            node.footnotes
                .iter()
                .map(|n| [text(&node.id), text(FOOTNOTE), text(n)]),
        );
        notes.extend(
            node.notes
                .iter()
                .map(|n| [text(&node.id), text(NOTE), text(n)]),
        );
        for kpi in &node.kpis {
            kpis.push(kpi_row(&node.id, kpi));
            years.extend(year_rows(kpi));
            for s in &kpi.series {
                let kind = text(name_of(&SERIES_KINDS, s.kind));
                if s.actuals.is_empty() {
                    series.push([
                        text(&kpi.id),
                        text(&s.label),
                        kind,
                        Cell::Empty,
                        Cell::Empty,
                    ]);
                }
                series.extend(s.actuals.iter().map(|(fy, f)| {
                    [
                        text(&kpi.id),
                        text(&s.label),
                        text(name_of(&SERIES_KINDS, s.kind)),
                        Cell::Int(*fy as i64),
                        f.into(),
                    ]
                }));
            }
            notes.extend(
                kpi.notes
                    .iter()
                    .map(|n| [text(&kpi.id), text(NOTE), text(n)]),
            );
        }
        stack.extend(
            node.children
                .iter()
                .rev()
                .map(|c| (Some(node.id.as_str()), c)),
        );
    }
    sheet_of(&mut book, TEXTS, &texts, &header, &wrap)?;
    sheet_of(&mut book, BANDS, &bands, &header, &wrap)?;
    sheet_of(&mut book, NODES, &nodes, &header, &wrap)?;
    sheet_of(&mut book, SCHEDULE, &schedule, &header, &wrap)?;
    sheet_of(&mut book, PROGRESS, &progress, &header, &wrap)?;
    let sheet = sheet_of(&mut book, KPIS, &kpis, &header, &wrap)?;
    for (column, list) in [
        (12, DIRECTIONS.map(|(_, n)| n).to_vec()),
        (13, AGGREGATIONS.map(|(_, n)| n).to_vec()),
        (14, METHODS.map(|(_, n)| n).to_vec()),
        (17, KINDS.map(|(_, n)| n).to_vec()),
    ] {
        let rule = DataValidation::new().allow_list_strings(&list)?;
        sheet.add_data_validation(1, column, 20_000, column, &rule)?;
    }
    sheet_of(&mut book, YEARS, &years, &header, &wrap)?;
    sheet_of(&mut book, SERIES, &series, &header, &wrap)?;
    sheet_of(&mut book, NOTES, &notes, &header, &wrap)?;
    book.save_to_buffer()
}

fn kpi_row(node: &str, kpi: &Kpi) -> [Cell; 19] {
    let baseline = kpi.baseline.as_ref();
    let target = kpi.target.as_ref();
    [
        text(&kpi.id),
        text(node),
        kpi.number.clone().into(),
        text(&kpi.name),
        kpi.definition.clone().into(),
        kpi.unit.clone().into(),
        kpi.decimals.map_or(Cell::Empty, |d| Cell::Int(d as i64)),
        lines(&kpi.departments),
        lines(&kpi.tags),
        baseline
            .and_then(|b| b.value)
            .map_or(Cell::Empty, Cell::Number),
        baseline.and_then(|b| b.as_of.clone()).into(),
        baseline
            .and_then(|b| b.fy)
            .map_or(Cell::Empty, |fy| Cell::Int(fy as i64)),
        text(name_of(&DIRECTIONS, kpi.direction)),
        text(name_of(&AGGREGATIONS, kpi.aggregation)),
        kpi.method
            .map_or(Cell::Empty, |m| text(name_of(&METHODS, m))),
        target
            .and_then(|t| t.value)
            .map_or(Cell::Empty, Cell::Number),
        target.map_or(Cell::Empty, |t| Cell::Int(t.fy as i64)),
        target.map_or(Cell::Empty, |t| text(name_of(&KINDS, t.kind))),
        target.and_then(|t| t.text.clone()).into(),
    ]
}

/// A KPI's yearly rows: every year that has a target, an actual, a comment or the city's
/// evaluation.
fn year_rows(kpi: &Kpi) -> Vec<[Cell; 7]> {
    let mut fys: Vec<FiscalYear> = kpi
        .targets
        .keys()
        .chain(kpi.actuals.keys())
        .chain(kpi.comments.keys())
        .chain(kpi.reported.keys())
        .copied()
        .collect();
    fys.sort_unstable();
    fys.dedup();
    fys.into_iter()
        .map(|fy| {
            let reported = kpi.reported.get(&fy);
            [
                text(&kpi.id),
                Cell::Int(fy as i64),
                kpi.targets.get(&fy).into(),
                kpi.actuals.get(&fy).into(),
                kpi.comments.get(&fy).cloned().into(),
                reported
                    .and_then(|r| r.rate)
                    .map_or(Cell::Empty, Cell::Number),
                reported.map(|r| r.text.clone()).into(),
            ]
        })
        .collect()
}

/// One cell to write.
enum Cell {
    Text(String),
    Number(f64),
    Int(i64),
    Empty,
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A list as one entry per line of a cell.
fn lines(list: &[String]) -> Cell {
    if list.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(list.join("\n"))
    }
}

impl From<Option<String>> for Cell {
    fn from(value: Option<String>) -> Self {
        value.map_or(Cell::Empty, Cell::Text)
    }
}

impl From<Option<&Figure>> for Cell {
    fn from(value: Option<&Figure>) -> Self {
        value.map_or(Cell::Empty, Cell::from)
    }
}

impl From<&Figure> for Cell {
    fn from(value: &Figure) -> Self {
        match value {
            Figure::Number(n) => Cell::Number(*n),
            Figure::Text(t) => Cell::Text(t.clone()),
        }
    }
}

fn table(sheet: &mut Worksheet, headers: &[&str], format: &Format) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, format)?;
        sheet.set_column_width(c as u16, 16)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn put_rows<const N: usize>(
    sheet: &mut Worksheet,
    rows: &[[Cell; N]],
    wrap: &Format,
) -> Result<(), XlsxError> {
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(t) if t.contains('\n') => {
                    sheet.write_string_with_format(r, c, t, wrap)?;
                }
                Cell::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Cell::Int(n) => {
                    sheet.write_number(r, c, *n as f64)?;
                }
                Cell::Empty => {}
            }
        }
    }
    Ok(())
}

fn sheet_of<'a, const N: usize>(
    book: &'a mut Workbook,
    (name, headers): (&str, &[&str]),
    rows: &[[Cell; N]],
    header: &Format,
    wrap: &Format,
) -> Result<&'a mut Worksheet, XlsxError> {
    let sheet = book.add_worksheet().set_name(name)?;
    table(sheet, headers, header)?;
    put_rows(sheet, rows, wrap)?;
    Ok(sheet)
}

// ---------------------------------------------------------------------------------------------
// Reading

/// The plan in a template workbook; or every cell that cannot be read, with its sheet, row and
/// column, in Japanese (and then what the plan's own checks find, as for a plan file).
pub fn read(bytes: &[u8]) -> Result<Plan, Vec<Problem>> {
    let whole = |message: String| {
        vec![Problem {
            sheet: "ブック".into(),
            row: None,
            column: None,
            message,
        }]
    };
    if bytes.len() > crate::returns::MAX_FILE_BYTES {
        return Err(whole("ファイルが大きすぎます（20 MB まで）。".into()));
    }
    crate::returns::check_unpacked_size(bytes).map_err(whole)?;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| {
        whole("Excel のブック（.xlsx）として読めません。テンプレートを Excel で開き、「Excel ブック」形式で保存し直してください。".into())
    })?;
    let mut table = |(name, headers): (&str, &[&str])| -> Option<Table> {
        let range = book.worksheet_range(name).ok()?;
        Some(Table::new(name, headers, &range))
    };
    let facts = table((PLAN, &["項目", "値"]));
    let (Some(facts), Some(nodes), Some(kpis)) = (facts, table(NODES), table(KPIS)) else {
        return Err(whole(format!(
            "計画テンプレートのブックではありません（シート「{PLAN}」「{}」「{}」が必要です）。",
            NODES.0, KPIS.0
        )));
    };
    let mut optional = |spec: (&str, &[&str])| table(spec).unwrap_or_else(|| Table::empty(spec));
    let [sources, texts, bands, schedule, progress, years, series, notes] = [
        SOURCES, TEXTS, BANDS, SCHEDULE, PROGRESS, YEARS, SERIES, NOTES,
    ]
    .map(&mut optional);
    let mut problems: Vec<Problem> = [&facts, &nodes, &kpis, &sources, &texts, &bands]
        .into_iter()
        .chain([&schedule, &progress, &years, &series, &notes])
        .flat_map(|t| t.missing.clone())
        .collect();
    let mut plan = Plan {
        schema_version: plan_core::plan::SCHEMA_VERSION,
        id: String::new(),
        revision: 1,
        municipality: String::new(),
        title: String::new(),
        status: None,
        period: Period { start: 0, end: 0 },
        levels: Vec::new(),
        sources: Vec::new(),
        method: Method::default(),
        bands: None,
        texts: Vec::new(),
        nodes: Vec::new(),
        notes: Vec::new(),
    };
    let mut seen: Vec<String> = Vec::new();
    read_rows(&facts, &mut problems, |r| {
        let Some(name) = r.required(0) else { return };
        if FACTS.contains(&name.as_str()) && seen.contains(&name) {
            r.problem(0, format!("「{name}」が2回あります。"));
            return;
        }
        seen.push(name.clone());
        match name.as_str() {
            "形式の版" => {
                plan.schema_version = r.whole(1).unwrap_or(plan.schema_version as i64) as u32
            }
            "計画ID" => plan.id = r.required(1).unwrap_or_default(),
            "版" => plan.revision = r.whole(1).unwrap_or(1) as u32,
            "自治体" => plan.municipality = r.required(1).unwrap_or_default(),
            "計画名" => plan.title = r.required(1).unwrap_or_default(),
            "状態" => plan.status = r.text(1),
            "開始年度" => plan.period.start = r.whole(1).unwrap_or(0) as FiscalYear,
            "終了年度" => plan.period.end = r.whole(1).unwrap_or(0) as FiscalYear,
            "評価方法" => plan.method = r.coded_or_default(1, &METHODS).unwrap_or_default(),
            "階層" => plan.levels.extend(r.required(1)),
            NOTE => plan.notes.extend(r.required(1)),
            _ => r.problem(
                0,
                format!(
                    "知らない項目です（{}、階層、{NOTE} のどれか）。",
                    FACTS.join("、")
                ),
            ),
        }
    });
    for name in ["計画ID", "自治体", "計画名", "開始年度", "終了年度"] {
        if !seen.iter().any(|s| s == name) {
            problems.push(Problem {
                sheet: PLAN.into(),
                row: None,
                column: None,
                message: format!("「{name}」の行がありません。"),
            });
        }
    }
    read_rows(&sources, &mut problems, |r| {
        if let Some(title) = r.required(0) {
            plan.sources.push(Source {
                title,
                file: r.text(1),
                date: r.text(2),
                url: r.text(3),
            });
        }
    });
    let mut found_bands = Vec::new();
    read_rows(&bands, &mut problems, |r| {
        if let (Some(id), Some(label), Some(Some(min_rate)), Some(color), Some(symbol)) = (
            r.required(0),
            r.required(1),
            r.number(2),
            r.required(3),
            r.required(4),
        ) {
            found_bands.push(Band {
                id,
                label,
                min_rate,
                color,
                symbol,
            });
        }
    });
    plan.bands = (!found_bands.is_empty()).then_some(found_bands);

    // The nodes in the sheet's order, each with its parent (above it in the sheet).
    let mut flat: Vec<(Option<String>, Node, u32)> = Vec::new();
    read_rows(&nodes, &mut problems, |r| {
        if let (Some(id), Some(title)) = (r.required(0), r.required(3)) {
            flat.push((
                r.text(1),
                Node {
                    id,
                    number: r.text(2),
                    title,
                    lead_departments: r.list(4),
                    related_departments: r.list(5),
                    ..Node::default()
                },
                r.excel_row(),
            ));
        }
    });
    let node_at = |flat: &[(Option<String>, Node, u32)], id: &str| {
        flat.iter().position(|(_, n, _)| n.id == id)
    };
    let mut unknown: Vec<Problem> = Vec::new();
    read_rows(&texts, &mut problems, |r| {
        let (Some(label), Some(body)) = (r.required(1), r.required(2)) else {
            return;
        };
        let t = Text { label, text: body };
        match r.text(0) {
            None => plan.texts.push(t),
            Some(id) => match node_at(&flat, &id) {
                Some(i) => flat[i].1.texts.push(t),
                None => unknown.push(r.unknown(0, "項目", &id)),
            },
        }
    });
    read_rows(&schedule, &mut problems, |r| {
        let (Some(id), Some(from), Some(to), Some(body)) =
            (r.required(0), r.year(1), r.optional_year(2), r.required(3))
        else {
            return;
        };
        match node_at(&flat, &id) {
            Some(i) => flat[i].1.schedule.push(Span {
                from,
                to,
                text: body,
            }),
            None => unknown.push(r.unknown(0, "項目", &id)),
        }
    });
    read_rows(&progress, &mut problems, |r| {
        let (Some(id), Some(fy)) = (r.required(0), r.year(1)) else {
            return;
        };
        match node_at(&flat, &id) {
            Some(i) => {
                let node = &mut flat[i].1;
                node.progress.extend(r.text(2).map(|status| (fy, status)));
                node.comments.extend(r.text(3).map(|done| (fy, done)));
            }
            None => unknown.push(r.unknown(0, "項目", &id)),
        }
    });

    let mut found_kpis: Vec<(String, Kpi, u32)> = Vec::new();
    read_rows(&kpis, &mut problems, |r| {
        let (Some(id), Some(node), Some(name)) = (r.required(0), r.required(1), r.required(3))
        else {
            return;
        };
        let baseline = match (r.number(9), r.text(10), r.optional_year(11)) {
            (Some(None), None, Some(None)) => None,
            (Some(value), as_of, Some(fy)) => Some(Baseline { value, as_of, fy }),
            _ => return,
        };
        let target = match (r.number(15), r.optional_year(16), r.text(17), r.text(18)) {
            (Some(None), Some(None), None, None) => None,
            (Some(value), Some(Some(fy)), Some(kind), text) => match r.coded(17, &KINDS, &kind) {
                Some(kind) => Some(FinalTarget {
                    value,
                    fy,
                    kind,
                    text,
                }),
                None => return,
            },
            (Some(_), Some(_), _, _) => {
                r.problem(
                    16,
                    "最終目標には「最終目標年度」と「目標の種類」が要ります。".into(),
                );
                return;
            }
            _ => return,
        };
        let method = match r.text(14) {
            None => None,
            Some(m) => match r.coded(14, &METHODS, &m) {
                Some(m) => Some(m),
                None => return,
            },
        };
        let (Some(decimals), Some(direction), Some(aggregation)) = (
            r.small(6),
            r.coded_or_default(12, &DIRECTIONS),
            r.coded_or_default(13, &AGGREGATIONS),
        ) else {
            return;
        };
        found_kpis.push((
            node,
            Kpi {
                id,
                number: r.text(2),
                name,
                definition: r.text(4),
                unit: r.text(5),
                decimals,
                departments: r.list(7),
                tags: r.list(8),
                baseline,
                direction,
                aggregation,
                method,
                target,
                ..Kpi::default()
            },
            r.excel_row(),
        ));
    });
    let kpi_at =
        |list: &[(String, Kpi, u32)], id: &str| list.iter().position(|(_, k, _)| k.id == id);
    read_rows(&years, &mut problems, |r| {
        let (Some(id), Some(fy), Some(rate)) = (r.required(0), r.year(1), r.number(5)) else {
            return;
        };
        let Some(i) = kpi_at(&found_kpis, &id) else {
            unknown.push(r.unknown(0, "指標", &id));
            return;
        };
        let kpi = &mut found_kpis[i].1;
        if let Some(t) = r.figure(2) {
            kpi.targets.insert(fy, t);
        }
        if let Some(a) = r.figure(3) {
            kpi.actuals.insert(fy, a);
        }
        if let Some(c) = r.text(4) {
            kpi.comments.insert(fy, c);
        }
        match (rate, r.text(6)) {
            (None, None) => {}
            (rate, Some(text)) => {
                kpi.reported.insert(fy, Reported { rate, text });
            }
            (Some(_), None) => r.problem(
                6,
                "市の評価の文言がありません（達成率だけでは書けません）。".into(),
            ),
        }
    });
    read_rows(&series, &mut problems, |r| {
        let (Some(id), Some(label), Some(kind), Some(fy)) = (
            r.required(0),
            r.required(1),
            r.required(2),
            r.optional_year(3),
        ) else {
            return;
        };
        let Some(kind) = r.coded(2, &SERIES_KINDS, &kind) else {
            return;
        };
        let value = match fy {
            None => None,
            Some(fy) => match r.figure(4) {
                Some(f) => Some((fy, f)),
                None => {
                    r.problem(4, "年度があるのに実績値がありません。".into());
                    return;
                }
            },
        };
        let Some(i) = kpi_at(&found_kpis, &id) else {
            unknown.push(r.unknown(0, "指標", &id));
            return;
        };
        let kpi = &mut found_kpis[i].1;
        let at = match kpi.series.iter().position(|s| s.label == label) {
            Some(at) => at,
            None => {
                kpi.series.push(Series {
                    label,
                    kind,
                    actuals: Default::default(),
                });
                kpi.series.len() - 1
            }
        };
        if let Some((fy, figure)) = value {
            kpi.series[at].actuals.insert(fy, figure);
        }
    });
    read_rows(&notes, &mut problems, |r| {
        let (Some(id), Some(kind), Some(body)) = (r.required(0), r.required(1), r.required(2))
        else {
            return;
        };
        match (kpi_at(&found_kpis, &id), node_at(&flat, &id), kind.as_str()) {
            (Some(i), _, NOTE) => found_kpis[i].1.notes.push(body),
            (None, Some(i), NOTE) => flat[i].1.notes.push(body),
            (None, Some(i), FOOTNOTE) => flat[i].1.footnotes.push(body),
            (None, None, _) => unknown.push(r.unknown(0, "項目・指標", &id)),
            _ => r.problem(
                1,
                format!("種類は「{NOTE}」（指標・項目）か「{FOOTNOTE}」（項目）です。"),
            ),
        }
    });
    for (node, kpi, row) in found_kpis {
        match node_at(&flat, &node) {
            Some(i) => flat[i].1.kpis.push(kpi),
            None => unknown.push(kpis.problem(
                row,
                1,
                format!("項目ID「{node}」は「{}」にありません。", NODES.0),
            )),
        }
    }
    problems.extend(unknown);
    plan.nodes = tree(&nodes, flat, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let checked = check_plan(&plan);
    if !checked.is_empty() {
        return Err(checked
            .into_iter()
            .map(|p| Problem {
                sheet: "計画の検査".into(),
                row: None,
                column: None,
                message: p.to_string(),
            })
            .collect());
    }
    Ok(plan)
}

/// Each filled row of `table` (after its header row) given to `f`; what `f` cannot read joins
/// `problems`.
fn read_rows(table: &Table, problems: &mut Vec<Problem>, mut f: impl FnMut(&RowReader)) {
    for index in 1..table.rows.len() {
        if table.rows[index].iter().all(|d| matches!(d, Data::Empty)) {
            continue;
        }
        let row = RowReader {
            table,
            index,
            problems: Default::default(),
        };
        f(&row);
        problems.extend(row.problems.into_inner());
    }
}

/// The tree of `flat` (each node after its parent, in the sheet's order).
fn tree(
    table: &Table,
    flat: Vec<(Option<String>, Node, u32)>,
    problems: &mut Vec<Problem>,
) -> Vec<Node> {
    // Each node's place: the indexes from the roots down.
    let mut places: Vec<(String, Vec<usize>)> = Vec::new();
    let mut roots: Vec<Node> = Vec::new();
    for (parent, node, row) in flat {
        let id = node.id.clone();
        let siblings = match &parent {
            None => &mut roots,
            Some(p) => match places.iter().find(|(id, _)| id == p) {
                Some((_, path)) => {
                    let mut at = &mut roots[path[0]];
                    for &i in &path[1..] {
                        at = &mut at.children[i];
                    }
                    &mut at.children
                }
                None => {
                    problems.push(table.problem(
                        row,
                        1,
                        format!("親の項目ID「{p}」が、この行より上にありません。"),
                    ));
                    continue;
                }
            },
        };
        siblings.push(node);
        let mut path = parent
            .and_then(|p| {
                places
                    .iter()
                    .find(|(id, _)| *id == p)
                    .map(|(_, path)| path.clone())
            })
            .unwrap_or_default();
        path.push(siblings.len() - 1);
        places.push((id, path));
    }
    roots
}

/// A sheet's cells from A1, with the column of each expected header.
struct Table {
    name: String,
    rows: Vec<Vec<Data>>,
    /// For each expected header, its column (from 0), if the header row has it.
    columns: Vec<Option<usize>>,
    /// The headers the sheet lacks.
    missing: Vec<Problem>,
}

impl Table {
    fn new(name: &str, headers: &[&str], range: &Range<Data>) -> Table {
        // From A1, whatever the first used cell is.
        let (top, left) = range.start().unwrap_or((0, 0));
        let (bottom, right) = range.end().unwrap_or((0, 0));
        let rows: Vec<Vec<Data>> = (0..=bottom)
            .map(|r| {
                (0..=right)
                    .map(|c| {
                        if r < top || c < left {
                            Data::Empty
                        } else {
                            range.get_value((r, c)).cloned().unwrap_or(Data::Empty)
                        }
                    })
                    .collect()
            })
            .collect();
        let header_row = rows.first().cloned().unwrap_or_default();
        let columns: Vec<Option<usize>> = headers
            .iter()
            .map(|h| {
                header_row
                    .iter()
                    .position(|d| matches!(d, Data::String(s) if s.trim() == *h))
            })
            .collect();
        let missing = headers
            .iter()
            .zip(&columns)
            .filter(|(_, c)| c.is_none())
            .map(|(h, _)| Problem {
                sheet: name.to_string(),
                row: Some(1),
                column: None,
                message: format!("見出し「{h}」の列がありません（1行目に見出しを書きます）。"),
            })
            .collect();
        Table {
            name: name.to_string(),
            rows,
            columns,
            missing,
        }
    }

    fn empty((name, headers): (&str, &[&str])) -> Table {
        Table {
            name: name.to_string(),
            rows: Vec::new(),
            columns: vec![None; headers.len()],
            missing: Vec::new(),
        }
    }

    /// A problem at Excel row `row` in the column of header `column`.
    fn problem(&self, row: u32, column: usize, message: String) -> Problem {
        Problem {
            sheet: self.name.clone(),
            row: Some(row),
            column: self.columns[column].map(|c| column_letter(c as u32)),
            message,
        }
    }
}

/// One row of a table being read; what cannot be read is kept as a problem, and the reading
/// method answers `None`.
struct RowReader<'a> {
    table: &'a Table,
    index: usize,
    problems: std::cell::RefCell<Vec<Problem>>,
}

impl RowReader<'_> {
    fn excel_row(&self) -> u32 {
        self.index as u32 + 1
    }

    fn cell(&self, column: usize) -> &Data {
        self.table.columns[column]
            .and_then(|c| self.table.rows[self.index].get(c))
            .unwrap_or(&Data::Empty)
    }

    fn problem(&self, column: usize, message: String) {
        let problem = self.table.problem(self.excel_row(), column, message);
        self.problems.borrow_mut().push(problem);
    }

    fn unknown(&self, column: usize, what: &str, id: &str) -> Problem {
        let message = format!("{what}ID「{id}」がありません。");
        self.table.problem(self.excel_row(), column, message)
    }

    /// The cell as text (a number as Excel shows it); `None` when blank.
    fn text(&self, column: usize) -> Option<String> {
        match self.cell(column) {
            Data::Empty => None,
            Data::String(s) if s.is_empty() => None,
            Data::String(s) => Some(s.clone()),
            Data::Float(f) => Some(number_text(*f)),
            Data::Int(i) => Some(i.to_string()),
            other => Some(other.to_string()),
        }
    }

    fn required(&self, column: usize) -> Option<String> {
        let text = self.text(column);
        if text.is_none() {
            let header = self.header(column);
            self.problem(column, format!("「{header}」が空欄です。"));
        }
        text
    }

    fn header(&self, column: usize) -> String {
        self.table.columns[column]
            .and_then(|c| self.table.rows[0].get(c))
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    /// A list: one entry per line.
    fn list(&self, column: usize) -> Vec<String> {
        self.text(column)
            .map(|t| {
                t.lines()
                    .map(str::to_string)
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A number, or blank (`Some(None)`); `None` (a problem) when it is not one.
    fn number(&self, column: usize) -> Option<Option<f64>> {
        match self.cell(column) {
            Data::Empty => Some(None),
            Data::Float(f) => Some(Some(*f)),
            Data::Int(i) => Some(Some(*i as f64)),
            Data::String(s) if s.trim().is_empty() => Some(None),
            Data::String(s) => match plan_core::format::parse_number(s) {
                Ok(n) => Some(Some(n)),
                Err(why) => {
                    self.problem(column, format!("数値として読めません（「{s}」: {why}）。"));
                    None
                }
            },
            other => {
                self.problem(column, format!("数値ではありません（{other}）。"));
                None
            }
        }
    }

    /// A whole number, required.
    fn whole(&self, column: usize) -> Option<i64> {
        match self.number(column)? {
            Some(n) if n.fract() == 0.0 => Some(n as i64),
            Some(n) => {
                self.problem(column, format!("整数で書いてください（{n}）。"));
                None
            }
            None => {
                let header = self.header(column);
                self.problem(column, format!("「{header}」が空欄です。"));
                None
            }
        }
    }

    /// A fiscal year (西暦), required.
    fn year(&self, column: usize) -> Option<FiscalYear> {
        let year = self.whole(column)?;
        if (1900..=2200).contains(&year) {
            Some(year as FiscalYear)
        } else {
            self.problem(
                column,
                format!("年度は西暦で書いてください（例: 2025）。「{year}」"),
            );
            None
        }
    }

    /// A fiscal year or blank (`Some(None)`).
    fn optional_year(&self, column: usize) -> Option<Option<FiscalYear>> {
        match self.cell(column) {
            Data::Empty => Some(None),
            Data::String(s) if s.trim().is_empty() => Some(None),
            _ => self.year(column).map(Some),
        }
    }

    /// A small whole number (decimals) or blank.
    fn small(&self, column: usize) -> Option<Option<u8>> {
        match self.number(column)? {
            None => Some(None),
            Some(n) if n.fract() == 0.0 && (0.0..=10.0).contains(&n) => Some(Some(n as u8)),
            Some(n) => {
                self.problem(column, format!("0〜10の整数で書いてください（{n}）。"));
                None
            }
        }
    }

    /// A yearly value: a number cell is a number, anything else is text; `None` when blank.
    fn figure(&self, column: usize) -> Option<Figure> {
        match self.cell(column) {
            Data::Float(f) => Some(Figure::Number(*f)),
            Data::Int(i) => Some(Figure::Number(*i as f64)),
            _ => self.text(column).map(Figure::Text),
        }
    }

    fn coded<T: Copy>(&self, column: usize, list: &[(T, &str)], name: &str) -> Option<T> {
        let found = list
            .iter()
            .find(|(_, n)| *n == name.trim())
            .map(|(v, _)| *v);
        if found.is_none() {
            let names: Vec<&str> = list.iter().map(|(_, n)| *n).collect();
            self.problem(
                column,
                format!(
                    "「{name}」は選べる値ではありません（{}）。",
                    names.join("／")
                ),
            );
        }
        found
    }

    /// A coded value, or the format's default when blank.
    fn coded_or_default<T: Copy + Default>(&self, column: usize, list: &[(T, &str)]) -> Option<T> {
        match self.text(column) {
            None => Some(T::default()),
            Some(name) => self.coded(column, list, &name),
        }
    }
}

/// A number as Excel shows it in a text column (an id typed as a number).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}
