//! What the directory's answers are made of, rendered once per index
//! version: the search form's choices, and each listed surgeon's table row
//! and JSON. A search then copies these rather than formatting and escaping
//! twenty surgeons and two hundred choices afresh.

use crate::i18n::Tr;
use crate::options::{Options, escape_into};
use kallos_domain::directory::{DirectoryHit, DirectoryIndex, DirectoryResults};
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

/// The fragments of the index of `version`.
pub struct Rendered {
    version: i64,
    day: Option<chrono::NaiveDate>,
    /// The countries listed, by code.
    country_codes: Vec<String>,
    /// The country choices, named in each locale, made the first time a
    /// page in that locale asks.
    countries: Vec<OnceLock<Options>>,
    pub languages: Options,
    /// By position among the listed members, made the first time asked for.
    hits: Vec<OnceLock<HitFragments>>,
}

/// `name` as it is ordered in a list of names: letters with accents beside
/// the letter without (as a French reader looks "États-Unis" up under E),
/// case ignored. Letters of other scripts keep their own order.
fn alphabetical(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                'a'
            }
            'ç' | 'Ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ñ' | 'Ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ý' | 'ÿ' | 'Ý' => 'y',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// One surgeon as the results table's cells (all but the follow-up cell,
/// whose words depend on the visitor's language) and as JSON. The cells
/// are kept in parts around the country's and the procedures' names, which
/// are the visitor's language's.
#[derive(Clone)]
pub struct HitFragments {
    before_country: Box<str>,
    country: Box<str>,
    /// From after the country to the procedures' cell, opened.
    between: Box<str>,
    procedures: Box<[Box<str>]>,
    json: Box<str>,
}

/// A surgeon's cells with the country and procedures named in one language.
pub struct HitCells<'a> {
    fragments: Cow<'a, HitFragments>,
    country: String,
    procedures: String,
}

impl fmt::Display for HitCells<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut named = String::with_capacity(self.country.len() + self.procedures.len());
        escape_into(&mut named, &self.country);
        f.write_str(&self.fragments.before_country)?;
        f.write_str(&named)?;
        f.write_str(&self.fragments.between)?;
        named.clear();
        escape_into(&mut named, &self.procedures);
        f.write_str(&named)?;
        f.write_str("</td>")
    }
}

impl<'a> HitCells<'a> {
    pub fn new(fragments: Cow<'a, HitFragments>, tr: &Tr) -> Self {
        let country = tr.country(&fragments.country);
        let mut procedures = String::with_capacity(32 * fragments.procedures.len());
        for (i, code) in fragments.procedures.iter().enumerate() {
            if i > 0 {
                procedures.push_str(", ");
            }
            procedures.push_str(tr.procedure(code));
        }
        Self {
            fragments,
            country,
            procedures,
        }
    }
}

impl Rendered {
    pub fn new(index: &DirectoryIndex) -> Self {
        Self {
            version: index.version(),
            day: index.day(),
            country_codes: index.countries().into_iter().map(str::to_owned).collect(),
            countries: (0..Tr::LOCALES).map(|_| OnceLock::new()).collect(),
            languages: Options::new(index.languages().into_iter().map(|l| (l, l, Some(l)))),
            hits: (0..index.listed_count()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The country choices named in `tr`'s language, in the order of their
    /// names there.
    pub fn countries(&self, tr: &Tr) -> &Options {
        let make = || {
            let mut named: Vec<(&str, String)> = self
                .country_codes
                .iter()
                .map(|code| (code.as_str(), tr.country(code)))
                .collect();
            named.sort_by_cached_key(|(_, name)| alphabetical(name));
            Options::new(
                named
                    .iter()
                    .map(|(code, name)| (*code, name.as_str(), None)),
            )
        };
        // One slot per locale (`Tr::LOCALES`), so `locale()` is in range.
        let slot = tr.locale().min(self.countries.len().saturating_sub(1));
        self.countries[slot].get_or_init(make)
    }

    pub fn version(&self) -> i64 {
        self.version
    }

    /// The day of the index it was made from.
    pub fn day(&self) -> Option<chrono::NaiveDate> {
        self.day
    }

    /// The fragments of `hit`, listed at `position` in the index.
    pub fn hit(&self, position: u32, hit: &DirectoryHit) -> Cow<'_, HitFragments> {
        match self.hits.get(position as usize) {
            Some(slot) => Cow::Borrowed(slot.get_or_init(|| HitFragments::of(hit))),
            None => Cow::Owned(HitFragments::of(hit)),
        }
    }

    /// `results` as JSON, the same bytes `serde_json` writes for them.
    /// `positions` are the results' among the listed members.
    pub fn results_json(&self, results: &DirectoryResults, positions: &[u32]) -> Vec<u8> {
        let mut json = format!(
            "{{\"total\":{},\"page\":{},\"per_page\":{},\"pages\":{},\"results\":[",
            results.total, results.page, results.per_page, results.pages
        );
        for (i, (hit, &position)) in results.results.iter().zip(positions).enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push_str(&self.hit(position, hit).json);
        }
        json.push_str("]}");
        json.into_bytes()
    }
}

impl HitFragments {
    fn of(hit: &DirectoryHit) -> Self {
        Self {
            before_country: before_country(hit).into_boxed_str(),
            country: hit.country_iso2.clone().into_boxed_str(),
            between: between(hit).into_boxed_str(),
            procedures: hit
                .procedures
                .iter()
                .map(|p| p.clone().into_boxed_str())
                .collect(),
            json: serde_json::to_string(hit)
                .unwrap_or_default()
                .into_boxed_str(),
        }
    }
}

/// A surgeon's cells in the results table up to the country's name: name
/// and link, city.
fn before_country(hit: &DirectoryHit) -> String {
    let mut html = String::with_capacity(256);
    html.push_str("<td><a href=\"/verify/");
    escape_into(&mut html, &hit.public_id);
    html.push_str("\">");
    escape_into(&mut html, &hit.family_name);
    html.push_str(", ");
    escape_into(&mut html, &hit.given_name);
    html.push_str("</a></td><td>");
    escape_into(&mut html, &hit.city);
    html.push_str(", ");
    html
}

/// A surgeon's cells between the country's name and the procedures'
/// names: societies, languages.
fn between(hit: &DirectoryHit) -> String {
    let mut html = String::with_capacity(128);
    html.push_str("</td><td>");
    escape_into(&mut html, &hit.societies.join(", "));
    html.push_str("</td><td>");
    escape_into(&mut html, &hit.languages.join(", "));
    html.push_str("</td><td>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use kallos_domain::directory::{DirectoryQueryInput, DirectoryRecord, VerifiedMembership};
    use kallos_domain::ids::{MemberId, SocietyId};
    use kallos_domain::member::{MembershipStatus, MembershipType};

    fn record(n: i64, family_name: &str) -> DirectoryRecord {
        DirectoryRecord {
            member_id: MemberId(n),
            public_id: format!("{n:032x}"),
            given_name: "Ana \"Nina\"".to_owned(),
            family_name: family_name.to_owned(),
            country_iso2: "BR".to_owned(),
            city: "São Paulo".to_owned(),
            languages: vec!["pt".to_owned(), "en".to_owned()],
            offers_follow_up: n % 2 == 0,
            directory_opt_in: true,
            procedures: vec!["BR-AUG-IMP".to_owned()],
            memberships: vec![VerifiedMembership {
                society_id: SocietyId(1),
                society_acronym: "SBCP".to_owned(),
                society_name: "Sociedade".to_owned(),
                membership_type: MembershipType::Active,
                status: MembershipStatus::Active,
                since: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default(),
                checked_on: None,
                met_until: None,
                checked: Vec::new(),
                not_current_since: None,
            }],
            certifications: vec![],
            facilities: vec![],
        }
    }

    fn index() -> DirectoryIndex {
        let names = ["Souza", "O'Brien <b>", "Lima", "Costa", "Alves"];
        DirectoryIndex::build(
            7,
            (0..names.len())
                .map(|n| record(n as i64 + 1, names[n]))
                .collect(),
        )
    }

    fn search(index: &DirectoryIndex, input: DirectoryQueryInput) -> (DirectoryResults, Vec<u32>) {
        index.search_listed(&input.validate().unwrap_or_default())
    }

    #[test]
    fn results_json_is_what_serde_writes_before_and_after_the_hits_are_kept() {
        let index = index();
        let rendered = Rendered::new(&index);
        let pages = [
            DirectoryQueryInput::default(),
            DirectoryQueryInput {
                per_page: Some("2".to_owned()),
                page: Some("2".to_owned()),
                ..Default::default()
            },
            DirectoryQueryInput {
                name: Some("nobody".to_owned()),
                ..Default::default()
            },
        ];
        for _ in 0..2 {
            for input in &pages {
                let (results, positions) = search(&index, input.clone());
                assert_eq!(
                    String::from_utf8(rendered.results_json(&results, &positions)).unwrap(),
                    serde_json::to_string(&results).unwrap()
                );
            }
        }
    }

    #[test]
    fn cells_are_escaped_and_name_the_country_and_procedures() {
        let index = index();
        let rendered = Rendered::new(&index);
        let (results, positions) = search(&index, DirectoryQueryInput::default());
        let at = results
            .results
            .iter()
            .position(|h| h.family_name.starts_with("O'"))
            .unwrap();
        let i18n = crate::i18n::I18n::load().unwrap();
        let in_language = |tr: &Tr| {
            HitCells::new(rendered.hit(positions[at], &results.results[at]), tr).to_string()
        };
        let cells = in_language(&i18n.english());
        assert!(
            cells.starts_with(&format!(
                "<td><a href=\"/verify/{:032x}\">O&#39;Brien &lt;b&gt;, Ana &quot;Nina&quot;</a></td>",
                2
            )),
            "{cells}"
        );
        assert!(cells.contains("<td>São Paulo, Brazil</td>"));
        assert!(cells.contains("<td>SBCP</td><td>pt, en</td>"));
        assert!(
            cells.contains("<td>Breast augmentation (implants)</td>"),
            "{cells}"
        );
        let french = in_language(&i18n.negotiate(Some("fr"), None));
        assert!(french.contains("<td>São Paulo, Brésil</td>"), "{french}");
        assert!(
            french.ends_with("<td>Augmentation mammaire (implants)</td>"),
            "{french}"
        );
        assert_eq!(
            french
                .replace("Brésil", "Brazil")
                .replace("Augmentation mammaire", "Breast augmentation"),
            cells
        );
    }

    #[test]
    fn country_choices_are_named_and_ordered_in_the_visitors_language() {
        let mut records: Vec<DirectoryRecord> = (1..=4).map(|n| record(n, "Souza")).collect();
        for (record, country) in records.iter_mut().zip(["DE", "US", "BR", "ES"]) {
            record.country_iso2 = country.to_owned();
        }
        let rendered = Rendered::new(&DirectoryIndex::build(1, records));
        let i18n = crate::i18n::I18n::load().unwrap();
        let labels = |tr: &Tr| {
            let html = rendered.countries(tr).with_selected(None).to_string();
            html.split("\">")
                .skip(1)
                .filter_map(|option| option.split('<').next().map(str::to_owned))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            labels(&i18n.english()),
            ["Brazil", "Germany", "Spain", "United States"]
        );
        // "États-Unis" under E, not after Z.
        assert_eq!(
            labels(&i18n.negotiate(Some("fr"), None)),
            ["Allemagne", "Brésil", "Espagne", "États-Unis"]
        );
    }
}
