//! Field-level validation errors: what was wrong, and where.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The name of the offending field, as the client sent it.
    pub field: String,
    /// What is wrong with it, in plain words.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
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
