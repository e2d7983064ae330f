//! A `<select>`'s options rendered once and written many times.
//!
//! The directory's search form lists every country, language and procedure;
//! escaping and formatting them on every search cost more than the search.
//! [`Options`] keeps them as HTML with where each value ends, so a page
//! writes them with one copy and marks the chosen one `selected` by splicing.

use std::fmt;

/// Options as HTML, and after which byte of it each value's `value="…"`
/// attribute ends (where ` selected` goes).
#[derive(Debug, Default)]
pub struct Options {
    html: String,
    ends: Vec<(Box<str>, usize)>,
}

impl Options {
    /// `(value, label, lang)` options, in order; `lang` marks a label written
    /// in that language.
    pub fn new<'a>(options: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>)>) -> Self {
        let mut html = String::new();
        let mut ends = Vec::new();
        for (value, label, lang) in options {
            html.push_str("<option value=\"");
            escape_into(&mut html, value);
            html.push('"');
            ends.push((Box::from(value), html.len()));
            if let Some(lang) = lang {
                html.push_str(" lang=\"");
                escape_into(&mut html, lang);
                html.push('"');
            }
            html.push('>');
            escape_into(&mut html, label);
            html.push_str("</option>");
        }
        Self { html, ends }
    }

    /// The options with the one whose value is `chosen` (trimmed, any case)
    /// selected, if any is.
    pub fn with_selected<'a>(&'a self, chosen: Option<&str>) -> Selected<'a> {
        let chosen = chosen.map(str::trim).filter(|c| !c.is_empty());
        let at = chosen.and_then(|c| {
            self.ends
                .iter()
                .find(|(value, _)| value.eq_ignore_ascii_case(c))
                .map(|&(_, end)| end)
        });
        Selected { options: self, at }
    }
}

/// Options to write, with ` selected` after byte `at` when set.
pub struct Selected<'a> {
    options: &'a Options,
    at: Option<usize>,
}

impl fmt::Display for Selected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let html = &self.options.html;
        match self.at {
            Some(at) => {
                f.write_str(&html[..at])?;
                f.write_str(" selected")?;
                f.write_str(&html[at..])
            }
            None => f.write_str(html),
        }
    }
}

/// Appends `text` escaped for HTML text and double-quoted attributes.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn countries() -> Options {
        Options::new([
            ("BR", "Brazil", None),
            ("CI", "Côte d'Ivoire", None),
            ("US", "United States", None),
        ])
    }

    #[test]
    fn labels_are_escaped_and_nothing_is_selected_without_a_choice() {
        let html = countries().with_selected(None).to_string();
        assert_eq!(
            html,
            "<option value=\"BR\">Brazil</option><option value=\"CI\">Côte d&#39;Ivoire</option>\
             <option value=\"US\">United States</option>"
        );
        assert_eq!(countries().with_selected(Some("  ")).to_string(), html);
        assert_eq!(countries().with_selected(Some("XX")).to_string(), html);
    }

    #[test]
    fn the_chosen_value_is_selected_in_any_case() {
        let html = countries().with_selected(Some(" ci ")).to_string();
        assert_eq!(html.matches(" selected").count(), 1);
        assert!(html.contains("<option value=\"CI\" selected>Côte"));
    }

    #[test]
    fn lang_follows_the_selection() {
        let languages = Options::new([("es", "es", Some("es")), ("pt", "pt", Some("pt"))]);
        let html = languages.with_selected(Some("pt")).to_string();
        assert!(html.contains("<option value=\"pt\" selected lang=\"pt\">pt</option>"));
    }
}
