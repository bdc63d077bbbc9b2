//! The survey workbook (進捗調査票): what the reform office sends each department in spring, for
//! one plan and one fiscal year. A row per item the department leads and per KPI it owns; what
//! a respondent needs to see is locked, the year's cells to fill are open, with Excel's own
//! data validation (numbers where numbers go, a list for the status). Each row carries its
//! item or KPI id in a hidden first column, so a return is matched by id, not by position.
//!
//! The rows are plain data (`survey`), written to .xlsx by `write` with rust_xlsxwriter.

use plan_core::format::{fy_both, wareki_short};
use plan_core::plan::{Figure, FiscalYear, Kpi, Node, Plan, TargetKind, PROGRESS_CHOICES};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

/// The department of rows that name none (so that nothing is left out of the round).
pub const NO_DEPARTMENT: &str = "（担当課の記載なし）";

/// What a row asks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// An item of the plan (取組項目): the year's 取組内容 and 進捗状況.
    Item,
    /// A KPI: the year's actual (実績値) and 取組内容.
    Kpi,
}

/// One cell's value as the workbook holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    Text(String),
    Empty,
}

impl From<&Figure> for Value {
    fn from(figure: &Figure) -> Self {
        match figure {
            Figure::Number(n) => Value::Number(*n),
            Figure::Text(t) => Value::Text(t.clone()),
        }
    }
}

impl From<Option<&Figure>> for Value {
    fn from(figure: Option<&Figure>) -> Self {
        figure.map(Value::from).unwrap_or(Value::Empty)
    }
}

/// One row of a department's survey.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub subject: Subject,
    /// The item's or KPI's id (the hidden first column).
    pub id: String,
    pub number: String,
    /// The item's title or the KPI's name.
    pub title: String,
    /// For an item: its plan for the year (the schedule's text); for a KPI: its unit.
    pub unit: String,
    pub plan_text: String,
    pub baseline: Value,
    /// The year's target: the interim target of the year, else the final target if it is
    /// this year's.
    pub target: Value,
    /// The actuals of the plan's years before this one.
    pub earlier: Vec<Value>,
    /// The cells to fill, with what the plan holds now (a return overwrites them).
    pub actual: Value,
    pub comment: String,
    pub status: String,
    /// Whether the actual is a number (a KPI whose figures are numbers): the cell then
    /// accepts numbers only.
    pub numeric: bool,
}

/// A department's survey: its name and its rows, in the plan's order.
#[derive(Clone, Debug, PartialEq)]
pub struct Survey {
    pub department: String,
    pub rows: Vec<Row>,
}

/// An item or a KPI a survey asks about.
enum Asked<'a> {
    Item(&'a Node),
    Kpi(&'a Kpi),
}

/// Every item and KPI of `plan` in the plan's order, with the departments asked about it: an
/// item's lead departments; a KPI's own, else the lead departments of its node or the nearest
/// node above that names one. Nodes with no lead department and no schedule or status are
/// headings, not items.
fn asked(plan: &Plan) -> Vec<(Asked<'_>, Vec<&str>)> {
    fn visit<'a>(nodes: &'a [Node], above: &[&'a str], out: &mut Vec<(Asked<'a>, Vec<&'a str>)>) {
        for node in nodes {
            let own: Vec<&str> = node.lead_departments.iter().map(String::as_str).collect();
            if !own.is_empty() || !node.schedule.is_empty() || !node.progress.is_empty() {
                let item = if own.is_empty() {
                    vec![NO_DEPARTMENT]
                } else {
                    own.clone()
                };
                out.push((Asked::Item(node), item));
            }
            let lead = if own.is_empty() { above.to_vec() } else { own };
            for kpi in &node.kpis {
                let departments = if !kpi.departments.is_empty() {
                    kpi.departments.iter().map(String::as_str).collect()
                } else if !lead.is_empty() {
                    lead.clone()
                } else {
                    vec![NO_DEPARTMENT]
                };
                out.push((Asked::Kpi(kpi), departments));
            }
            visit(&node.children, &lead, out);
        }
    }
    let mut out = Vec::new();
    visit(&plan.nodes, &[], &mut out);
    out
}

/// The departments of `plan`, in the order they first appear; `NO_DEPARTMENT` where an item
/// or KPI names none and nothing above it does.
pub fn departments(plan: &Plan) -> Vec<String> {
    departments_asked(plan)
        .into_iter()
        .map(|(d, _)| d)
        .collect()
}

/// Each department of `plan` (as `departments`) with how many rows its survey has.
pub fn departments_asked(plan: &Plan) -> Vec<(String, usize)> {
    let mut found: Vec<(String, usize)> = Vec::new();
    for (_, departments) in asked(plan) {
        for d in departments {
            match found.iter_mut().find(|(f, _)| f == d) {
                Some((_, rows)) => *rows += 1,
                None => found.push((d.to_string(), 1)),
            }
        }
    }
    found
}

/// Whether a KPI's actual is a number (its figures are numbers and its target is not a
/// milestone): the survey's cell then takes numbers only, and a return must give one.
pub fn takes_numbers(kpi: &Kpi) -> bool {
    let milestone = kpi
        .target
        .as_ref()
        .is_some_and(|t| t.kind == TargetKind::Milestone);
    let text_figures = kpi
        .actuals
        .iter()
        .chain(kpi.targets.iter())
        .any(|(_, f)| matches!(f, Figure::Text(_)));
    !milestone && !text_figures
}

/// The survey of `department` for `fy`.
pub fn survey(plan: &Plan, fy: FiscalYear, department: &str) -> Survey {
    let earlier_years: Vec<FiscalYear> = (plan.period.start..fy).collect();
    let rows = asked(plan)
        .into_iter()
        .filter(|(_, departments)| departments.contains(&department))
        .map(|(what, _)| match what {
            Asked::Item(node) => item_row(node, fy, &earlier_years),
            Asked::Kpi(kpi) => kpi_row(kpi, fy, &earlier_years),
        })
        .collect();
    Survey {
        department: department.to_string(),
        rows,
    }
}

fn item_row(node: &Node, fy: FiscalYear, earlier_years: &[FiscalYear]) -> Row {
    let plan_text = node
        .schedule
        .iter()
        .filter(|span| span.from <= fy && fy <= span.last())
        .map(|span| span.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    Row {
        subject: Subject::Item,
        id: node.id.clone(),
        number: node.number.clone().unwrap_or_default(),
        title: node.title.clone(),
        unit: String::new(),
        plan_text,
        baseline: Value::Empty,
        target: Value::Empty,
        earlier: earlier_years.iter().map(|_| Value::Empty).collect(),
        actual: Value::Empty,
        comment: node.comments.get(&fy).cloned().unwrap_or_default(),
        status: node.progress.get(&fy).cloned().unwrap_or_default(),
        numeric: false,
    }
}

fn kpi_row(kpi: &Kpi, fy: FiscalYear, earlier_years: &[FiscalYear]) -> Row {
    let target = match (kpi.targets.get(&fy), &kpi.target) {
        (Some(figure), _) => Value::from(figure),
        (None, Some(t)) if t.fy == fy => match (t.value, &t.text) {
            (Some(v), _) => Value::Number(v),
            (None, Some(text)) => Value::Text(text.clone()),
            (None, None) => Value::Empty,
        },
        _ => Value::Empty,
    };
    Row {
        subject: Subject::Kpi,
        id: kpi.id.clone(),
        number: kpi.number.clone().unwrap_or_default(),
        title: kpi.name.clone(),
        unit: kpi.unit.clone().unwrap_or_default(),
        plan_text: String::new(),
        baseline: kpi
            .baseline
            .as_ref()
            .and_then(|b| b.value)
            .map(Value::Number)
            .unwrap_or(Value::Empty),
        target,
        earlier: earlier_years
            .iter()
            .map(|y| Value::from(kpi.actuals.get(y)))
            .collect(),
        actual: Value::from(kpi.actuals.get(&fy)),
        comment: kpi.comments.get(&fy).cloned().unwrap_or_default(),
        status: String::new(),
        numeric: takes_numbers(kpi),
    }
}

/// The columns of a survey sheet, in order. `Earlier` stands for one column per earlier year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Id,
    Subject,
    Number,
    Title,
    Unit,
    PlanText,
    Baseline,
    Target,
    Earlier(FiscalYear),
    Actual,
    Comment,
    Status,
}

impl Column {
    /// The header as a 進捗調査票 has it, for the survey's year `fy`.
    pub fn header(self, fy: FiscalYear) -> String {
        let year = wareki_short(fy);
        match self {
            Column::Id => "ID（変更しないでください）".into(),
            Column::Subject => "区分".into(),
            Column::Number => "番号".into(),
            Column::Title => "取組項目・指標名".into(),
            Column::Unit => "単位".into(),
            Column::PlanText => format!("{year}年度の計画"),
            Column::Baseline => "基準値".into(),
            Column::Target => format!("{year}年度 目標値"),
            Column::Earlier(y) => format!("実績値 {}", wareki_short(y)),
            Column::Actual => format!("{year}年度 実績値【記入】"),
            Column::Comment => format!("{year}年度 取組内容【記入】"),
            Column::Status => "進捗状況【記入】".into(),
        }
    }

    /// Width in Excel's character units: the whole row fits A4 landscape at the print scale
    /// `write` sets (fit to one page wide).
    fn width(self) -> f64 {
        match self {
            Column::Id => 10.0,
            Column::Subject => 6.0,
            Column::Number => 6.0,
            Column::Title => 36.0,
            Column::Unit => 6.0,
            Column::PlanText => 24.0,
            Column::Baseline | Column::Target | Column::Earlier(_) => 10.0,
            Column::Actual => 12.0,
            Column::Comment => 36.0,
            Column::Status => 10.0,
        }
    }
}

/// The columns of the survey for `fy` of a plan starting in `start`.
pub fn columns(start: FiscalYear, fy: FiscalYear) -> Vec<Column> {
    let mut columns = vec![
        Column::Id,
        Column::Subject,
        Column::Number,
        Column::Title,
        Column::Unit,
        Column::PlanText,
        Column::Baseline,
        Column::Target,
    ];
    columns.extend((start..fy).map(Column::Earlier));
    columns.extend([Column::Actual, Column::Comment, Column::Status]);
    columns
}

/// The row of the column headers (0-based); the rows above say what the sheet is.
pub const HEADER_ROW: u32 = 3;

/// One workbook with a sheet per survey.
pub fn write(plan: &Plan, fy: FiscalYear, surveys: &[Survey]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let mut names: Vec<String> = Vec::new();
    for survey in surveys {
        let name = sheet_name(&survey.department, &names);
        names.push(name.clone());
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        write_sheet(sheet, plan, fy, survey)?;
    }
    workbook.save_to_buffer()
}

/// A sheet name Excel accepts for `department`: at most 31 characters, none of `[]:*?/\`,
/// not one of `taken` (a number is added).
pub fn sheet_name(department: &str, taken: &[String]) -> String {
    let clean: String = department
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '＿' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let clean = if clean.is_empty() { "担当課" } else { clean };
    let fit = |text: &str, room: usize| text.chars().take(room).collect::<String>();
    let mut name = fit(clean, 31);
    let mut n = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == name.to_lowercase())
    {
        let suffix = format!("（{n}）");
        name = format!("{}{suffix}", fit(clean, 31 - suffix.chars().count()));
        n += 1;
    }
    name
}

fn write_sheet(
    sheet: &mut Worksheet,
    plan: &Plan,
    fy: FiscalYear,
    survey: &Survey,
) -> Result<(), XlsxError> {
    let columns = columns(plan.period.start, fy);
    let last_col = (columns.len() - 1) as u16;
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin);
    let shown = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let number = shown.clone().set_num_format("#,##0.##");
    let open = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xFFF2CC))
        .set_border(FormatBorder::Thin);
    let open_number = open.clone().set_num_format("#,##0.##");
    let closed = shown.clone().set_background_color(Color::RGB(0xEDEDED));

    sheet.write_string_with_format(
        0,
        1,
        format!("{} 進捗調査票（{}実績）", plan.title, fy_both(fy)),
        &title,
    )?;
    sheet.write_string(1, 1, format!("担当課: {}", survey.department))?;
    sheet.write_string(
        2,
        1,
        "黄色のセルに記入してください。行の順番が変わっても、各行は非表示の ID 列で照合します。",
    )?;

    for (c, column) in columns.iter().enumerate() {
        let c = c as u16;
        sheet.set_column_width(c, column.width())?;
        sheet.write_string_with_format(HEADER_ROW, c, column.header(fy), &header)?;
    }
    sheet.set_column_hidden(0)?;
    sheet.set_row_height(HEADER_ROW, 32)?;

    for (i, row) in survey.rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        let is_item = row.subject == Subject::Item;
        let text = |t: &str| Value::Text(t.to_string());
        for (c, column) in columns.iter().enumerate() {
            // What is shown is locked; the year's cells to fill are open; what does not apply
            // to the row is grey and locked.
            let (value, formats) = match column {
                Column::Id => (text(&row.id), (&shown, &number)),
                Column::Subject => (
                    text(if is_item { "取組" } else { "指標" }),
                    (&shown, &number),
                ),
                Column::Number => (text(&row.number), (&shown, &number)),
                Column::Title => (text(&row.title), (&shown, &number)),
                Column::Unit => (text(&row.unit), (&shown, &number)),
                Column::PlanText => (text(&row.plan_text), (&shown, &number)),
                Column::Baseline => (row.baseline.clone(), (&shown, &number)),
                Column::Target => (row.target.clone(), (&shown, &number)),
                Column::Earlier(y) => (
                    row.earlier[(y - plan.period.start) as usize].clone(),
                    (&shown, &number),
                ),
                Column::Actual if is_item => (Value::Empty, (&closed, &closed)),
                Column::Actual => (row.actual.clone(), (&open, &open_number)),
                Column::Comment => (text(&row.comment), (&open, &open_number)),
                Column::Status if is_item => (text(&row.status), (&open, &open_number)),
                Column::Status => (Value::Empty, (&closed, &closed)),
            };
            write_value(sheet, r, c as u16, &value, formats)?;
        }
        validate(sheet, r, &columns, row)?;
    }

    sheet.protect();
    sheet.set_landscape();
    // 9: A4.
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.set_print_area(0, 1, HEADER_ROW + survey.rows.len() as u32, last_col)?;
    Ok(())
}

fn write_value(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    value: &Value,
    (text, number): (&Format, &Format),
) -> Result<(), XlsxError> {
    match value {
        Value::Number(n) => sheet.write_number_with_format(r, c, *n, number)?,
        Value::Text(t) if t.is_empty() => sheet.write_blank(r, c, text)?,
        Value::Text(t) => sheet.write_string_with_format(r, c, t, text)?,
        Value::Empty => sheet.write_blank(r, c, text)?,
    };
    Ok(())
}

/// Excel's data validation on the row's open cells: a number for a numeric actual, a status
/// from the list.
fn validate(sheet: &mut Worksheet, r: u32, columns: &[Column], row: &Row) -> Result<(), XlsxError> {
    let at = |wanted: Column| columns.iter().position(|c| *c == wanted).map(|c| c as u16);
    match row.subject {
        Subject::Kpi if row.numeric => {
            if let Some(c) = at(Column::Actual) {
                let rule = DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
                    .set_error_title("数値を入力してください")?
                    .set_error_message(format!(
                        "実績値は数値で入力してください（単位: {}）。数値で表せない場合は取組内容の欄に書いてください。",
                        if row.unit.is_empty() { "なし" } else { &row.unit }
                    ))?;
                sheet.add_data_validation(r, c, r, c, &rule)?;
            }
        }
        Subject::Item => {
            if let Some(c) = at(Column::Status) {
                let rule = DataValidation::new()
                    .allow_list_strings(&PROGRESS_CHOICES)?
                    .set_error_title("一覧から選んでください")?
                    .set_error_message(format!(
                        "進捗状況は次のいずれかです: {}",
                        PROGRESS_CHOICES.join("・")
                    ))?;
                sheet.add_data_validation(r, c, r, c, &rule)?;
            }
        }
        Subject::Kpi => {}
    }
    Ok(())
}
