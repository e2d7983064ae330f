//! ISO 3166-1 alpha-2 country codes and their English short names.

use std::collections::BTreeMap;
use std::sync::OnceLock;

const COUNTRIES_CSV: &str = include_str!("../data/countries.csv");

fn table() -> &'static BTreeMap<&'static str, &'static str> {
    static TABLE: OnceLock<BTreeMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        COUNTRIES_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let (code, name) = line.split_once(',')?;
                Some((code, name.trim_matches('"')))
            })
            .collect()
    })
}

/// The English short name of a country, if the code is a known ISO 3166-1 alpha-2 code.
pub fn name(iso2: &str) -> Option<&'static str> {
    table().get(iso2).copied()
}

/// Every known code with its English short name, in code order.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    table().iter().map(|(code, name)| (*code, *name))
}

pub fn is_known(iso2: &str) -> bool {
    table().contains_key(iso2)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_codes() {
        assert_eq!(super::name("BR"), Some("Brazil"));
        assert!(super::is_known("TW"));
        assert!(!super::is_known("XX"));
        assert!(!super::is_known("br"));
    }
}
