//! Numbers and years as Japanese readers expect them: 3桁区切り, 令和 and 西暦.

use crate::plan::FiscalYear;

/// 2021 → "令和3年度"; 2019 → "令和元年度"; earlier years → "平成30年度".
pub fn wareki_fy(fy: FiscalYear) -> String {
    if fy >= 2019 {
        let n = fy - 2018;
        if n == 1 {
            "令和元年度".to_string()
        } else {
            format!("令和{n}年度")
        }
    } else if fy >= 1989 {
        let n = fy - 1988;
        if n == 1 {
            "平成元年度".to_string()
        } else {
            format!("平成{n}年度")
        }
    } else {
        format!("{fy}年度")
    }
}

/// 2021 → "R3" (the short form printed in tables).
pub fn wareki_short(fy: FiscalYear) -> String {
    if fy >= 2019 {
        format!("R{}", fy - 2018)
    } else if fy >= 1989 {
        format!("H{}", fy - 1988)
    } else {
        fy.to_string()
    }
}

/// 2021 → "令和3年度（2021年度）".
pub fn fy_both(fy: FiscalYear) -> String {
    format!("{}（{fy}年度）", wareki_fy(fy))
}

/// A period: "令和3〜8年度（2021〜2026年度）".
pub fn period_both(start: FiscalYear, end: FiscalYear) -> String {
    let s = wareki_fy(start);
    let e = wareki_fy(end);
    // Same era: the end year without it. (Years before 平成 print as 西暦 and have none.)
    let era = |t: &str| ["令和", "平成"].into_iter().find(|era| t.starts_with(era));
    let short_end = match (era(&s), era(&e)) {
        (Some(a), Some(b)) if a == b => e[a.len()..].to_string(),
        _ => e.clone(),
    };
    format!(
        "{}〜{}（{start}〜{end}年度）",
        s.trim_end_matches("年度"),
        short_end
    )
}

/// A count as Japanese readers expect it, with 3桁区切り: 10000 → "10,000" (KPI 10,000件).
pub fn count(n: usize) -> String {
    group_thousands(&n.to_string())
}

/// Group the integer part by thousands: 283179 → "283,179"; -1234.5 → "-1,234.5".
pub fn group_thousands(digits: &str) -> String {
    let (sign, rest) = match digits.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", digits),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::with_capacity(digits.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// Whole numbers below this (2^53) take the integer formatter: every one of them is exactly an
/// `i64`. Larger ones take the float formatter, which writes the same digits.
const WHOLE_LIMIT: f64 = 9_007_199_254_740_992.0;

/// A number with 3桁区切り. `decimals` fixes the decimals (98.6 with 2 → "98.60");
/// without it, up to 4 significant decimals are kept and trailing zeros dropped.
pub fn number(value: f64, decimals: Option<u8>) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let text = match decimals {
        // A whole number (most figures are) by the integer formatter: the same digits, and
        // the float formatter's exact mode is the slow part of a long report's rebuild.
        _ if value.fract() == 0.0 && value.abs() < WHOLE_LIMIT => {
            let mut text = (value as i64).to_string();
            if let Some(d) = decimals.filter(|d| *d > 0) {
                text.push('.');
                text.extend(std::iter::repeat_n('0', d.into()));
            }
            text
        }
        Some(d) => format!("{:.*}", d as usize, value),
        None => {
            let s = format!("{value:.4}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            s.to_string()
        }
    };
    let text = if text == "-0" { "0".to_string() } else { text };
    group_thousands(&text)
}

/// A number followed by its unit: "283,179m²", "98.60%".
pub fn with_unit(value: f64, unit: Option<&str>, decimals: Option<u8>) -> String {
    format!("{}{}", number(value, decimals), unit.unwrap_or(""))
}

/// Parse a number as staff type it: "1,234", "１２３４", "12.5%", "▲3" (negative), "△3", "−3".
/// Returns the reason in Japanese when it is not a number.
pub fn parse_number(input: &str) -> Result<f64, String> {
    let mut s = String::with_capacity(input.len());
    for ch in input.trim().chars() {
        let c = match ch {
            '０'..='９' => char::from_u32(ch as u32 - '０' as u32 + '0' as u32).unwrap_or(ch),
            '．' | '。' => '.',
            '，' | '、' => ',',
            '－' | '−' | 'ー' | '▲' | '△' | '‐' => '-',
            '＋' => '+',
            '％' => '%',
            ' ' | '\u{3000}' => continue,
            c => c,
        };
        s.push(c);
    }
    let s = s.trim_end_matches('%');
    if s.is_empty() {
        return Err("数値を入力してください".to_string());
    }
    let plain: String = s.chars().filter(|c| *c != ',').collect();
    if let Some(bad) = plain
        .chars()
        .find(|c| !(c.is_ascii_digit() || *c == '.' || *c == '-' || *c == '+'))
    {
        return Err(format!("「{bad}」は数値に使えない文字です"));
    }
    if plain.is_empty() {
        return Err("数値を入力してください".to_string());
    }
    if plain.matches('-').count() + plain.matches('+').count() > 1
        || plain[1..].contains(['-', '+'])
    {
        return Err("符号（▲ や -）は先頭に1つだけ書いてください".to_string());
    }
    if plain.matches('.').count() > 1 {
        return Err("小数点が2つ以上あります".to_string());
    }
    let value = decimal_to_f64(&plain).ok_or_else(|| "数値として読めません".to_string())?;
    if !value.is_finite() || value.abs() > 1e15 {
        return Err("数値が大きすぎます".to_string());
    }
    Ok(value)
}

/// Read `[+-]digits[.digits]` (either side of the point may be empty, not both).
///
/// serde_json reads it, as it reads every figure of a plan file, so that a value typed by
/// staff is the same f64 as the same digits in a plan file (a cell typed back to its
/// published value is then no change). The text is put in JSON's form first. With up to 15
/// significant digits, which covers every figure a plan holds, this is also the correctly
/// rounded value that `str::parse::<f64>` gives (tested below).
fn decimal_to_f64(plain: &str) -> Option<f64> {
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.strip_prefix('+').unwrap_or(plain)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    // JSON's form: no leading zeros, a digit before the point, none after it unless one.
    let int = match int.trim_start_matches('0') {
        "" => "0",
        rest => rest,
    };
    let point = if frac.is_empty() { "" } else { "." };
    serde_json::from_str(&format!("{sign}{int}{point}{frac}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A whole number reads as the float formatter writes it, with or without decimals.
        #[test]
        fn whole_numbers_read_as_the_float_formatter_writes_them(n in -(1i64 << 53) + 1..(1i64 << 53), small in any::<i32>(), decimals in proptest::option::of(0u8..5)) {
            for value in [n as f64, small as f64] {
                let written = match decimals {
                    Some(d) => format!("{:.*}", d as usize, value),
                    None => format!("{value:.4}").trim_end_matches('0').trim_end_matches('.').to_string(),
                };
                prop_assert_eq!(number(value, decimals), group_thousands(&written));
            }
        }

        /// Up to 15 significant digits, the value is the correctly rounded one (as the
        /// standard parser gives), in every written form.
        #[test]
        fn typed_decimals_read_exactly(mantissa in 0u64..1_000_000_000_000_000, scale in 0usize..8, negative: bool, plus: bool, zeros in 0usize..3) {
            let digits = mantissa.to_string();
            let text = if scale == 0 {
                digits
            } else {
                let padded = format!("{digits:0>width$}", width = scale + 1);
                let (i, f) = padded.split_at(padded.len() - scale);
                format!("{i}.{f}")
            };
            let text = format!("{}{}{text}", if negative { "-" } else if plus { "+" } else { "" }, "0".repeat(zeros));
            let expected: f64 = text.parse().unwrap();
            prop_assert_eq!(decimal_to_f64(&text).map(f64::to_bits), Some(expected.to_bits()), "{}", text);
        }
    }

    #[test]
    fn numbers_with_and_without_decimals() {
        assert_eq!(number(283_179.0, None), "283,179");
        assert_eq!(number(283_179.0, Some(0)), "283,179");
        assert_eq!(number(98.6, Some(2)), "98.60");
        assert_eq!(number(1_234.0, Some(2)), "1,234.00");
        assert_eq!(number(-1_234.0, Some(1)), "-1,234.0");
        assert_eq!(number(12.5, None), "12.5");
        assert_eq!(number(0.123456, None), "0.1235");
        // No "minus zero".
        assert_eq!(number(-0.0, None), "0");
        assert_eq!(number(-0.0, Some(2)), "0.00");
        assert_eq!(number(1e20, None), "100,000,000,000,000,000,000");
        assert_eq!(number(2_147_483_647.0, None), "2,147,483,647");
        assert_eq!(number(-2_147_483_648.0, Some(1)), "-2,147,483,648.0");
        assert_eq!(number(f64::NAN, None), "—");
    }

    #[test]
    fn counts_carry_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(10_000), "10,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn decimal_forms_with_a_bare_point() {
        assert_eq!(decimal_to_f64(".5"), Some(0.5));
        assert_eq!(decimal_to_f64("5."), Some(5.0));
        assert_eq!(decimal_to_f64("-.25"), Some(-0.25));
        assert_eq!(decimal_to_f64("007"), Some(7.0));
        assert_eq!(decimal_to_f64("."), None);
        assert_eq!(decimal_to_f64("-"), None);
        assert_eq!(decimal_to_f64("+"), None);
    }

    #[test]
    fn periods_before_heisei_and_across_eras_print_without_panicking() {
        assert_eq!(period_both(1985, 1990), "1985〜平成2年度（1985〜1990年度）");
        assert_eq!(period_both(1980, 1985), "1980〜1985年度（1980〜1985年度）");
        assert_eq!(
            period_both(2017, 2021),
            "平成29〜令和3年度（2017〜2021年度）"
        );
        assert_eq!(period_both(2021, 2026), "令和3〜8年度（2021〜2026年度）");
    }

    #[test]
    fn eras() {
        assert_eq!(wareki_fy(2026), "令和8年度");
        assert_eq!(wareki_fy(2019), "令和元年度");
        assert_eq!(wareki_fy(2018), "平成30年度");
        assert_eq!(wareki_short(2023), "R5");
        assert_eq!(fy_both(2023), "令和5年度（2023年度）");
        assert_eq!(period_both(2021, 2026), "令和3〜8年度（2021〜2026年度）");
        assert_eq!(
            period_both(2018, 2020),
            "平成30〜令和2年度（2018〜2020年度）"
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(number(283179.0, None), "283,179");
        assert_eq!(number(1234567.5, None), "1,234,567.5");
        assert_eq!(number(98.6, Some(2)), "98.60");
        assert_eq!(number(-2436.0, None), "-2,436");
        assert_eq!(number(8.67, None), "8.67");
        assert_eq!(number(100.0, None), "100");
        assert_eq!(with_unit(264000.0, Some("m²"), None), "264,000m²");
    }

    #[test]
    fn staff_typed_numbers() {
        assert_eq!(parse_number("1,234"), Ok(1234.0));
        assert_eq!(parse_number("１２３４"), Ok(1234.0));
        assert_eq!(parse_number("12.5%"), Ok(12.5));
        assert_eq!(parse_number("▲3"), Ok(-3.0));
        assert_eq!(parse_number(" ２，４３６ "), Ok(2436.0));
        assert!(parse_number("abc").unwrap_err().contains("「a」"));
        assert!(parse_number("").is_err());
        assert!(parse_number("1.2.3").is_err());
        assert!(parse_number("3-4").is_err());
    }
}
