//! Deterministic, plausible and clearly fictitious data for demos, tests and
//! load tests. The same seed always gives the same data.
//!
//! Every generated email is under `example.org` (reserved for examples,
//! RFC 2606) and every facility name ends in "(demo)".

use crate::member::{
    Certification, FacilitySetting, MemberProfile, MembershipStatus, MembershipType, NewFacility,
};
use crate::membership::CmeCredit;
use crate::society::NewSociety;
use chrono::{Days, NaiveDate};

/// SplitMix64: tiny, fast, and stable across versions, unlike library RNGs
/// whose streams may change; the demo data must never drift.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n.max(1))) >> 64) as u64
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

const GIVEN_NAMES: &[&str] = &[
    "Ana",
    "Bruno",
    "Camila",
    "Daniel",
    "Elena",
    "Farid",
    "Giulia",
    "Hana",
    "Ivan",
    "Julia",
    "Karim",
    "Laura",
    "Mateo",
    "Nadia",
    "Omar",
    "Paula",
    "Rafael",
    "Sara",
    "Tomas",
    "Valentina",
    "Wei",
    "Yasmin",
    "Zeynep",
    "Amir",
    "Beatriz",
    "Chen",
    "Diego",
    "Emma",
    "Fatima",
    "Gabriel",
    "Hiroshi",
    "Ines",
    "Jonas",
    "Katarina",
    "Lucas",
    "Maria",
    "Nikolai",
    "Olivia",
    "Pedro",
    "Rania",
    "Sofia",
    "Tariq",
    "Ursula",
    "Victor",
    "Xin",
    "Youssef",
    "Zara",
    "Aditi",
    "Marek",
    "Leila",
];

const FAMILY_NAMES: &[&str] = &[
    "Almeida",
    "Bergstrom",
    "Castillo",
    "Dimitrov",
    "Eriksen",
    "Fontaine",
    "Garcia",
    "Haddad",
    "Ibrahim",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quintero",
    "Rossi",
    "Santos",
    "Tanaka",
    "Urbano",
    "Varga",
    "Weber",
    "Yilmaz",
    "Zhang",
    "Andersen",
    "Barros",
    "Costa",
    "Demir",
    "Esposito",
    "Ferreira",
    "Gonzalez",
    "Horvat",
    "Iqbal",
    "Jovanovic",
    "Kaya",
    "Lopez",
    "Mendes",
    "Novak",
    "Ortiz",
    "Pereira",
    "Rahman",
    "Silva",
    "Torres",
    "Ueda",
    "Vasquez",
    "Wojcik",
    "Xavier",
    "Yamada",
    "Zapata",
];

/// (country, cities, main languages) for the countries of the alliance.
const COUNTRY_PROFILES: &[(&str, &[&str], &[&str])] = &[
    ("AL", &["Tirana", "Durres"], &["sq"]),
    ("AR", &["Buenos Aires", "Cordoba", "Rosario"], &["es"]),
    ("AU", &["Sydney", "Melbourne", "Brisbane", "Perth"], &["en"]),
    ("AZ", &["Baku", "Ganja"], &["az", "ru"]),
    ("BD", &["Dhaka", "Chittagong"], &["bn"]),
    ("BE", &["Brussels", "Antwerp", "Ghent"], &["nl", "fr"]),
    (
        "BR",
        &[
            "Sao Paulo",
            "Rio de Janeiro",
            "Belo Horizonte",
            "Recife",
            "Porto Alegre",
        ],
        &["pt"],
    ),
    ("CH", &["Zurich", "Geneva", "Lausanne"], &["de", "fr"]),
    ("CL", &["Santiago", "Valparaiso"], &["es"]),
    ("CO", &["Bogota", "Medellin", "Cali"], &["es"]),
    ("CZ", &["Prague", "Brno"], &["cs"]),
    ("DK", &["Copenhagen", "Aarhus"], &["da"]),
    (
        "DO",
        &["Santo Domingo", "Santiago de los Caballeros"],
        &["es"],
    ),
    ("DZ", &["Algiers", "Oran"], &["ar", "fr"]),
    ("EC", &["Quito", "Guayaquil"], &["es"]),
    ("EG", &["Cairo", "Alexandria"], &["ar"]),
    ("FR", &["Paris", "Lyon", "Marseille", "Nice"], &["fr"]),
    (
        "GB",
        &["London", "Manchester", "Birmingham", "Edinburgh"],
        &["en"],
    ),
    ("HU", &["Budapest", "Debrecen"], &["hu"]),
    ("ID", &["Jakarta", "Surabaya", "Bandung"], &["id"]),
    (
        "IN",
        &["Mumbai", "New Delhi", "Bengaluru", "Chennai"],
        &["hi"],
    ),
    ("IR", &["Tehran", "Shiraz", "Mashhad"], &["fa"]),
    ("IT", &["Milan", "Rome", "Florence", "Naples"], &["it"]),
    ("JO", &["Amman", "Irbid"], &["ar"]),
    ("LV", &["Riga", "Daugavpils"], &["lv", "ru"]),
    (
        "MX",
        &["Mexico City", "Guadalajara", "Monterrey", "Tijuana"],
        &["es"],
    ),
    ("MY", &["Kuala Lumpur", "Penang", "Johor Bahru"], &["ms"]),
    ("PH", &["Manila", "Cebu", "Davao"], &["tl"]),
    ("PK", &["Karachi", "Lahore", "Islamabad"], &["ur"]),
    ("PL", &["Warsaw", "Krakow", "Wroclaw"], &["pl"]),
    ("PT", &["Lisbon", "Porto"], &["pt"]),
    ("RO", &["Bucharest", "Cluj-Napoca"], &["ro"]),
    ("RU", &["Moscow", "Saint Petersburg", "Kazan"], &["ru"]),
    ("SA", &["Riyadh", "Jeddah", "Dammam"], &["ar"]),
    ("SG", &["Singapore"], &["zh", "ms"]),
    ("TN", &["Tunis", "Sfax"], &["ar", "fr"]),
    ("TR", &["Istanbul", "Ankara", "Izmir", "Antalya"], &["tr"]),
    ("TW", &["Taipei", "Kaohsiung", "Taichung"], &["zh"]),
    (
        "US",
        &[
            "New York",
            "Los Angeles",
            "Miami",
            "Houston",
            "Chicago",
            "Dallas",
        ],
        &["en", "es"],
    ),
    ("UY", &["Montevideo", "Punta del Este"], &["es"]),
    ("UZ", &["Tashkent", "Samarkand"], &["uz", "ru"]),
    (
        "ZA",
        &["Johannesburg", "Cape Town", "Durban"],
        &["en", "af"],
    ),
    ("AE", &["Dubai", "Abu Dhabi"], &["ar"]),
];

/// Relative size of a society's membership, loosely following the number of
/// plastic surgeons per country (US and Brazil first).
fn society_weight(society: &NewSociety) -> u32 {
    match society.country_iso2.as_deref() {
        Some("US") => 10,
        Some("BR") => 9,
        Some("MX" | "IN" | "TR" | "IT" | "FR" | "GB") => 4,
        Some("CO" | "AR" | "RU" | "DE" | "TW" | "EG" | "IR" | "AU") => 3,
        None => 2,
        Some(_) => 1,
    }
}

fn country_profile(
    iso2: &str,
) -> (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
) {
    COUNTRY_PROFILES
        .iter()
        .find(|(code, _, _)| *code == iso2)
        .copied()
        .unwrap_or(("AE", &["Dubai", "Abu Dhabi"], &["ar"]))
}

fn board_for(country: &str) -> String {
    match country {
        "US" => "American Board of Plastic Surgery".to_owned(),
        "CA" => "Royal College of Physicians and Surgeons of Canada".to_owned(),
        other => format!(
            "National Board of Plastic Surgery ({})",
            crate::country::name(other).unwrap_or(other)
        ),
    }
}

fn accreditation_body_for(country: &str, rng: &mut SplitMix64) -> String {
    match country {
        "US" => (*rng.pick(&["AAAASF", "AAAHC", "The Joint Commission"])).to_owned(),
        "GB" => "Care Quality Commission".to_owned(),
        other => format!(
            "Ministry of Health accreditation ({})",
            crate::country::name(other).unwrap_or(other)
        ),
    }
}

/// How a member in grace or suspended falls short of the criteria.
#[derive(Clone, Copy)]
enum Shortfall {
    None,
    /// The certification expired on this day.
    CertificationExpired(NaiveDate),
    /// The yearly attestations were last made on this day, over a year ago.
    AttestationsOverdue(NaiveDate),
    /// Both, long ago: the certification expired and the attestations were last made on this day.
    LongAgo(NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticMember {
    pub profile: MemberProfile,
    pub email: String,
    /// Index of the member's national society in the societies given.
    pub society_index: usize,
    pub membership_type: MembershipType,
    pub status: MembershipStatus,
    pub since: NaiveDate,
    /// Also a member of the alliance itself (ISAPS).
    pub alliance_member: bool,
    pub certifications: Vec<Certification>,
    /// Indexes into the facilities of the same [`SyntheticData`].
    pub facility_indexes: Vec<usize>,
    /// CME credits: enough for every preset's criteria (250 over five
    /// years, 50 in the last one) unless the member is meant to fall short.
    pub cme: Vec<CmeCredit>,
    /// The day of the member's yearly attestations (code of ethics,
    /// accredited facilities) to each of their societies, within the last year.
    pub attested_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticData {
    pub facilities: Vec<NewFacility>,
    pub members: Vec<SyntheticMember>,
}

/// Generates `count` members spread over the national `societies` (weighted
/// by size), with facilities in their cities. `numbering_offset` keeps emails
/// unique when more members are added to an existing store.
pub fn generate(
    societies: &[NewSociety],
    count: usize,
    seed: u64,
    numbering_offset: u64,
    today: NaiveDate,
) -> SyntheticData {
    let mut rng = SplitMix64::new(seed);
    let national: Vec<usize> = societies
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == crate::society::SocietyKind::National)
        .map(|(i, _)| i)
        .collect();
    let weights: Vec<u32> = national
        .iter()
        .map(|&i| society_weight(&societies[i]))
        .collect();
    let total_weight: u32 = weights.iter().sum::<u32>().max(1);

    let mut facilities = Vec::new();
    let mut facilities_by_country: std::collections::HashMap<&str, Vec<usize>> =
        std::collections::HashMap::new();
    let mut members = Vec::with_capacity(count);
    for n in 0..count {
        // Weighted pick of the society.
        let mut ticket = rng.below(u64::from(total_weight)) as u32;
        let mut slot = 0;
        for (i, w) in weights.iter().enumerate() {
            if ticket < *w {
                slot = i;
                break;
            }
            ticket -= w;
        }
        let society_index = national.get(slot).copied().unwrap_or(0);
        let society_country = societies
            .get(society_index)
            .and_then(|s| s.country_iso2.clone())
            .unwrap_or_else(|| (*rng.pick(&["AE", "SA", "EG", "JO"])).to_owned());
        let (country, cities, languages) = country_profile(&society_country);
        let city = (*rng.pick(cities)).to_owned();
        let mut member_languages: Vec<String> = vec![(*rng.pick(languages)).to_owned()];
        if !member_languages.iter().any(|l| l == "en") && rng.chance(0.6) {
            member_languages.push("en".to_owned());
        }
        let given_name = (*rng.pick(GIVEN_NAMES)).to_owned();
        let family_name = (*rng.pick(FAMILY_NAMES)).to_owned();
        let number = numbering_offset + n as u64 + 1;
        let email = format!(
            "{}.{}.{number}@example.org",
            given_name.to_ascii_lowercase(),
            family_name.to_ascii_lowercase()
        );
        let years_in_practice = 1 + rng.below(30);
        let since = today
            .checked_sub_days(Days::new(years_in_practice.min(20) * 365 - rng.below(300)))
            .unwrap_or(today);
        let membership_type = match years_in_practice {
            0..=2 => MembershipType::Resident,
            3..=5 => MembershipType::Associate,
            _ => MembershipType::Active,
        };
        let status = match rng.below(100) {
            0..=88 => MembershipStatus::Active,
            89..=92 => MembershipStatus::Grace,
            93..=95 => MembershipStatus::Lapsed,
            96..=97 => MembershipStatus::Applicant,
            98 => MembershipStatus::Suspended,
            _ => MembershipStatus::Resigned,
        };
        let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
        // The data agrees with the presets' criteria: an active member holds
        // a current certification (renewed every ten years), enough CME
        // credits (250 over five years, 50 in the last one) and this year's
        // attestations. A member in grace fell short in the last weeks (a
        // certification expired, or the yearly attestations are overdue), a
        // suspended one long ago (both).
        let current_until = |issued: NaiveDate, rng: &mut SplitMix64| {
            issued
                .checked_add_days(Days::new(10 * 365))
                .map(|end| end.max(today + Days::new(60 + rng.below(300))))
        };
        let shortfall = match status {
            MembershipStatus::Grace
                if membership_type != MembershipType::Resident && rng.chance(0.5) =>
            {
                Shortfall::CertificationExpired(ago(1 + rng.below(45)))
            }
            MembershipStatus::Grace => Shortfall::AttestationsOverdue(ago(366 + rng.below(40))),
            MembershipStatus::Suspended => Shortfall::LongAgo(ago(500 + rng.below(300))),
            _ => Shortfall::None,
        };
        let certifications = if membership_type == MembershipType::Resident {
            Vec::new()
        } else {
            let (issued_on, expires_on) = match shortfall {
                Shortfall::CertificationExpired(end) | Shortfall::LongAgo(end) => (
                    end.checked_sub_days(Days::new(10 * 365)).unwrap_or(end),
                    Some(end),
                ),
                _ => {
                    let issued = ago(((years_in_practice * 365) % (10 * 365)).min(9 * 365));
                    (issued, current_until(issued, &mut rng))
                }
            };
            vec![Certification {
                board: board_for(country),
                number: format!("{country}-{:06}", rng.below(1_000_000)),
                issued_on,
                expires_on,
            }]
        };
        let cme = [
            (30 + rng.below(60), 6_000),
            (400 + rng.below(200), 10_000),
            (800 + rng.below(300), 10_000),
        ]
        .into_iter()
        .map(|(days, credits_x100)| CmeCredit {
            id: 0,
            activity: format!("Scientific meeting {} (demo)", ago(days).format("%Y")),
            completed_on: ago(days),
            credits_x100,
            category: "Category 1".to_owned(),
        })
        .collect();
        let attested_on = match shortfall {
            Shortfall::AttestationsOverdue(on) | Shortfall::LongAgo(on) => on,
            _ => ago(1 + rng.below(300)),
        };
        // About one facility for every three members; members of a country share them.
        let in_country = facilities_by_country.entry(country).or_default();
        let facility_index = if in_country.is_empty() || rng.chance(0.34) {
            let setting = *rng.pick(FacilitySetting::ALL);
            let kind = match setting {
                FacilitySetting::Office => "Aesthetic Clinic",
                FacilitySetting::Asc => "Surgery Centre",
                FacilitySetting::Hospital => "Hospital",
            };
            facilities.push(NewFacility {
                name: format!("{city} {} {} (demo)", family_name, kind),
                country_iso2: country.to_owned(),
                city: city.clone(),
                setting,
                accreditation_body: accreditation_body_for(country, &mut rng),
                accreditation_number: format!("ACC-{:07}", rng.below(10_000_000)),
                accredited_until: today
                    .checked_add_days(Days::new(30 + rng.below(3 * 365)))
                    .unwrap_or(today),
            });
            in_country.push(facilities.len() - 1);
            facilities.len() - 1
        } else {
            in_country[rng.below(in_country.len() as u64) as usize]
        };
        members.push(SyntheticMember {
            profile: MemberProfile {
                given_name,
                family_name,
                country_iso2: country.to_owned(),
                city,
                languages: member_languages,
                offers_follow_up: rng.chance(0.3),
                directory_opt_in: rng.chance(0.85),
            },
            email,
            society_index,
            membership_type,
            status,
            since,
            alliance_member: rng.chance(0.4),
            certifications,
            facility_indexes: vec![facility_index],
            cme,
            attested_on,
        });
    }
    SyntheticData {
        facilities,
        members,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::society::alliance_seed;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default()
    }

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        let societies = alliance_seed();
        let a = generate(&societies, 200, 7, 0, today());
        let b = generate(&societies, 200, 7, 0, today());
        let c = generate(&societies, 200, 8, 0, today());
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn members_are_spread_valid_and_fictitious() {
        let societies = alliance_seed();
        let data = generate(&societies, 2000, 1, 0, today());
        assert_eq!(data.members.len(), 2000);
        let mut per_society = vec![0usize; societies.len()];
        for m in &data.members {
            per_society[m.society_index] += 1;
            assert!(m.email.ends_with("@example.org"));
            assert!(crate::country::is_known(&m.profile.country_iso2));
            assert!(
                m.profile
                    .languages
                    .iter()
                    .all(|l| crate::member::is_language_code(l))
            );
            assert!(
                m.facility_indexes
                    .iter()
                    .all(|&i| i < data.facilities.len())
            );
        }
        assert_eq!(
            per_society[0], 0,
            "nobody's national society is the alliance"
        );
        assert!(
            per_society[1..].iter().all(|&n| n > 0),
            "every society has members"
        );
        let emails: std::collections::HashSet<_> = data.members.iter().map(|m| &m.email).collect();
        assert_eq!(emails.len(), 2000, "emails are unique");
        assert!(data.facilities.iter().all(|f| f.name.ends_with("(demo)")));
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = SplitMix64::new(3);
        assert!((0..10_000).all(|_| rng.below(7) < 7));
    }
}
