//! GS1 Unique Device Identifiers: `(01)08712345678906(17)270101(10)LOT7(21)SN42`,
//! or the same without brackets and with GS (0x1D) separators, as scanners send it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Udi {
    /// The device identifier (GTIN-14), application identifier 01.
    pub di: String,
    /// Expiry date as printed, YYMMDD (17).
    pub expiry: Option<String>,
    /// Manufacturing date, YYMMDD (11).
    pub manufactured: Option<String>,
    /// Lot or batch (10).
    pub lot: Option<String>,
    /// Serial number (21).
    pub serial: Option<String>,
}

/// Application identifiers and their fixed lengths (None: variable, up to 20).
const AIS: [(&str, Option<usize>); 5] = [
    ("01", Some(14)),
    ("11", Some(6)),
    ("17", Some(6)),
    ("10", None),
    ("21", None),
];

const GS: char = '\u{1d}';

/// The GS1 mod-10 check digit of a GTIN holds.
pub fn gtin_check_digit_ok(gtin: &str) -> bool {
    if gtin.len() != 14 || !gtin.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = gtin.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = digits[..13]
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    (10 - sum % 10) % 10 == digits[13]
}

/// Why a text is not a GS1 UDI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UdiError {
    #[error("a '(' without ')'")]
    UnclosedParenthesis,
    #[error("unexpected text '{0}'")]
    UnexpectedText(String),
    #[error("a truncated application identifier")]
    Truncated,
    #[error("unknown application identifier ({0})")]
    UnknownIdentifier(String),
    #[error("({0}) is too short")]
    TooShort(String),
    #[error("({0}) is empty")]
    Empty(String),
    #[error("no device identifier (01)")]
    NoDeviceIdentifier,
    #[error("(01){0} is not a valid GTIN-14 (check digit)")]
    CheckDigit(String),
    #[error("date '{0}' is not YYMMDD")]
    Date(String),
}

impl UdiError {
    /// One of each, for tests of the messages that name them.
    pub fn examples() -> Vec<Self> {
        vec![
            Self::UnclosedParenthesis,
            Self::UnexpectedText("x".to_owned()),
            Self::Truncated,
            Self::UnknownIdentifier("99".to_owned()),
            Self::TooShort("01".to_owned()),
            Self::Empty("10".to_owned()),
            Self::NoDeviceIdentifier,
            Self::CheckDigit("08712345674404".to_owned()),
            Self::Date("991340".to_owned()),
        ]
    }
}

pub fn parse(text: &str) -> Result<Udi, UdiError> {
    let text = text.trim();
    let mut fields: Vec<(String, String)> = Vec::new();
    if text.starts_with('(') {
        // Human-readable form: (AI)value(AI)value…
        let mut rest = text;
        while let Some(stripped) = rest.strip_prefix('(') {
            let close = stripped.find(')').ok_or(UdiError::UnclosedParenthesis)?;
            let ai = &stripped[..close];
            let after = &stripped[close + 1..];
            let end = after.find('(').unwrap_or(after.len());
            fields.push((ai.to_owned(), after[..end].to_owned()));
            rest = &after[end..];
        }
        if !rest.is_empty() {
            return Err(UdiError::UnexpectedText(rest.to_owned()));
        }
    } else {
        // Element string: fixed-length AIs run on, variable ones end at GS.
        let mut rest = text.trim_start_matches(GS);
        while !rest.is_empty() {
            let ai = rest.get(..2).ok_or(UdiError::Truncated)?;
            let (_, length) = AIS
                .iter()
                .find(|(known, _)| *known == ai)
                .ok_or_else(|| UdiError::UnknownIdentifier(ai.to_owned()))?;
            let body = &rest[2..];
            let (value, next) = match length {
                Some(n) => (
                    body.get(..*n)
                        .ok_or_else(|| UdiError::TooShort(ai.to_owned()))?,
                    body.get(*n..).unwrap_or(""),
                ),
                None => {
                    let end = body.find(GS).unwrap_or(body.len());
                    (&body[..end], &body[end..])
                }
            };
            fields.push((ai.to_owned(), value.to_owned()));
            rest = next.trim_start_matches(GS);
        }
    }
    let mut udi = Udi::default();
    for (ai, value) in fields {
        if value.is_empty() {
            return Err(UdiError::Empty(ai));
        }
        match ai.as_str() {
            "01" => udi.di = value,
            "11" => udi.manufactured = Some(value),
            "17" => udi.expiry = Some(value),
            "10" => udi.lot = Some(value),
            "21" => udi.serial = Some(value),
            _ => return Err(UdiError::UnknownIdentifier(ai)),
        }
    }
    if udi.di.is_empty() {
        return Err(UdiError::NoDeviceIdentifier);
    }
    if !gtin_check_digit_ok(&udi.di) {
        return Err(UdiError::CheckDigit(udi.di));
    }
    for date in [&udi.expiry, &udi.manufactured].into_iter().flatten() {
        if date.len() != 6 || !date.bytes().all(|b| b.is_ascii_digit()) {
            return Err(UdiError::Date(date.clone()));
        }
    }
    Ok(udi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_parse_to_the_same_parts() {
        let human = parse("(01)08712345678906(17)270101(10)LOT7(21)SN42").expect("human form");
        let raw = parse(
            "010871234567890617270101 10LOT7\u{1d}21SN42"
                .replace(' ', "")
                .as_str(),
        )
        .expect("raw form");
        assert_eq!(human, raw);
        assert_eq!(human.di, "08712345678906");
        assert_eq!(human.expiry.as_deref(), Some("270101"));
        assert_eq!(human.lot.as_deref(), Some("LOT7"));
        assert_eq!(human.serial.as_deref(), Some("SN42"));
    }

    #[test]
    fn bad_udis_say_why() {
        let why = |text: &str| parse(text).expect_err("not a UDI");
        assert_eq!(
            why("(01)08712345678907"),
            UdiError::CheckDigit("08712345678907".to_owned())
        );
        assert_eq!(why("(10)LOT"), UdiError::NoDeviceIdentifier);
        assert_eq!(why("(99)x"), UdiError::UnknownIdentifier("99".to_owned()));
        assert_eq!(
            why("(01)08712345678906(17)2701"),
            UdiError::Date("2701".to_owned())
        );
        assert_eq!(why("(01"), UdiError::UnclosedParenthesis);
        assert_eq!(
            why("(01)08712345678906 x").to_string(),
            "(01)08712345678906 x is not a valid GTIN-14 (check digit)"
        );
        assert_eq!(
            why("0108712345678906\u{1d}9").to_string(),
            "a truncated application identifier"
        );
    }
}
