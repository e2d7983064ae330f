//! The alliance (the global body) and its member societies: the tenants of Kallos.

use crate::ids::SocietyId;
use serde::{Deserialize, Serialize};

/// The global body every national society belongs to.
pub const ALLIANCE_ACRONYM: &str = "ISAPS";
pub const ALLIANCE_NAME: &str =
    "International Society of Aesthetic Plastic Surgery (Global Alliance)";

const ALLIANCE_SOCIETIES_CSV: &str = include_str!("../data/alliance_societies.csv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SocietyKind {
    /// The global alliance itself.
    Alliance,
    /// A national (or regional) society that endorses the alliance framework.
    National,
}

impl SocietyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Alliance => "alliance",
            Self::National => "national",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "alliance" => Some(Self::Alliance),
            "national" => Some(Self::National),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Society {
    #[schema(value_type = i64)]
    pub id: SocietyId,
    /// Unique short name, e.g. `SBCP`.
    pub acronym: String,
    /// The acronym made safe for a URL path segment; unique.
    pub slug: String,
    pub name: String,
    /// ISO 3166-1 alpha-2; absent for regional societies such as AASMA.
    pub country_iso2: Option<String>,
    pub kind: SocietyKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSociety {
    pub acronym: String,
    pub name: String,
    pub country_iso2: Option<String>,
    pub kind: SocietyKind,
}

/// The alliance followed by its national societies, as listed in the framework.
pub fn alliance_seed() -> Vec<NewSociety> {
    let mut societies = vec![NewSociety {
        acronym: ALLIANCE_ACRONYM.to_owned(),
        name: ALLIANCE_NAME.to_owned(),
        country_iso2: None,
        kind: SocietyKind::Alliance,
    }];
    let mut reader = csv::Reader::from_reader(ALLIANCE_SOCIETIES_CSV.as_bytes());
    for record in reader.records().flatten() {
        let country = record.get(2).unwrap_or("").trim();
        societies.push(NewSociety {
            acronym: record.get(0).unwrap_or("").to_owned(),
            name: record.get(1).unwrap_or("").to_owned(),
            country_iso2: (!country.is_empty()).then(|| country.to_owned()),
            kind: SocietyKind::National,
        });
    }
    societies
}

/// An acronym as it appears in a URL path segment (`UKAAPS/CAPSCO` → `UKAAPS-CAPSCO`).
pub fn url_slug(acronym: &str) -> String {
    acronym.replace('/', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_has_the_alliance_and_49_societies() {
        let seed = alliance_seed();
        assert_eq!(seed.len(), 50);
        assert_eq!(seed[0].kind, SocietyKind::Alliance);
        let national = &seed[1..];
        assert!(national.iter().all(|s| s.kind == SocietyKind::National));
        let aasma = national.iter().find(|s| s.acronym == "AASMA");
        assert_eq!(aasma.and_then(|s| s.country_iso2.clone()), None);
        let mut acronyms: Vec<_> = seed.iter().map(|s| s.acronym.as_str()).collect();
        acronyms.sort_unstable();
        acronyms.dedup();
        assert_eq!(acronyms.len(), 50, "acronyms are unique");
        for s in national.iter().filter_map(|s| s.country_iso2.as_deref()) {
            assert!(crate::country::is_known(s), "{s} is an ISO code");
        }
    }

    #[test]
    fn slugs_are_path_safe() {
        assert_eq!(url_slug("UKAAPS/CAPSCO"), "UKAAPS-CAPSCO");
        assert_eq!(url_slug("SBCP"), "SBCP");
    }
}
