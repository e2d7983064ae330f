//! The verified public directory and the verification page's data.
//!
//! The store hands over one [`DirectoryRecord`] per member; [`DirectoryIndex`]
//! keeps them in memory, in fair order, with posting lists per criterion, so
//! that a search is a few list intersections and never a table scan.
//!
//! Who is listed: a member who opted in **and** holds at least one membership
//! whose stored status is `active` and whose last daily check found every
//! continuing criterion met through the index's day (`criteria_met_until`:
//! a certification that expired last night delists its holder at midnight,
//! before the next check moves the membership to grace). Everything else
//! (applicant, grace, suspended, lapsed, resigned) is left out, so a status
//! change in the store removes the member from the next index built.
//!
//! Fair ordering: by family name, then given name (both compared without case
//! or accents), then the member's random public id as a stable tie-break.
//! Nothing a member or society does (or pays) moves them up.

use crate::ids::{MemberId, SocietyId};
use crate::member::{FacilitySetting, MembershipStatus, MembershipType};
use crate::posting::{Posting, intersect};
use crate::validation::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// Results per page, in the page and the API's default.
pub const PER_PAGE: usize = 20;
/// The most a client may ask for in one page.
pub const MAX_PER_PAGE: usize = 100;

/// One member as the store reads it for the directory and verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryRecord {
    pub member_id: MemberId,
    pub public_id: String,
    pub given_name: String,
    pub family_name: String,
    pub country_iso2: String,
    pub city: String,
    pub languages: Vec<String>,
    pub offers_follow_up: bool,
    pub directory_opt_in: bool,
    pub procedures: Vec<String>,
    pub memberships: Vec<VerifiedMembership>,
    pub certifications: Vec<VerifiedCertification>,
    pub facilities: Vec<VerifiedFacility>,
}

impl DirectoryRecord {
    /// Listed in the public directory: opted in and active in some society.
    pub fn is_listed(&self) -> bool {
        self.directory_opt_in
            && self
                .memberships
                .iter()
                .any(|m| m.status == MembershipStatus::Active)
    }

    /// Listed on `day`: opted in and holding a membership that is active
    /// and whose criteria were last found met through `day`.
    pub fn is_listed_on(&self, day: NaiveDate) -> bool {
        self.directory_opt_in && self.memberships.iter().any(|m| m.in_good_standing_on(day))
    }
}

impl VerifiedMembership {
    /// Active, and its last check's evidence still holds on `day`.
    pub fn in_good_standing_on(&self, day: NaiveDate) -> bool {
        self.status == MembershipStatus::Active && self.met_until.is_none_or(|until| day <= until)
    }
}

/// One criterion of a membership's last daily check, as the public sees it:
/// which requirement, whether it was met, and until when its evidence holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CheckedCriterion {
    /// The criterion's kind, e.g. `board_certification`, `cme_credits`.
    pub criterion: String,
    pub met: bool,
    pub holds_until: Option<NaiveDate>,
}

impl CheckedCriterion {
    /// The public lines of a stored check: no evidence, no detail.
    pub fn from_evaluation(check: &crate::membership::Evaluation) -> Vec<Self> {
        check
            .lines
            .iter()
            .map(|l| Self {
                criterion: l.criterion.clone(),
                met: l.verdict.is_met(),
                holds_until: l.holds_until,
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, utoipa::ToSchema)]
pub struct VerifiedMembership {
    #[schema(ignore)]
    pub society_id: SocietyId,
    pub society_acronym: String,
    pub society_name: String,
    pub membership_type: MembershipType,
    /// `active`, `grace`, `suspended`, `lapsed`, …; `not_current` when the
    /// membership was active at its last check but the evidence of that
    /// check has run out since (`not_current_since`): never `active` then.
    #[schema(value_type = String)]
    pub status: MembershipStatus,
    pub since: NaiveDate,
    /// When the status was last checked; `None` if not recorded.
    pub checked_on: Option<NaiveDate>,
    /// The last day the last check's evidence keeps every criterion met.
    pub met_until: Option<NaiveDate>,
    /// What the last check looked at, criterion by criterion.
    pub checked: Vec<CheckedCriterion>,
    /// Active when last checked, but the evidence of that check ran out on
    /// this day (the next check will move it to grace): not shown as active.
    pub not_current_since: Option<NaiveDate>,
}

/// A membership as the public reads it: its status is `not_current`, not
/// `active`, once the evidence of its last check has run out.
impl Serialize for VerifiedMembership {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shown<'a> {
            society_acronym: &'a str,
            society_name: &'a str,
            membership_type: MembershipType,
            status: &'a str,
            since: NaiveDate,
            checked_on: Option<NaiveDate>,
            met_until: Option<NaiveDate>,
            checked: &'a [CheckedCriterion],
            #[serde(skip_serializing_if = "Option::is_none")]
            not_current_since: Option<NaiveDate>,
        }
        Shown {
            society_acronym: &self.society_acronym,
            society_name: &self.society_name,
            membership_type: self.membership_type,
            status: if self.not_current_since.is_some() {
                "not_current"
            } else {
                self.status.as_str()
            },
            since: self.since,
            checked_on: self.checked_on,
            met_until: self.met_until,
            checked: &self.checked,
            not_current_since: self.not_current_since,
        }
        .serialize(serializer)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct VerifiedCertification {
    pub board: String,
    /// The certificate number with all but its last three characters hidden.
    pub number_masked: String,
    pub issued_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    pub checked_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct VerifiedFacility {
    pub name: String,
    pub city: String,
    pub country_iso2: String,
    pub setting: FacilitySetting,
    pub accreditation_body: String,
    pub accredited_until: NaiveDate,
    pub checked_on: Option<NaiveDate>,
}

/// Hides all but the last three characters of a certificate or licence number:
/// enough for someone holding the number to compare, not enough to copy it.
pub fn mask_number(number: &str) -> String {
    let chars: Vec<char> = number.trim().chars().collect();
    let shown = if chars.len() > 4 { 3 } else { 0 };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i + shown >= chars.len() || *c == '-' || *c == ' ' {
                *c
            } else {
                '•'
            }
        })
        .collect()
}

/// Lower case without the accents of Latin letters, for matching and ordering.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'ď' | 'đ' => 'd',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'ğ' => 'g',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
            'ł' => 'l',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ř' => 'r',
            'ś' | 'š' | 'ş' | 'ș' => 's',
            'ť' | 'ţ' | 'ț' => 't',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            other => other,
        };
        out.push(plain);
    }
    out
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
}

/// A search as a visitor or client sends it: text, not yet checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct DirectoryQueryInput {
    /// Words of the surgeon's name; each must start a word of the name.
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2 country code, e.g. `BR`.
    pub country: Option<String>,
    /// City, without regard to case or accents.
    pub city: Option<String>,
    /// A procedure code of the taxonomy, e.g. `BR-AUG-IMP`.
    pub procedure: Option<String>,
    /// ISO 639-1 language code, e.g. `pt`.
    pub language: Option<String>,
    /// Only surgeons who offer follow-up care to patients treated abroad
    /// (`true`, `on` or `1`).
    pub follow_up: Option<String>,
    /// Page number, from 1.
    pub page: Option<String>,
    /// Results per page, 1 to 100 (default 20).
    pub per_page: Option<String>,
}

/// A checked search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryQuery {
    pub name_words: Vec<String>,
    pub country: Option<String>,
    pub city: Option<String>,
    pub procedure: Option<String>,
    pub language: Option<String>,
    pub follow_up: bool,
    pub page: usize,
    pub per_page: usize,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl DirectoryQueryInput {
    /// Checks every field; the errors name the fields as sent.
    pub fn validate(&self) -> Result<DirectoryQuery, ValidationErrors> {
        let mut errors = Vec::new();
        let name_words: Vec<String> = given(&self.name)
            .map(|n| words(n).collect())
            .unwrap_or_default();
        if given(&self.name).is_some_and(|n| n.chars().count() > 100) {
            errors.push(FieldError::new("name", "must be at most 100 characters"));
        }
        let country = given(&self.country).map(str::to_ascii_uppercase);
        if let Some(c) = &country
            && !crate::country::is_known(c)
        {
            errors.push(FieldError::new(
                "country",
                "must be an ISO 3166-1 alpha-2 country code, such as BR",
            ));
        }
        let city = given(&self.city).map(fold);
        if city.as_ref().is_some_and(|c| c.chars().count() > 100) {
            errors.push(FieldError::new("city", "must be at most 100 characters"));
        }
        let procedure = given(&self.procedure).map(str::to_ascii_uppercase);
        if let Some(p) = &procedure
            && crate::registry::codes::procedure_index(p).is_none()
        {
            errors.push(FieldError::with_code(
                "procedure",
                "choice",
                format!("'{p}' is not a procedure code of the taxonomy, such as BR-AUG-IMP"),
            ));
        }
        let language = given(&self.language).map(str::to_ascii_lowercase);
        if let Some(l) = &language
            && !crate::member::is_language_code(l)
        {
            errors.push(FieldError::new(
                "language",
                format!("'{l}' is not an ISO 639-1 language code (such as en, fr, ar)"),
            ));
        }
        let follow_up = match given(&self.follow_up) {
            None | Some("false" | "off" | "0") => false,
            Some("true" | "on" | "1") => true,
            Some(_) => {
                errors.push(FieldError::with_code(
                    "follow_up",
                    "type",
                    "must be true or false",
                ));
                false
            }
        };
        let page = match given(&self.page).map(str::parse::<usize>) {
            None => 1,
            Some(Ok(p)) if p >= 1 => p,
            Some(_) => {
                errors.push(FieldError::with_code(
                    "page",
                    "type",
                    "must be a whole number from 1",
                ));
                1
            }
        };
        let per_page = match given(&self.per_page).map(str::parse::<usize>) {
            None => PER_PAGE,
            Some(Ok(p)) if (1..=MAX_PER_PAGE).contains(&p) => p,
            Some(_) => {
                errors.push(FieldError::with_code(
                    "per_page",
                    "type",
                    "must be a whole number from 1 to 100",
                ));
                PER_PAGE
            }
        };
        if errors.is_empty() {
            Ok(DirectoryQuery {
                name_words,
                country,
                city,
                procedure,
                language,
                follow_up,
                page,
                per_page,
            })
        } else {
            Err(ValidationErrors(errors))
        }
    }
}

/// One listed surgeon, as the directory shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DirectoryHit {
    /// The id of the member's public verification page (`/verify/{public_id}`).
    pub public_id: String,
    pub given_name: String,
    pub family_name: String,
    pub country_iso2: String,
    pub city: String,
    pub languages: Vec<String>,
    pub offers_follow_up: bool,
    pub procedures: Vec<String>,
    /// Acronyms of the societies in which the membership is active.
    pub societies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DirectoryResults {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub pages: usize,
    /// Shared with the index: a page of results copies no member's details.
    #[schema(value_type = Vec<DirectoryHit>)]
    pub results: Vec<Arc<DirectoryHit>>,
}

/// The public verification record of one member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Verification {
    pub public_id: String,
    pub given_name: String,
    pub family_name: String,
    pub country_iso2: String,
    pub city: String,
    /// Listed in the public directory right now.
    pub listed: bool,
    /// The day the listing was decided for.
    pub checked_on: Option<NaiveDate>,
    pub memberships: Vec<VerifiedMembership>,
    pub certifications: Vec<VerifiedCertification>,
    pub facilities: Vec<VerifiedFacility>,
}

/// Every member in memory, the listed ones in fair order with posting lists.
#[derive(Debug, Default)]
pub struct DirectoryIndex {
    version: i64,
    /// The day listing was decided for (`None`: by status alone).
    day: Option<NaiveDate>,
    records: Vec<DirectoryRecord>,
    by_public_id: HashMap<String, u32>,
    /// Record positions of listed members, in fair order.
    listed: Vec<u32>,
    /// What the directory shows of each listed member, by position in `listed`.
    hits: Vec<Arc<DirectoryHit>>,
    // Posting lists hold positions in `listed`, ascending.
    by_country: HashMap<String, Posting>,
    by_city: HashMap<String, Posting>,
    by_procedure: HashMap<String, Posting>,
    by_language: HashMap<String, Posting>,
    follow_up: Posting,
    /// Folded name words and who has them, sorted by word: a prefix is a range.
    name_words: Vec<(String, Posting)>,
}

impl DirectoryIndex {
    /// Builds the index of `records`, read at directory version `version`,
    /// listing by stored status alone.
    pub fn build(version: i64, records: Vec<DirectoryRecord>) -> Self {
        Self::build_for(version, None, records)
    }

    /// Builds the index of `records` for `day`: a member is listed only if
    /// their criteria were last found met through that day.
    pub fn build_on(version: i64, day: NaiveDate, records: Vec<DirectoryRecord>) -> Self {
        Self::build_for(version, Some(day), records)
    }

    fn build_for(version: i64, day: Option<NaiveDate>, records: Vec<DirectoryRecord>) -> Self {
        let listed_on = |r: &DirectoryRecord| match day {
            Some(day) => r.is_listed_on(day),
            None => r.is_listed(),
        };
        let mut listed: Vec<u32> = (0..records.len() as u32)
            .filter(|&i| listed_on(&records[i as usize]))
            .collect();
        let keys: Vec<(String, String)> = records
            .iter()
            .map(|r| (fold(&r.family_name), fold(&r.given_name)))
            .collect();
        listed.sort_by(|&a, &b| {
            let (ra, rb) = (&records[a as usize], &records[b as usize]);
            keys[a as usize]
                .cmp(&keys[b as usize])
                .then_with(|| ra.public_id.cmp(&rb.public_id))
        });
        let mut index = Self {
            version,
            day,
            by_public_id: records
                .iter()
                .enumerate()
                .map(|(i, r)| (r.public_id.clone(), i as u32))
                .collect(),
            ..Self::default()
        };
        let mut name_words: HashMap<String, Posting> = HashMap::new();
        for (position, &record) in listed.iter().enumerate() {
            let position = position as u32;
            let r = &records[record as usize];
            index
                .by_country
                .entry(r.country_iso2.clone())
                .or_default()
                .push(position);
            index
                .by_city
                .entry(fold(&r.city))
                .or_default()
                .push(position);
            for p in &r.procedures {
                index
                    .by_procedure
                    .entry(p.clone())
                    .or_default()
                    .push(position);
            }
            for l in &r.languages {
                index
                    .by_language
                    .entry(l.clone())
                    .or_default()
                    .push(position);
            }
            if r.offers_follow_up {
                index.follow_up.push(position);
            }
            let mut seen: Vec<String> = words(&r.given_name).chain(words(&r.family_name)).collect();
            seen.sort_unstable();
            seen.dedup();
            for word in seen {
                name_words.entry(word).or_default().push(position);
            }
        }
        index.name_words = name_words.into_iter().collect();
        index.name_words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let size = listed.len();
        for posting in index
            .by_country
            .values_mut()
            .chain(index.by_city.values_mut())
            .chain(index.by_procedure.values_mut())
            .chain(index.by_language.values_mut())
            .chain([&mut index.follow_up])
            .chain(index.name_words.iter_mut().map(|(_, posting)| posting))
        {
            posting.seal(size);
        }
        index.hits = listed
            .iter()
            .map(|&r| Arc::new(hit(&records[r as usize])))
            .collect();
        index.listed = listed;
        index.records = records;
        index
    }

    /// The directory version the records were read at.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The day the index lists members for, if built for one.
    pub fn day(&self) -> Option<NaiveDate> {
        self.day
    }

    pub fn listed_count(&self) -> usize {
        self.listed.len()
    }

    pub fn member_count(&self) -> usize {
        self.records.len()
    }

    /// Countries with at least one listed member, sorted by code.
    pub fn countries(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.by_country.keys().map(String::as_str).collect();
        codes.sort_unstable();
        codes
    }

    /// Languages of the listed members, sorted by code.
    pub fn languages(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.by_language.keys().map(String::as_str).collect();
        codes.sort_unstable();
        codes
    }

    /// Who has a name word starting with `prefix`: one word's list as it
    /// is, several words' lists merged.
    fn name_prefix(&self, prefix: &str) -> Cow<'_, Posting> {
        let start = self
            .name_words
            .partition_point(|(w, _)| w.as_str() < prefix);
        let words = self.name_words[start..]
            .iter()
            .take_while(|(w, _)| w.starts_with(prefix))
            .map(|(_, posting)| posting);
        let mut lists: Vec<&Posting> = words.collect();
        if lists.len() == 1 {
            return Cow::Borrowed(lists.swap_remove(0));
        }
        let mut positions: Vec<u32> = lists.iter().flat_map(|l| l.positions()).copied().collect();
        positions.sort_unstable();
        positions.dedup();
        let mut merged = Posting::from_sorted(positions);
        merged.seal(self.listed.len());
        Cow::Owned(merged)
    }

    /// The page of listed members that match, in fair order.
    pub fn search(&self, query: &DirectoryQuery) -> DirectoryResults {
        self.search_listed(query).0
    }

    /// [`search`](Self::search), with each result's position among the
    /// listed members (below [`listed_count`](Self::listed_count)), for
    /// callers that keep something per listed member.
    pub fn search_listed(&self, query: &DirectoryQuery) -> (DirectoryResults, Vec<u32>) {
        let empty = Posting::default();
        let names: Vec<Cow<'_, Posting>> = query
            .name_words
            .iter()
            .map(|w| self.name_prefix(w))
            .collect();
        let mut lists: Vec<&Posting> = Vec::new();
        lists.extend(posting(&self.by_country, &query.country, &empty));
        lists.extend(posting(&self.by_city, &query.city, &empty));
        lists.extend(posting(&self.by_procedure, &query.procedure, &empty));
        lists.extend(posting(&self.by_language, &query.language, &empty));
        if query.follow_up {
            lists.push(&self.follow_up);
        }
        lists.extend(names.iter().map(AsRef::as_ref));
        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        let skip = query.page.saturating_sub(1).saturating_mul(per_page);
        let (total, positions): (usize, Vec<u32>) = if lists.is_empty() {
            let total = self.listed.len();
            let end = skip.saturating_add(per_page).min(total);
            (total, (skip.min(total) as u32..end as u32).collect())
        } else {
            intersect(&mut lists, skip, per_page)
        };
        let results = positions
            .iter()
            .filter_map(|&p| self.hits.get(p as usize).cloned())
            .collect();
        let results = DirectoryResults {
            total,
            page: query.page.max(1),
            per_page,
            pages: total.div_ceil(per_page).max(1),
            results,
        };
        (results, positions)
    }

    /// The verification record behind a public id (any member, listed or not).
    pub fn verification(&self, public_id: &str) -> Option<Verification> {
        let r = &self.records[*self.by_public_id.get(public_id)? as usize];
        Some(Verification {
            public_id: r.public_id.clone(),
            given_name: r.given_name.clone(),
            family_name: r.family_name.clone(),
            country_iso2: r.country_iso2.clone(),
            city: r.city.clone(),
            listed: match self.day {
                Some(day) => r.is_listed_on(day),
                None => r.is_listed(),
            },
            checked_on: self.day,
            memberships: r
                .memberships
                .iter()
                .map(|m| {
                    let mut m = m.clone();
                    // An active membership whose evidence ran out since its
                    // last check is not shown as active.
                    if let Some(day) = self.day
                        && m.status == MembershipStatus::Active
                        && !m.in_good_standing_on(day)
                    {
                        m.not_current_since = m.met_until.and_then(|u| u.succ_opt());
                    }
                    m
                })
                .collect(),
            certifications: r.certifications.clone(),
            facilities: r.facilities.clone(),
        })
    }
}

/// The posting list of `key`, if a key is asked for (empty if none has it).
fn posting<'a>(
    map: &'a HashMap<String, Posting>,
    key: &Option<String>,
    empty: &'a Posting,
) -> Option<&'a Posting> {
    key.as_ref().map(|k| map.get(k).unwrap_or(empty))
}

/// Deterministic "procedures offered" for synthetic members (demo and load
/// tests): two to five codes of the taxonomy, chosen from the member's number.
pub fn synthetic_procedures(member: i64, seed: u64) -> Vec<String> {
    let codes = crate::registry::codes::procedures();
    let mut state = (member as u64) ^ seed.rotate_left(17) ^ 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        // SplitMix64.
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let count = 2 + (next() % 4) as usize;
    let mut chosen: Vec<String> = Vec::with_capacity(count);
    while chosen.len() < count.min(codes.len()) {
        let code = codes[(next() % codes.len() as u64) as usize].code;
        if !chosen.iter().any(|c| c == code) {
            chosen.push(code.to_owned());
        }
    }
    chosen.sort();
    chosen
}

fn hit(r: &DirectoryRecord) -> DirectoryHit {
    DirectoryHit {
        public_id: r.public_id.clone(),
        given_name: r.given_name.clone(),
        family_name: r.family_name.clone(),
        country_iso2: r.country_iso2.clone(),
        city: r.city.clone(),
        languages: r.languages.clone(),
        offers_follow_up: r.offers_follow_up,
        procedures: r.procedures.clone(),
        societies: r
            .memberships
            .iter()
            .filter(|m| m.status == MembershipStatus::Active)
            .map(|m| m.society_acronym.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(n: i64, given: &str, family: &str, status: MembershipStatus) -> DirectoryRecord {
        DirectoryRecord {
            member_id: MemberId(n),
            public_id: format!("{n:032x}"),
            given_name: given.to_owned(),
            family_name: family.to_owned(),
            country_iso2: if n % 2 == 0 { "BR" } else { "FR" }.to_owned(),
            city: if n % 2 == 0 { "São Paulo" } else { "Paris" }.to_owned(),
            languages: vec!["en".to_owned()],
            offers_follow_up: n % 3 == 0,
            directory_opt_in: true,
            procedures: vec!["BR-AUG-IMP".to_owned()],
            memberships: vec![VerifiedMembership {
                society_id: SocietyId(1),
                society_acronym: "SBCP".to_owned(),
                society_name: "Sociedade".to_owned(),
                membership_type: MembershipType::Active,
                status,
                since: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default(),
                checked_on: None,
                met_until: None,
                checked: Vec::new(),
                not_current_since: None,
            }],
            certifications: vec![],
            facilities: vec![],
        }
    }

    fn query(input: DirectoryQueryInput) -> DirectoryQuery {
        input.validate().unwrap_or_default()
    }

    #[test]
    fn only_active_opted_in_members_are_listed_in_fair_order() {
        let mut hidden = record(7, "Hidden", "Aaron", MembershipStatus::Active);
        hidden.directory_opt_in = false;
        let index = DirectoryIndex::build(
            1,
            vec![
                record(1, "Zoé", "Élie", MembershipStatus::Active),
                record(2, "Ana", "souza", MembershipStatus::Active),
                record(3, "Bea", "Abreu", MembershipStatus::Lapsed),
                record(4, "Carl", "Eli", MembershipStatus::Suspended),
                record(5, "Ana", "Souza", MembershipStatus::Active),
                hidden,
            ],
        );
        let all = index.search(&query(DirectoryQueryInput::default()));
        let names: Vec<_> = all
            .results
            .iter()
            .map(|h| format!("{} {}", h.given_name, h.family_name))
            .collect();
        assert_eq!(names, ["Zoé Élie", "Ana souza", "Ana Souza"]);
        assert_eq!(all.total, 3);
        assert!(
            index
                .verification(&format!("{:032x}", 3))
                .is_some_and(|v| !v.listed)
        );
    }

    #[test]
    fn criteria_intersect_and_pages_count() {
        let records = (1..=50)
            .map(|n| record(n, "Ana", &format!("Name{n:02}"), MembershipStatus::Active))
            .collect();
        let index = DirectoryIndex::build(1, records);
        let br = index.search(&query(DirectoryQueryInput {
            country: Some("br".into()),
            follow_up: Some("on".into()),
            per_page: Some("4".into()),
            page: Some("2".into()),
            ..Default::default()
        }));
        // Even numbers that are multiples of 3: 6, 12, …, 48.
        assert_eq!(br.total, 8);
        assert_eq!(br.pages, 2);
        let families: Vec<_> = br.results.iter().map(|h| h.family_name.as_str()).collect();
        assert_eq!(families, ["Name30", "Name36", "Name42", "Name48"]);
        let city = index.search(&query(DirectoryQueryInput {
            city: Some("sao paulo".into()),
            name: Some("name1".into()),
            ..Default::default()
        }));
        assert_eq!(city.total, 5, "Name10, 12, 14, 16, 18");
        // One word's list as it is, several words' merged, two words intersected.
        for (name, total) in [
            ("name07", 1),
            ("ANA", 50),
            ("ana name2", 10),
            ("an nam", 50),
        ] {
            let found = index.search(&query(DirectoryQueryInput {
                name: Some(name.into()),
                ..Default::default()
            }));
            assert_eq!(found.total, total, "{name}");
        }
        let none = index.search(&query(DirectoryQueryInput {
            procedure: Some("FH-RHINO".into()),
            ..Default::default()
        }));
        assert_eq!((none.total, none.pages), (0, 1));
    }

    #[test]
    fn bad_criteria_are_named() {
        let errors = DirectoryQueryInput {
            country: Some("XX".into()),
            procedure: Some("NOPE".into()),
            language: Some("english".into()),
            follow_up: Some("maybe".into()),
            page: Some("0".into()),
            ..Default::default()
        }
        .validate()
        .err()
        .map(|e| e.0)
        .unwrap_or_default();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["country", "procedure", "language", "follow_up", "page"]
        );
    }

    #[test]
    fn numbers_are_masked_but_comparable() {
        assert_eq!(mask_number("BR-004512"), "••-•••512");
        assert_eq!(mask_number("1234"), "••••");
        assert_eq!(fold("  Élodie Øster-Straße "), "elodie oster-strasse");
    }
}
