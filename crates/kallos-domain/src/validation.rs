//! Field-level validation errors: what was wrong, and where.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The name of the offending field, as the client sent it.
    pub field: String,
    /// A stable code for the kind of problem (`required`, `too-long`, `country`,
    /// `language`, `email`, `choice`, `taken`, `control`, `type`); pages translate it.
    pub code: String,
    /// What is wrong with it, in plain English.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            field: field.into(),
            code: code_for(&message).to_owned(),
            message,
        }
    }

    pub fn with_code(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// Derives the code from the domain's own messages, which are few and fixed.
fn code_for(message: &str) -> &'static str {
    if message == "is required" || message.starts_with("name at least one") {
        "required"
    } else if message.starts_with("must be at most") {
        "too-long"
    } else if message.contains("control characters") {
        "control"
    } else if message.contains("country code") {
        "country"
    } else if message.contains("language code") {
        "language"
    } else if message.contains("email address") {
        "email"
    } else if message.starts_with("must be one of") {
        "choice"
    } else {
        "invalid"
    }
}

/// Accepts a JSON boolean, or the strings HTML forms send for a checkbox
/// (`on`, `true`, `1`; `off`, `false`, `0`, empty).
pub fn flexible_bool<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum BoolOrText {
        Bool(bool),
        Text(String),
    }
    match <BoolOrText as serde::Deserialize>::deserialize(deserializer)? {
        BoolOrText::Bool(b) => Ok(b),
        BoolOrText::Text(t) => match t.trim() {
            "on" | "true" | "1" | "yes" => Ok(true),
            "off" | "false" | "0" | "no" | "" => Ok(false),
            other => Err(serde::de::Error::custom(format!(
                "expected true or false, found '{other}'"
            ))),
        },
    }
}

/// Accepts a list of strings (JSON) or one comma-separated text (forms), as a comma-separated text.
pub fn list_or_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum ListOrText {
        List(Vec<String>),
        Text(String),
    }
    Ok(
        match <ListOrText as serde::Deserialize>::deserialize(deserializer)? {
            ListOrText::List(items) => items.join(","),
            ListOrText::Text(text) => text,
        },
    )
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid input: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
pub struct ValidationErrors(pub Vec<FieldError>);

/// Collects field errors, then turns them into a `Result`.
#[derive(Debug, Default)]
pub struct Validator(Vec<FieldError>);

impl Validator {
    pub fn check(&mut self, ok: bool, field: &str, message: &str) {
        if !ok {
            self.0.push(FieldError::new(field, message));
        }
    }

    /// A required, trimmed text of at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.0.push(FieldError::new(field, "is required"));
        } else if value.chars().count() > max {
            self.0.push(FieldError::new(
                field,
                format!("must be at most {max} characters"),
            ));
        } else if value.chars().any(char::is_control) {
            self.0.push(FieldError::new(
                field,
                "must not contain control characters",
            ));
        }
        value.to_owned()
    }

    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(self.0))
        }
    }
}

/// A plausible email address: one `@`, a dot in the domain, no spaces.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
        && email.len() <= 254
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_plausible_email("a.b@example.org"));
        assert!(!is_plausible_email("a.b@example"));
        assert!(!is_plausible_email("a b@example.org"));
        assert!(!is_plausible_email("@example.org"));
        assert!(!is_plausible_email("a@b@example.org"));
    }

    #[test]
    fn text_rules_name_the_field() {
        let mut v = Validator::default();
        v.text("city", "   ", 10);
        v.text("name", "x".repeat(11).as_str(), 10);
        let errors = v.finish().err().map(|e| e.0).unwrap_or_default();
        assert_eq!(errors[0], FieldError::new("city", "is required"));
        assert_eq!(errors[1].field, "name");
    }
}
