//! Members (surgeons and physicians), their society memberships,
//! certifications and the facilities they operate in.

use crate::ids::{MemberId, SocietyId};
use crate::validation::{FieldError, ValidationErrors, Validator, is_plausible_email};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

macro_rules! str_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

str_enum!(
    /// The tier of a membership (ISAPS: Active, Associate, Resident/Fellow).
    MembershipType {
        Active => "active",
        Associate => "associate",
        Resident => "resident",
    }
);

str_enum!(
    /// Where a membership stands.
    MembershipStatus {
        Applicant => "applicant",
        Active => "active",
        Grace => "grace",
        Suspended => "suspended",
        Lapsed => "lapsed",
        Resigned => "resigned",
    }
);

str_enum!(
    /// The setting of a facility, as the Global Survey reports it.
    FacilitySetting {
        Office => "office",
        Asc => "ambulatory_surgery_centre",
        Hospital => "hospital",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Membership {
    #[schema(value_type = i64)]
    pub society_id: SocietyId,
    pub society_acronym: String,
    pub membership_type: MembershipType,
    pub status: MembershipStatus,
    pub since: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Certification {
    /// The certifying board, e.g. "American Board of Plastic Surgery".
    pub board: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Facility {
    pub id: i64,
    pub name: String,
    pub country_iso2: String,
    pub city: String,
    pub setting: FacilitySetting,
    /// AAAASF, AAAHC, The Joint Commission, or a national body.
    pub accreditation_body: String,
    pub accreditation_number: String,
    pub accredited_until: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFacility {
    pub name: String,
    pub country_iso2: String,
    pub city: String,
    pub setting: FacilitySetting,
    pub accreditation_body: String,
    pub accreditation_number: String,
    pub accredited_until: NaiveDate,
}

/// A member as a society admin or the member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Member {
    #[schema(value_type = i64)]
    pub id: MemberId,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub country_iso2: String,
    pub city: String,
    /// ISO 639-1 codes of the languages the member consults in.
    pub languages: Vec<String>,
    /// Offers follow-up care to patients treated abroad.
    pub offers_follow_up: bool,
    /// Listed in the public directory when the membership is active.
    pub directory_opt_in: bool,
    pub memberships: Vec<Membership>,
    pub certifications: Vec<Certification>,
    pub facilities: Vec<Facility>,
}

impl Member {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// One line of a society's member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MemberSummary {
    #[schema(value_type = i64)]
    pub id: MemberId,
    pub given_name: String,
    pub family_name: String,
    pub country_iso2: String,
    pub city: String,
    pub membership_type: MembershipType,
    pub status: MembershipStatus,
}

/// A validated new member, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    pub profile: MemberProfile,
    pub email: Option<String>,
    pub memberships: Vec<NewMembership>,
    pub certifications: Vec<Certification>,
    /// Indexes into the facilities written in the same batch, or existing facility ids.
    pub facility_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMembership {
    pub society_id: SocietyId,
    pub membership_type: MembershipType,
    pub status: MembershipStatus,
    pub since: NaiveDate,
}

/// The fields a member or their society's admin may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MemberProfile {
    pub given_name: String,
    pub family_name: String,
    pub country_iso2: String,
    pub city: String,
    pub languages: Vec<String>,
    pub offers_follow_up: bool,
    pub directory_opt_in: bool,
}

/// A profile as a client sends it: text fields not yet checked.
/// Every field defaults, so that a missing one is reported by validation
/// ("city: is required") rather than by the parser.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct MemberProfileInput {
    pub given_name: String,
    pub family_name: String,
    /// ISO 3166-1 alpha-2, e.g. `BR`.
    pub country_iso2: String,
    pub city: String,
    /// ISO 639-1 codes: a list in JSON (`["pt", "en"]`), comma separated in forms (`pt, en`).
    #[serde(deserialize_with = "crate::validation::list_or_text")]
    #[schema(value_type = Vec<String>)]
    pub languages: String,
    #[serde(deserialize_with = "crate::validation::flexible_bool")]
    pub offers_follow_up: bool,
    #[serde(deserialize_with = "crate::validation::flexible_bool")]
    pub directory_opt_in: bool,
}

impl MemberProfileInput {
    pub fn validate(&self) -> Result<MemberProfile, ValidationErrors> {
        let mut v = Validator::default();
        let given_name = v.text("given_name", &self.given_name, 100);
        let family_name = v.text("family_name", &self.family_name, 100);
        let city = v.text("city", &self.city, 100);
        let country_iso2 = self.country_iso2.trim().to_ascii_uppercase();
        v.check(
            crate::country::is_known(&country_iso2),
            "country_iso2",
            "must be an ISO 3166-1 alpha-2 country code, such as BR",
        );
        let languages = parse_languages(&self.languages);
        let mut errors = v.finish().err().map(|e| e.0).unwrap_or_default();
        match languages {
            Ok(languages) if errors.is_empty() => Ok(MemberProfile {
                given_name,
                family_name,
                country_iso2,
                city,
                languages,
                offers_follow_up: self.offers_follow_up,
                directory_opt_in: self.directory_opt_in,
            }),
            Ok(_) => Err(ValidationErrors(errors)),
            Err(error) => {
                errors.push(error);
                Err(ValidationErrors(errors))
            }
        }
    }
}

/// A new member as an admin sends it. The profile fields are spelled out
/// rather than flattened, so that a parse error can name its field.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewMemberInput {
    pub given_name: String,
    pub family_name: String,
    /// ISO 3166-1 alpha-2, e.g. `BR`.
    pub country_iso2: String,
    pub city: String,
    /// ISO 639-1 codes: a list in JSON (`["pt", "en"]`), comma separated in forms (`pt, en`).
    #[serde(deserialize_with = "crate::validation::list_or_text")]
    #[schema(value_type = Vec<String>)]
    pub languages: String,
    #[serde(deserialize_with = "crate::validation::flexible_bool")]
    pub offers_follow_up: bool,
    #[serde(deserialize_with = "crate::validation::flexible_bool")]
    pub directory_opt_in: bool,
    pub email: Option<String>,
    /// `active`, `associate` or `resident`.
    pub membership_type: String,
}

impl NewMemberInput {
    pub fn profile(&self) -> MemberProfileInput {
        MemberProfileInput {
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            country_iso2: self.country_iso2.clone(),
            city: self.city.clone(),
            languages: self.languages.clone(),
            offers_follow_up: self.offers_follow_up,
            directory_opt_in: self.directory_opt_in,
        }
    }

    /// Validates the input for a membership of `society` starting `today`.
    pub fn validate(
        &self,
        society: SocietyId,
        today: NaiveDate,
    ) -> Result<NewMember, ValidationErrors> {
        let profile = self.profile().validate();
        let mut errors = profile
            .as_ref()
            .err()
            .map(|e| e.0.clone())
            .unwrap_or_default();
        let email = self
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_ascii_lowercase);
        if let Some(email) = email.as_deref().filter(|e| !is_plausible_email(e)) {
            errors.push(FieldError::new(
                "email",
                format!("'{email}' is not an email address such as name@example.org"),
            ));
        }
        let membership_type = MembershipType::parse(self.membership_type.trim());
        if membership_type.is_none() {
            errors.push(FieldError::new(
                "membership_type",
                "must be one of: active, associate, resident",
            ));
        }
        match (profile, membership_type) {
            (Ok(profile), Some(membership_type)) if errors.is_empty() => Ok(NewMember {
                profile,
                email,
                memberships: vec![NewMembership {
                    society_id: society,
                    membership_type,
                    status: MembershipStatus::Active,
                    since: today,
                }],
                certifications: Vec::new(),
                facility_ids: Vec::new(),
            }),
            _ => Err(ValidationErrors(errors)),
        }
    }
}

/// Every ISO 639-1 language code.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

pub fn is_language_code(code: &str) -> bool {
    code.len() == 2 && ISO_639_1.split(' ').any(|c| c == code)
}

/// Parses `en, fr` into `["en", "fr"]`: at least one, each an ISO 639-1 code, no repeats.
pub fn parse_languages(text: &str) -> Result<Vec<String>, FieldError> {
    let mut languages: Vec<String> = Vec::new();
    for code in text
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty())
    {
        if !is_language_code(&code) {
            return Err(FieldError::new(
                "languages",
                format!("'{code}' is not an ISO 639-1 language code (such as en, fr, ar)"),
            ));
        }
        if !languages.contains(&code) {
            languages.push(code);
        }
    }
    if languages.is_empty() {
        return Err(FieldError::new(
            "languages",
            "name at least one language, such as en",
        ));
    }
    Ok(languages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> MemberProfileInput {
        MemberProfileInput {
            given_name: " Ana ".into(),
            family_name: "Souza".into(),
            country_iso2: "br".into(),
            city: "Recife".into(),
            languages: "pt, en, pt".into(),
            offers_follow_up: true,
            directory_opt_in: true,
        }
    }

    #[test]
    fn a_good_profile_is_normalised() {
        let p = profile().validate().ok();
        let p = p.as_ref();
        assert_eq!(p.map(|p| p.given_name.as_str()), Some("Ana"));
        assert_eq!(p.map(|p| p.country_iso2.as_str()), Some("BR"));
        assert_eq!(
            p.map(|p| p.languages.clone()),
            Some(vec!["pt".to_owned(), "en".to_owned()])
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let input = MemberProfileInput {
            given_name: String::new(),
            country_iso2: "XX".into(),
            languages: "en, english".into(),
            ..profile()
        };
        let errors = input.validate().err().map(|e| e.0).unwrap_or_default();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["given_name", "country_iso2", "languages"]);
    }

    #[test]
    fn new_member_checks_email_and_type() {
        let p = profile();
        let input = NewMemberInput {
            given_name: p.given_name,
            family_name: p.family_name,
            country_iso2: p.country_iso2,
            city: p.city,
            languages: p.languages,
            email: Some("not-an-email".into()),
            membership_type: "gold".into(),
            ..NewMemberInput::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        let errors = input
            .validate(SocietyId(1), today)
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "membership_type"]);
    }

    #[test]
    fn enums_round_trip() {
        for t in MembershipStatus::ALL {
            assert_eq!(MembershipStatus::parse(t.as_str()), Some(*t));
        }
        for s in FacilitySetting::ALL {
            assert_eq!(FacilitySetting::parse(s.as_str()), Some(*s));
        }
    }
}
