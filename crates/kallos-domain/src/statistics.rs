//! What statistics are about: the periods a society approves before its data
//! is published, and the disclosure rules that keep small counts out of
//! public tables. The maths of the report lives in `kallos-statistics`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A year, or a quarter of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    pub year: i32,
    /// 1 to 4; `None` for the whole year.
    pub quarter: Option<u8>,
}

impl Period {
    pub fn year(year: i32) -> Self {
        Self {
            year,
            quarter: None,
        }
    }

    pub fn quarter(year: i32, quarter: u8) -> Self {
        Self {
            year,
            quarter: Some(quarter),
        }
    }

    /// Reads `2025` or `2025-Q2` (also `2025Q2`, `2025-q2`).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (year, quarter) = match text.to_ascii_uppercase().split_once('Q') {
            Some((y, q)) => (
                y.trim_end_matches('-').trim().to_owned(),
                Some(
                    q.trim()
                        .parse::<u8>()
                        .ok()
                        .filter(|q| (1..=4).contains(q))?,
                ),
            ),
            None => (text.to_owned(), None),
        };
        let year: i32 = year.parse().ok().filter(|y| (1900..=2999).contains(y))?;
        Some(Self { year, quarter })
    }

    /// The quarter (1–4) of a month (1–12).
    pub fn quarter_of_month(month: u32) -> u8 {
        u8::try_from((month.clamp(1, 12) - 1) / 3 + 1).unwrap_or(1)
    }

    pub fn contains_month(&self, year: i32, month: u32) -> bool {
        self.year == year
            && self
                .quarter
                .is_none_or(|q| q == Self::quarter_of_month(month))
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.contains_month(date.year(), date.month())
    }

    /// The stored quarter: 0 for the whole year.
    pub fn quarter_number(&self) -> i64 {
        i64::from(self.quarter.unwrap_or(0))
    }

    pub fn from_stored(year: i64, quarter: i64) -> Self {
        Self {
            year: i32::try_from(year).unwrap_or(0),
            quarter: u8::try_from(quarter).ok().filter(|q| (1..=4).contains(q)),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.quarter {
            Some(q) => write!(f, "{}-Q{q}", self.year),
            None => write!(f, "{}", self.year),
        }
    }
}

/// The refusal a change to a case in an approved period gets.
pub fn locked_reason(period: Period) -> String {
    format!("period {period} is approved; withdraw the approval first")
}

/// How small counts are kept out of public tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureMode {
    /// Counts below the threshold are suppressed (with complementary cells).
    Threshold,
    /// OpenSAFELY-style: counts of 7 or less are redacted, the others
    /// rounded to the nearest 5 (with complementary cells).
    RedactRound,
}

impl DisclosureMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Threshold => "threshold",
            Self::RedactRound => "redact_round",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "threshold" => Some(Self::Threshold),
            "redact_round" => Some(Self::RedactRound),
            _ => None,
        }
    }
}

/// The disclosure rule of a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    /// Counts below this are suppressed (`Threshold` mode).
    pub threshold: i64,
    pub mode: DisclosureMode,
}

impl Default for Disclosure {
    fn default() -> Self {
        Self {
            threshold: 11,
            mode: DisclosureMode::Threshold,
        }
    }
}

/// Where a disclosure rule applies: everywhere, one society's tables or one
/// country's tables.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum DisclosureScope {
    Default,
    Society(String),
    Country(String),
}

impl DisclosureScope {
    /// `default`, `society:SBCP`, `country:BR`.
    pub fn key(&self) -> String {
        match self {
            Self::Default => "default".to_owned(),
            Self::Society(s) => format!("society:{s}"),
            Self::Country(c) => format!("country:{c}"),
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        match key.split_once(':') {
            None if key == "default" => Some(Self::Default),
            Some(("society", s)) if !s.is_empty() => Some(Self::Society(s.to_owned())),
            Some(("country", c)) if c.len() == 2 => Some(Self::Country(c.to_ascii_uppercase())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_print_and_contain() {
        assert_eq!(Period::parse("2025"), Some(Period::year(2025)));
        assert_eq!(Period::parse("2025-Q2"), Some(Period::quarter(2025, 2)));
        assert_eq!(Period::parse("2025q4"), Some(Period::quarter(2025, 4)));
        assert_eq!(Period::parse("2025-Q5"), None);
        assert_eq!(Period::parse("twenty"), None);
        assert_eq!(Period::quarter(2025, 2).to_string(), "2025-Q2");
        let may = NaiveDate::from_ymd_opt(2025, 5, 31).unwrap_or_default();
        assert!(Period::year(2025).contains(may));
        assert!(Period::quarter(2025, 2).contains(may));
        assert!(!Period::quarter(2025, 3).contains(may));
        assert!(!Period::year(2024).contains(may));
        assert_eq!(
            locked_reason(Period::year(2025)),
            "period 2025 is approved; withdraw the approval first"
        );
    }

    #[test]
    fn disclosure_scopes_round_trip() {
        for scope in [
            DisclosureScope::Default,
            DisclosureScope::Society("SBCP".into()),
            DisclosureScope::Country("BR".into()),
        ] {
            assert_eq!(DisclosureScope::parse(&scope.key()), Some(scope));
        }
        assert_eq!(DisclosureScope::parse("planet:earth"), None);
    }
}
