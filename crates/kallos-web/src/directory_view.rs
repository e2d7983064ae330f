//! What the directory's answers are made of, rendered once per index
//! version: the search form's choices, and each listed surgeon's table row
//! and JSON. A search then copies these rather than formatting and escaping
//! twenty surgeons and two hundred choices afresh.

use crate::options::{Options, escape_into};
use kallos_domain::directory::{DirectoryHit, DirectoryIndex, DirectoryResults};
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

/// The fragments of the index of `version`.
pub struct Rendered {
    version: i64,
    pub countries: Options,
    pub languages: Options,
    /// By position among the listed members, made the first time asked for.
    hits: Vec<OnceLock<HitFragments>>,
}

/// One surgeon as the results table's cells (all but the follow-up cell,
/// whose words depend on the visitor's language) and as JSON.
#[derive(Clone)]
pub struct HitFragments {
    cells: Box<str>,
    json: Box<str>,
}

impl fmt::Display for HitFragments {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.cells)
    }
}

impl Rendered {
    pub fn new(index: &DirectoryIndex) -> Self {
        Self {
            version: index.version(),
            countries: Options::new(index.countries().into_iter().map(|code| {
                (
                    code,
                    kallos_domain::country::name(code).unwrap_or(code),
                    None,
                )
            })),
            languages: Options::new(index.languages().into_iter().map(|l| (l, l, Some(l)))),
            hits: (0..index.listed_count()).map(|_| OnceLock::new()).collect(),
        }
    }

    pub fn version(&self) -> i64 {
        self.version
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
            cells: cells(hit).into_boxed_str(),
            json: serde_json::to_string(hit)
                .unwrap_or_default()
                .into_boxed_str(),
        }
    }
}

/// A surgeon's cells in the results table: name and link, place, societies,
/// languages, procedures.
fn cells(hit: &DirectoryHit) -> String {
    let mut html = String::with_capacity(512);
    html.push_str("<td><a href=\"/verify/");
    escape_into(&mut html, &hit.public_id);
    html.push_str("\">");
    escape_into(&mut html, &hit.family_name);
    html.push_str(", ");
    escape_into(&mut html, &hit.given_name);
    html.push_str("</a></td><td>");
    escape_into(&mut html, &hit.city);
    html.push_str(", ");
    escape_into(
        &mut html,
        kallos_domain::country::name(&hit.country_iso2).unwrap_or(&hit.country_iso2),
    );
    html.push_str("</td><td>");
    escape_into(&mut html, &hit.societies.join(", "));
    html.push_str("</td><td>");
    escape_into(&mut html, &hit.languages.join(", "));
    html.push_str("</td><td>");
    let procedures: Vec<String> = hit
        .procedures
        .iter()
        .map(|p| crate::directory::procedure_name(p))
        .collect();
    escape_into(&mut html, &procedures.join(", "));
    html.push_str("</td>");
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
    fn cells_are_escaped_and_name_the_procedures() {
        let index = index();
        let rendered = Rendered::new(&index);
        let (results, positions) = search(&index, DirectoryQueryInput::default());
        let at = results
            .results
            .iter()
            .position(|h| h.family_name.starts_with("O'"))
            .unwrap();
        let cells = rendered
            .hit(positions[at], &results.results[at])
            .to_string();
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
    }
}
