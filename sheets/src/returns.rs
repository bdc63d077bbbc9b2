//! Returned survey workbooks (and CSV saved from them) read into the cells they fill, and the
//! proposal staff confirm: the cells that would change, per file, and the conflicts where two
//! returns give one cell different values. Nothing here changes a plan; the app applies a
//! proposal to the draft only when staff confirm it.
//!
//! Rows are matched by the id in the survey's hidden first column, so rows a respondent
//! reordered are still read right; columns by their headers. A blank cell is no answer (it
//! never clears a value). What cannot be read is a `Problem` naming the file, sheet, row and
//! column in Japanese and what was expected; the rest of the file is still read.

use crate::survey::{takes_numbers, Column};
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use plan_core::edits::{Cell, CellValue, Lookup};
use plan_core::format::parse_number;
use plan_core::plan::{Figure, FiscalYear, Plan};
use std::collections::HashSet;
use std::fmt;
use std::io::{Cursor, Read};

/// A returned workbook is refused above these (a department's survey is far below them): the
/// file itself, what its parts unpack to (a zip bomb), and the rows of one sheet.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
pub const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;
pub const MAX_ROWS: usize = 20_000;

/// Where a value was read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    pub file: String,
    pub sheet: String,
    /// Excel's row number (from 1).
    pub row: u32,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}「{}」{}行目", self.file, self.sheet, self.row)
    }
}

/// A filled cell of a return.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub cell: Cell,
    pub value: CellValue,
    pub source: Source,
}

/// What could not be read, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub file: String,
    pub sheet: Option<String>,
    /// Excel's row number (from 1) and column letter.
    pub row: Option<u32>,
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    /// A problem of the whole file.
    fn whole(file: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            sheet: None,
            row: None,
            column: None,
            message: message.into(),
        }
    }
}

const NOT_XLSX: &str = "Excel のブック（.xlsx）として読めません。調査票を Excel で開き、「Excel ブック」形式で保存し直してください。";

/// Why a sheet or a CSV is not a survey.
fn no_id_header(fy: FiscalYear) -> String {
    format!("（見出し「{}」が見つかりません）。", Column::Id.header(fy))
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, "「{sheet}」")?;
        }
        match (self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, " {c}{r}（{r}行目 {c}列）")?,
            (Some(r), None) => write!(f, " {r}行目")?,
            _ => {}
        }
        write!(f, ": {}", self.message)
    }
}

/// What one returned file gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    pub entries: Vec<Entry>,
    pub problems: Vec<Problem>,
}

/// Excel's letters for a column index from 0: 0 → A, 26 → AA.
pub fn column_letter(mut c: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push((b'A' + (c % 26) as u8) as char);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// Read a returned .xlsx survey of `plan` for `fy`.
pub fn read_xlsx(plan: &Plan, fy: FiscalYear, file: &str, bytes: &[u8]) -> Reading {
    let refuse = |message: String| Reading {
        entries: Vec::new(),
        problems: vec![Problem::whole(file, message)],
    };
    if bytes.len() > MAX_FILE_BYTES {
        return refuse(format!(
            "ファイルが大きすぎます（{} MB まで）。調査票のファイルか確かめてください。",
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    if let Err(message) = check_unpacked_size(bytes) {
        return refuse(message);
    }
    let mut book: Xlsx<_> = match open_workbook_from_rs(Cursor::new(bytes)) {
        Ok(book) => book,
        Err(_) => return refuse(NOT_XLSX.into()),
    };
    let lookup = Lookup::new(plan);
    let mut reading = Reading::default();
    let mut any_survey = false;
    for sheet in book.sheet_names() {
        let (Ok(values), formulas) = (book.worksheet_range(&sheet), book.worksheet_formula(&sheet))
        else {
            reading.problems.push(Problem {
                sheet: Some(sheet.clone()),
                ..Problem::whole(file, "このシートを読めません。")
            });
            continue;
        };
        let grid = Grid::from_range(&values, formulas.ok().as_ref());
        any_survey |= read_grid(plan, &lookup, fy, file, &sheet, &grid, &mut reading);
    }
    if !any_survey && reading.problems.is_empty() {
        return refuse(format!(
            "進捗調査票のシートがありません{}",
            no_id_header(fy)
        ));
    }
    reading
}

/// Read a returned survey saved as CSV (the text already decoded: UTF-8 or Shift_JIS is the
/// app's to decode). The sheet is named after the file.
pub fn read_csv(plan: &Plan, fy: FiscalYear, file: &str, text: &str) -> Reading {
    let mut reading = Reading::default();
    let mut rows = Vec::new();
    // Excel ends lines with CRLF; the reader's line numbers count LF (a cell's own line breaks
    // are LF in Excel, so nothing is lost).
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for (i, record) in reader.records().enumerate() {
        if i >= MAX_ROWS {
            reading.problems.push(too_many_rows(file, None));
            return reading;
        }
        match record {
            Ok(record) => {
                // Blank lines are skipped by the reader: the row keeps its line's number.
                let line = record.position().map_or(i + 1, |p| p.line() as usize);
                rows.resize(line.saturating_sub(1).max(rows.len()), Vec::new());
                rows.push(
                    record
                        .iter()
                        .map(|field| {
                            if field.trim().is_empty() {
                                Data::Empty
                            } else {
                                Data::String(field.to_string())
                            }
                        })
                        .collect(),
                );
            }
            Err(e) => {
                let line = e.position().map_or(i + 1, |p| p.line() as usize);
                reading.problems.push(Problem {
                    file: file.to_string(),
                    sheet: None,
                    row: Some(line as u32),
                    column: None,
                    message: "CSV として読めない行です（引用符の対応を確かめてください）。".into(),
                });
            }
        }
    }
    let grid = Grid {
        rows,
        formulas: HashSet::new(),
    };
    if !read_grid(
        plan,
        &Lookup::new(plan),
        fy,
        file,
        file,
        &grid,
        &mut reading,
    ) && reading.problems.is_empty()
    {
        let why = no_id_header(fy);
        reading.problems.push(Problem::whole(
            file,
            format!("進捗調査票の CSV ではありません{why}"),
        ));
    }
    reading
}

fn too_many_rows(file: &str, sheet: Option<&str>) -> Problem {
    Problem {
        sheet: sheet.map(str::to_string),
        ..Problem::whole(
            file,
            format!("行が多すぎます（{MAX_ROWS}行まで）。調査票のファイルか確かめてください。"),
        )
    }
}

/// Refuses a zip whose parts unpack to more than `MAX_UNPACKED_BYTES` (a zip bomb): each part
/// is unpacked into nothing, counting, and never past the limit (what an archive declares of
/// its sizes may lie).
/// Refuse a zip bomb before anything is unpacked: what the workbook's parts unpack to, counted
/// while unpacking, up to `MAX_UNPACKED_BYTES`.
pub(crate) fn check_unpacked_size(bytes: &[u8]) -> Result<(), String> {
    fn not_xlsx<E>(_: E) -> String {
        NOT_XLSX.to_string()
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(not_xlsx)?;
    let mut room = MAX_UNPACKED_BYTES;
    for i in 0..archive.len() {
        let part = archive.by_index(i).map_err(not_xlsx)?;
        let unpacked =
            std::io::copy(&mut part.take(room + 1), &mut std::io::sink()).map_err(not_xlsx)?;
        if unpacked > room {
            return Err(format!(
                "展開すると大きすぎるファイルです（{} MB まで）。Excel で作った調査票・テンプレートのファイルか確かめてください。",
                MAX_UNPACKED_BYTES / 1024 / 1024
            ));
        }
        room -= unpacked;
    }
    Ok(())
}

/// A sheet's cells from A1, and which of them hold a formula.
struct Grid {
    rows: Vec<Vec<Data>>,
    formulas: HashSet<(u32, u32)>,
}

impl Grid {
    fn from_range(
        values: &calamine::Range<Data>,
        formulas: Option<&calamine::Range<String>>,
    ) -> Grid {
        let (r0, c0) = values.start().unwrap_or((0, 0));
        let mut rows = vec![Vec::new(); r0 as usize];
        for row in values.rows() {
            let mut cells = vec![Data::Empty; c0 as usize];
            cells.extend(row.iter().cloned());
            rows.push(cells);
        }
        let formulas = formulas
            .map(|f| {
                let (fr, fc) = f.start().unwrap_or((0, 0));
                f.used_cells()
                    .filter(|(_, _, text)| !text.is_empty())
                    .map(|(r, c, _)| (fr + r as u32, fc + c as u32))
                    .collect()
            })
            .unwrap_or_default();
        Grid { rows, formulas }
    }

    fn get(&self, r: usize, c: usize) -> &Data {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&Data::Empty)
    }
}

/// Read one sheet (or CSV) into `reading`; whether it is a survey sheet at all.
fn read_grid(
    plan: &Plan,
    lookup: &Lookup,
    fy: FiscalYear,
    file: &str,
    sheet: &str,
    grid: &Grid,
    reading: &mut Reading,
) -> bool {
    let problem = |row: Option<usize>, column: Option<usize>, message: String| Problem {
        file: file.to_string(),
        sheet: Some(sheet.to_string()),
        row: row.map(|r| r as u32 + 1),
        column: column.map(|c| column_letter(c as u32)),
        message,
    };
    let id_header = Column::Id.header(fy);
    // The header row: the one whose cell says the ID column's header.
    let Some((header_row, id_col)) = grid.rows.iter().enumerate().find_map(|(r, row)| {
        row.iter()
            .position(|d| text_of(d).is_some_and(|t| t.trim() == id_header))
            .map(|c| (r, c))
    }) else {
        return false;
    };
    if grid.rows.len() > MAX_ROWS {
        reading.problems.push(too_many_rows(file, Some(sheet)));
        return true;
    }
    // The survey of another plan: its title (above the headers) names that plan.
    let title = grid.rows[..header_row]
        .iter()
        .flatten()
        .filter_map(text_of)
        .find(|t| t.contains("進捗調査票"));
    if let Some(title) = title.filter(|t| !t.starts_with(&plan.title)) {
        reading.problems.push(problem(
            None,
            None,
            format!(
                "「{}」の調査票ではありません（表題: {title}）。",
                plan.title
            ),
        ));
        return true;
    }
    let header_of = |c: usize| text_of(grid.get(header_row, c)).unwrap_or_default();
    let find = |wanted: Column| {
        let header = wanted.header(fy);
        (0..grid.rows[header_row].len()).find(|&c| header_of(c).trim() == header)
    };
    let (actual, comment, status) = (
        find(Column::Actual),
        find(Column::Comment),
        find(Column::Status),
    );
    if actual.is_none() && comment.is_none() {
        // The survey of another year: its headers name that year.
        let expected = Column::Actual.header(fy);
        reading.problems.push(problem(
            Some(header_row),
            None,
            format!("{fy}年度の調査票ではありません（見出し「{expected}」が見つかりません）。"),
        ));
        return true;
    }
    for r in header_row + 1..grid.rows.len() {
        let Some(id) = text_of(grid.get(r, id_col)).map(|t| t.trim().to_string()) else {
            continue;
        };
        if id.is_empty() {
            continue;
        }
        let source = Source {
            file: file.to_string(),
            sheet: sheet.to_string(),
            row: r as u32 + 1,
        };
        let fields: Vec<(usize, Cell, Kind)> = if let Some(kpi) = lookup.kpi(&id) {
            let numeric = takes_numbers(kpi);
            let mut fields = Vec::new();
            if let Some(c) = actual {
                let cell = Cell::Actual {
                    kpi: id.clone(),
                    fy,
                };
                fields.push((c, cell, if numeric { Kind::Number } else { Kind::Figure }));
            }
            if let Some(c) = comment {
                fields.push((
                    c,
                    Cell::Comment {
                        kpi: id.clone(),
                        fy,
                    },
                    Kind::Text,
                ));
            }
            fields
        } else if lookup.node(&id).is_some() {
            let progress = status.map(|c| {
                let cell = Cell::Progress {
                    node: id.clone(),
                    fy,
                };
                (c, cell, Kind::Text)
            });
            let done = comment.map(|c| {
                let cell = Cell::NodeComment {
                    node: id.clone(),
                    fy,
                };
                (c, cell, Kind::Text)
            });
            progress.into_iter().chain(done).collect()
        } else {
            reading.problems.push(problem(
                Some(r),
                Some(id_col),
                format!("ID「{id}」の項目・指標はこの計画にありません。行を追加した場合は、その内容をほかの行の欄に書いてください。"),
            ));
            continue;
        };
        for (c, cell, kind) in fields {
            if grid.formulas.contains(&(r as u32, c as u32)) {
                reading.problems.push(problem(
                    Some(r),
                    Some(c),
                    "数式は読み込みません。計算した値を入力してください。".into(),
                ));
                continue;
            }
            match value_of(grid.get(r, c), kind) {
                Ok(None) => {}
                Ok(Some(figure)) => reading.entries.push(Entry {
                    cell,
                    value: Some(figure),
                    source: source.clone(),
                }),
                Err(expected) => reading.problems.push(problem(Some(r), Some(c), expected)),
            }
        }
    }
    true
}

/// What a cell must hold.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// A number (a KPI whose figures are numbers).
    Number,
    /// A number or a text (a KPI with text figures).
    Figure,
    Text,
}

fn text_of(d: &Data) -> Option<String> {
    match d {
        Data::String(s) => Some(s.clone()),
        Data::Int(i) => Some(i.to_string()),
        Data::Float(f) => Some(plan_core::format::number(*f, None).replace(',', "")),
        _ => None,
    }
}

/// The figure a cell gives (`None` when blank), or what was expected, in Japanese.
fn value_of(d: &Data, kind: Kind) -> Result<Option<Figure>, String> {
    let number = |n: f64| {
        if n.is_finite() {
            Ok(Some(Figure::Number(n)))
        } else {
            Err("数値として読めません。".to_string())
        }
    };
    match (d, kind) {
        (Data::Empty, _) => Ok(None),
        (Data::String(s), _) if s.trim().is_empty() => Ok(None),
        (Data::Float(f), Kind::Number | Kind::Figure) => number(*f),
        (Data::Int(i), Kind::Number | Kind::Figure) => number(*i as f64),
        (Data::String(s), Kind::Number) => parse_number(s)
            .map(|n| Some(Figure::Number(n)))
            .map_err(|why| {
                format!(
                    "実績値は数値で入力してください（「{}」: {why}）。",
                    s.trim()
                )
            }),
        (Data::String(s), Kind::Figure) => Ok(Some(match parse_number(s) {
            Ok(n) => Figure::Number(n),
            Err(_) => Figure::Text(s.clone()),
        })),
        (Data::String(s), Kind::Text) => Ok(Some(Figure::Text(s.clone()))),
        (Data::Float(_) | Data::Int(_), Kind::Text) => Ok(text_of(d).map(Figure::Text)),
        (Data::Error(e), _) => Err(format!("エラーの値（{e}）です。値を入力し直してください。")),
        (Data::Bool(_), _) => Err("TRUE／FALSE ではなく、値を入力してください。".into()),
        (Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_), _) => {
            Err("日付・時刻として入力されています。数値または文字で入力してください。".into())
        }
    }
}

/// One cell that would change.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub cell: Cell,
    pub from: CellValue,
    pub to: CellValue,
    /// Every return that gives this value.
    pub sources: Vec<Source>,
}

/// A cell two returns fill differently: each value with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub cell: Cell,
    pub current: CellValue,
    pub values: Vec<(CellValue, Vec<Source>)>,
}

/// What the returns would do to `plan` (the working plan, draft included).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Proposal {
    pub changes: Vec<Change>,
    pub conflicts: Vec<Conflict>,
    /// Cells the returns fill with the value the plan already has.
    pub unchanged: usize,
    pub problems: Vec<Problem>,
}

/// The proposal of `readings` against `plan`. Cells in the plan's order of cells (`Cell`'s
/// order), conflicts apart: they change nothing until staff settle them.
pub fn propose(plan: &Plan, readings: &[Reading]) -> Proposal {
    let mut by_cell: Vec<(&Cell, &CellValue, &Source)> = readings
        .iter()
        .flat_map(|r| r.entries.iter().map(|e| (&e.cell, &e.value, &e.source)))
        .collect();
    by_cell.sort_by(|a, b| a.0.cmp(b.0).then_with(|| a.2.cmp(b.2)));
    let lookup = Lookup::new(plan);
    let mut proposal = Proposal {
        problems: readings
            .iter()
            .flat_map(|r| r.problems.iter().cloned())
            .collect(),
        ..Proposal::default()
    };
    for group in by_cell.chunk_by(|a, b| a.0 == b.0) {
        let cell = group[0].0;
        let current = lookup.read(cell);
        // A return that gives the value the plan has (the survey shows it, filled in) is no
        // answer against another return's new value: only new values can disagree.
        let mut values: Vec<(CellValue, Vec<Source>)> = Vec::new();
        for (_, value, source) in group.iter().filter(|(_, v, _)| **v != current) {
            match values.iter_mut().find(|(v, _)| v == *value) {
                Some((_, sources)) => sources.push((*source).clone()),
                None => values.push(((*value).clone(), vec![(*source).clone()])),
            }
        }
        if values.len() > 1 {
            proposal.conflicts.push(Conflict {
                cell: cell.clone(),
                current,
                values,
            });
        } else if let Some((to, sources)) = values.pop() {
            proposal.changes.push(Change {
                cell: cell.clone(),
                from: current,
                to,
                sources,
            });
        } else {
            proposal.unchanged += 1;
        }
    }
    proposal
}
