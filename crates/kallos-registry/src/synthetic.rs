//! Deterministic synthetic cases in the import format, with real signal:
//! the procedure mix follows the ISAPS Global Survey 2024, and complication
//! rates and risk ratios follow TOPS and CosmetAssure (see
//! `kallos-domain/data` and the clinical rules it cites).

use crate::dataset::FIELDS;
use chrono::{Datelike, Days, NaiveDate};
use kallos_domain::registry::udi::gtin_check_digit_ok;
use kallos_domain::synthetic::SplitMix64;
use std::io::Write;

/// Procedures per year worldwide, in thousands (ISAPS Global Survey 2024,
/// split within categories by the survey's own ranking).
const PROCEDURE_MIX: &[(&str, u32)] = &[
    ("BR-AUG-IMP", 1600),
    ("BR-AUG-FAT", 100),
    ("BR-LIFT", 900),
    ("BR-RED", 600),
    ("BR-IMP-REM", 350),
    ("BR-GYN", 350),
    ("FH-EYE", 2100),
    ("FH-RHINO", 1100),
    ("FH-FACELIFT", 600),
    ("FH-FAT", 800),
    ("FH-NECK", 200),
    ("FH-BROW", 300),
    ("FH-EAR", 300),
    ("FH-BONE", 100),
    ("FH-HAIR", 1000),
    ("FH-LIP", 900),
    ("BE-LIPO", 2000),
    ("BE-ABDO", 1200),
    ("BE-BUTT-AUG", 800),
    ("BE-BUTT-LIFT", 100),
    ("BE-ARM", 200),
    ("BE-THIGH", 150),
    ("BE-BODYLIFT", 150),
    ("BE-LABIA", 300),
    ("BE-VAG", 150),
    ("BE-GENITAL", 50),
    ("BE-SCAR", 900),
    ("NS-BOTOX", 7890),
    ("NS-HA", 6340),
    ("NS-CAHA", 500),
    ("NS-PLLA", 560),
    ("NS-PEEL", 800),
    ("NS-ABLATIVE", 300),
    ("NS-MICROABL", 500),
    ("NS-PHOTO", 600),
    ("NS-TIGHTEN", 610),
    ("NS-HAIRREM", 1200),
    ("NS-FATRED", 600),
    ("NS-CELLULITE", 300),
    ("NS-TATTOO", 340),
];

/// Procedures often added to a first one in a combined operation.
const COMBINATIONS: &[(&str, &str)] = &[
    ("BE-ABDO", "BE-LIPO"),
    ("BE-LIPO", "BE-BUTT-AUG"),
    ("BR-AUG-IMP", "BR-LIFT"),
    ("BR-LIFT", "BE-ABDO"),
    ("FH-FACELIFT", "FH-EYE"),
    ("FH-FACELIFT", "FH-NECK"),
    ("FH-RHINO", "FH-LIP"),
    ("FH-EYE", "FH-BROW"),
];

/// Where patients who travel come from.
const ORIGINS: &[&str] = &[
    "US", "GB", "CA", "DE", "FR", "AU", "NL", "SE", "IE", "NO", "IT", "ES",
];

/// Fictitious implant makers and lots; the first lot of the second maker is
/// the one a recall demonstration looks for.
const IMPLANTS: &[(&str, &str, &str, &[&str])] = &[
    (
        "Aurelia Medical",
        "Smooth Round",
        "0871234567",
        &["AM-2301", "AM-2302", "AM-2411", "AM-2412"],
    ),
    (
        "Novabreast",
        "Textured Anatomical",
        "0872345678",
        &["NB-TX-1907", "NB-TX-2003", "NB-TX-2104"],
    ),
    (
        "Silkline Implants",
        "Silk Nano",
        "0873456789",
        &["SL-5501", "SL-5502", "SL-6601"],
    ),
];

pub struct Member {
    pub id: i64,
    pub society: String,
    pub country: String,
}

pub struct Options {
    pub count: u64,
    pub first_year: i32,
    pub last_year: i32,
    pub seed: u64,
    /// Nothing is dated after this day.
    pub today: NaiveDate,
}

fn weighted<'a>(rng: &mut SplitMix64, items: &'a [(&'a str, u32)], total: u32) -> &'a str {
    let mut ticket = rng.below(u64::from(total)) as u32;
    for (item, weight) in items {
        if ticket < *weight {
            return item;
        }
        ticket -= weight;
    }
    items[0].0
}

fn gtin(prefix: &str, item: u64) -> String {
    let body = format!("{prefix}{:03}", item % 1000);
    // Find the check digit that makes the GTIN valid.
    (0..10)
        .map(|d| format!("{body}{d}"))
        .find(|g| gtin_check_digit_ok(g))
        .unwrap_or_else(|| format!("{body}0"))
}

/// Writes `options.count` cases as CSV (header included) to `out`, calling
/// `progress` every 100,000 rows with the number written.
pub fn write_cases(
    members: &[Member],
    options: &Options,
    out: &mut impl Write,
    mut progress: impl FnMut(u64),
) -> std::io::Result<()> {
    let mut rng = SplitMix64::new(options.seed);
    let total_weight: u32 = PROCEDURE_MIX.iter().map(|(_, w)| w).sum();
    let first = NaiveDate::from_ymd_opt(options.first_year, 1, 1).unwrap_or(options.today);
    let last = NaiveDate::from_ymd_opt(options.last_year, 12, 31)
        .unwrap_or(options.today)
        .min(options.today);
    let span = u64::try_from((last - first).num_days()).unwrap_or(0) + 1;
    writeln!(
        out,
        "{}",
        FIELDS.iter().map(|f| f.name).collect::<Vec<_>>().join(",")
    )?;
    let mut line = String::with_capacity(512);
    for n in 0..options.count {
        let Some(member) = members.get(rng.below(members.len() as u64) as usize) else {
            break;
        };
        let date = first
            .checked_add_days(Days::new(rng.below(span)))
            .unwrap_or(first);
        let mut procedures = vec![weighted(&mut rng, PROCEDURE_MIX, total_weight)];
        let surgical = !procedures[0].starts_with("NS-");
        if surgical && rng.chance(0.18) {
            let partners: Vec<&str> = COMBINATIONS
                .iter()
                .filter(|(a, _)| *a == procedures[0])
                .map(|(_, b)| *b)
                .collect();
            if let Some(partner) = partners.get(rng.below(partners.len().max(1) as u64) as usize) {
                procedures.push(partner);
            }
        }
        let combined = procedures.len() > 1;
        let male_only = procedures.contains(&"BR-GYN");
        let female_only = procedures
            .iter()
            .any(|p| p.starts_with("BR-") && *p != "BR-GYN" || matches!(*p, "BE-LABIA" | "BE-VAG"));
        let male = male_only || (!female_only && rng.chance(0.145));
        let age = match rng.below(100) {
            0..=1 => 16 + rng.below(3),
            2..=36 => 19 + rng.below(16),
            37..=76 => 35 + rng.below(16),
            77..=94 => 51 + rng.below(14),
            _ => 65 + rng.below(20),
        };
        let bmi = (180 + rng.below(80) + rng.below(80)) as f64 / 10.0;
        let smoker = rng.chance(0.12);
        let diabetes = rng.chance(0.06);
        let asa = match rng.below(100) {
            0..=59 => 1,
            60..=94 => 2,
            _ => 3,
        };
        let setting = if !surgical {
            "office"
        } else {
            match rng.below(100) {
                0..=39 => "hospital",
                40..=84 => "ambulatory_surgery_centre",
                _ => "office",
            }
        };
        let anaesthesia = if !surgical {
            "local"
        } else {
            match rng.below(10) {
                0..=6 => "general",
                7..=8 => "sedation",
                _ => "regional",
            }
        };
        let duration = if surgical {
            60 + rng.below(180) + if combined { 90 } else { 0 }
        } else {
            15 + rng.below(45)
        };
        let tourist_share = if matches!(
            member.country.as_str(),
            "TR" | "MX" | "CO" | "BR" | "TH" | "DO" | "CZ" | "PL"
        ) {
            0.2
        } else {
            0.05
        };
        let residence = if rng.chance(tourist_share) {
            *rng.pick(ORIGINS)
        } else {
            member.country.as_str()
        };

        // Risk, CosmetAssure-style: base major-complication risk with relative risks.
        let mut risk = if !surgical {
            0.001
        } else if procedures[0] == "BE-ABDO" {
            0.031
        } else {
            0.014
        };
        if male {
            risk *= 1.8;
        }
        if age >= 55 {
            risk *= 1.4;
        }
        if bmi >= 30.0 {
            risk *= 1.3;
        }
        if combined {
            risk *= if procedures[0] == "BE-ABDO" { 3.3 } else { 1.5 };
        }
        if setting != "office" {
            risk *= 1.6;
        }
        if smoker {
            risk *= 1.3;
        }
        let mut complications: Vec<String> = Vec::new();
        let mut reoperation = false;
        let mut readmission = false;
        let mut death = false;
        let on = |days: u64| {
            date.checked_add_days(Days::new(days))
                .unwrap_or(date)
                .min(options.today)
        };
        if surgical {
            if rng.chance(0.007 * risk / 0.014) {
                let grade = if rng.chance(0.5) { "IIIb" } else { "II" };
                complications.push(format!("HEMATOMA:{grade}:{}", on(rng.below(3))));
                reoperation |= grade == "IIIb";
            }
            if rng.chance(0.011 * risk / 0.014) {
                complications.push(format!(
                    "SEROMA:{}:{}",
                    if rng.chance(0.8) { "I" } else { "IIIa" },
                    on(5 + rng.below(15))
                ));
            }
            let vte = if combined { 0.002 } else { 0.0004 } * if bmi >= 30.0 { 1.5 } else { 1.0 };
            if rng.chance(vte) {
                let code = if rng.chance(0.6) { "DVT" } else { "PE" };
                complications.push(format!(
                    "{code}:{}:{}",
                    if code == "PE" { "IVa" } else { "II" },
                    on(3 + rng.below(57))
                ));
                readmission = true;
            }
            if rng.chance(0.008 * risk / 0.014) {
                complications.push(format!("SSI-SUP:II:{}", on(5 + rng.below(20))));
            }
            if rng.chance(0.004 * risk / 0.014) {
                reoperation = true;
            }
            let mortality = if procedures.contains(&"BE-BUTT-AUG") {
                1.0 / 3000.0
            } else {
                1.0 / 50_000.0
            };
            if rng.chance(mortality) {
                death = true;
                complications.push(format!("DEATH:V:{}", on(rng.below(10))));
            }
        } else if rng.chance(risk) {
            complications.push(format!("NECROSIS:II:{}", on(1 + rng.below(10))));
        }
        let days_since = (options.today - date).num_days();
        let followup_30 = (days_since >= 30 && rng.chance(0.9)).then(|| on(28 + rng.below(7)));
        let followup_90 = (days_since >= 90 && followup_30.is_some() && rng.chance(0.8))
            .then(|| on(85 + rng.below(14)));
        // Outcomes dated after the last follow-up would not be known yet.
        let known_until = followup_90.or(followup_30).unwrap_or(date);
        complications.retain(|c| {
            c.rsplit(':')
                .next()
                .is_some_and(|d| d <= known_until.to_string().as_str())
        });
        if complications.is_empty() && followup_30.is_none() {
            reoperation = false;
            readmission = false;
            death = false;
        }

        line.clear();
        use std::fmt::Write as _;
        let _ = write!(
            line,
            "{}-{}-{:08},{},{},,{},{},{},{},{},{},{},{:012x},{},{},{:.1},{},{},{},",
            member.society.replace('/', "-"),
            date.year(),
            n + 1,
            member.society,
            member.id,
            setting,
            member.country,
            residence,
            date,
            procedures.join(";"),
            duration,
            anaesthesia,
            rng.next_u64() & 0xffff_ffff_ffff,
            age,
            if male { "M" } else { "F" },
            bmi,
            if smoker { "yes" } else { "no" },
            if diabetes { "yes" } else { "no" },
            asa,
        );
        if surgical && age >= 35 && rng.chance(0.3) {
            let _ = write!(line, "{}", 2 + rng.below(8));
        }
        if procedures.contains(&"BR-AUG-IMP") {
            let (maker, model, prefix, lots) = IMPLANTS[rng.below(IMPLANTS.len() as u64) as usize];
            let lot = lots[rng.below(lots.len() as u64) as usize];
            let size = 250 + 25 * rng.below(10);
            let item = rng.below(1000);
            let gtin = gtin(prefix, item);
            for side in ["left", "right"] {
                let serial = format!("S{:010}", rng.next_u64() % 10_000_000_000);
                let _ = write!(
                    line,
                    ",{maker},{model} {size},{lot},{serial},(01){gtin}(17){:02}0101(10){lot}(21){serial},{side}",
                    (date.year() + 5) % 100
                );
            }
        } else {
            line.push_str(",,,,,,,,,,,,");
        }
        let _ = write!(
            line,
            ",{},{},{},{},{},{}",
            followup_30.map(|d| d.to_string()).unwrap_or_default(),
            followup_90.map(|d| d.to_string()).unwrap_or_default(),
            complications.join(";"),
            if reoperation { "yes" } else { "no" },
            if readmission { "yes" } else { "no" },
            if death { "yes" } else { "no" },
        );
        line.push('\n');
        out.write_all(line.as_bytes())?;
        if (n + 1) % 100_000 == 0 {
            progress(n + 1);
        }
    }
    progress(options.count);
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::{CaseReader, Context};
    use std::collections::HashSet;

    fn members() -> Vec<Member> {
        vec![
            Member {
                id: 1,
                society: "SBCP".into(),
                country: "BR".into(),
            },
            Member {
                id: 2,
                society: "TAS".into(),
                country: "US".into(),
            },
            Member {
                id: 3,
                society: "UKAAPS/CAPSCO".into(),
                country: "GB".into(),
            },
        ]
    }

    fn generate(count: u64, seed: u64) -> Vec<u8> {
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default();
        let options = Options {
            count,
            first_year: 2023,
            last_year: 2025,
            seed,
            today,
        };
        let mut out = Vec::new();
        write_cases(&members(), &options, &mut out, |_| {}).unwrap_or_default();
        out
    }

    #[test]
    fn every_synthetic_case_passes_the_checks_at_the_door() {
        let csv = generate(20_000, 5);
        let context = Context {
            societies: ["SBCP", "TAS", "UKAAPS/CAPSCO", "InaPRAS"]
                .into_iter()
                .map(|a| (a.to_ascii_uppercase(), a.to_owned()))
                .collect(),
            memberships: members()
                .iter()
                .map(|m| (m.society.clone(), m.id))
                .collect(),
            only_society: None,
            only_member: None,
            today: None,
            approved: Default::default(),
        };
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default();
        let mut reader = CaseReader::new(csv.as_slice(), context, today).expect("header");
        assert!(reader.header_issues().is_empty());
        let mut refs = HashSet::new();
        let (mut cases, mut with_devices, mut complicated, mut combined, mut tourists) =
            (0, 0, 0, 0, 0);
        while let Some(row) = reader.next_row() {
            let row = row.expect("row");
            assert!(row.issues.is_empty(), "{:?}", row.issues);
            let case = row.case.expect("valid");
            assert!(refs.insert(case.case_ref.clone()), "case ids are unique");
            cases += 1;
            with_devices += usize::from(!case.devices.is_empty());
            complicated += usize::from(case.measures().complicated == 1);
            combined += usize::from(case.procedures.len() > 1);
            tourists += usize::from(case.procedure_country != case.residence_country);
        }
        assert_eq!(cases, 20_000);
        assert!(
            (400..1_400).contains(&with_devices),
            "{with_devices} breast implant cases"
        );
        assert!(
            (40..600).contains(&complicated),
            "{complicated} with a complication"
        );
        assert!(
            combined > 300 && tourists > 300,
            "{combined} combined, {tourists} tourists"
        );
    }

    #[test]
    fn the_same_seed_writes_the_same_file() {
        assert_eq!(generate(500, 1), generate(500, 1));
        assert_ne!(generate(500, 1), generate(500, 2));
    }
}
