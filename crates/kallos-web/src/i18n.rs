//! Every user-facing string goes through Fluent. The locale is chosen by the
//! `?lang=` query parameter (the shareable form of a page), else the
//! `kallos_lang` cookie (set by the language switch), else `Accept-Language`,
//! else English.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;
use std::sync::Arc;
use unic_langid::LanguageIdentifier;

/// (code, name in its own language, right-to-left, Fluent sources); English
/// first: it is the fallback and the reference every other locale matches.
const LOCALES: &[(&str, &str, bool, &[&str])] = &[
    (
        "en",
        "English",
        false,
        &[
            include_str!("../locales/en/main.ftl"),
            include_str!("../locales/en/membership.ftl"),
            include_str!("../locales/en/directory.ftl"),
            include_str!("../locales/en/statistics.ftl"),
            include_str!("../locales/en/countries.ftl"),
            include_str!("../locales/en/registry.ftl"),
        ],
    ),
    (
        "es",
        "Español",
        false,
        &[
            include_str!("../locales/es/main.ftl"),
            include_str!("../locales/es/membership.ftl"),
            include_str!("../locales/es/directory.ftl"),
            include_str!("../locales/es/statistics.ftl"),
            include_str!("../locales/es/countries.ftl"),
            include_str!("../locales/es/registry.ftl"),
        ],
    ),
    (
        "pt",
        "Português",
        false,
        &[
            include_str!("../locales/pt/main.ftl"),
            include_str!("../locales/pt/membership.ftl"),
            include_str!("../locales/pt/directory.ftl"),
            include_str!("../locales/pt/statistics.ftl"),
            include_str!("../locales/pt/countries.ftl"),
            include_str!("../locales/pt/registry.ftl"),
        ],
    ),
    (
        "fr",
        "Français",
        false,
        &[
            include_str!("../locales/fr/main.ftl"),
            include_str!("../locales/fr/membership.ftl"),
            include_str!("../locales/fr/directory.ftl"),
            include_str!("../locales/fr/statistics.ftl"),
            include_str!("../locales/fr/countries.ftl"),
            include_str!("../locales/fr/registry.ftl"),
        ],
    ),
    (
        "ar",
        "العربية",
        true,
        &[
            include_str!("../locales/ar/main.ftl"),
            include_str!("../locales/ar/membership.ftl"),
            include_str!("../locales/ar/directory.ftl"),
            include_str!("../locales/ar/statistics.ftl"),
            include_str!("../locales/ar/countries.ftl"),
            include_str!("../locales/ar/registry.ftl"),
        ],
    ),
    (
        "tr",
        "Türkçe",
        false,
        &[
            include_str!("../locales/tr/main.ftl"),
            include_str!("../locales/tr/membership.ftl"),
            include_str!("../locales/tr/directory.ftl"),
            include_str!("../locales/tr/statistics.ftl"),
            include_str!("../locales/tr/countries.ftl"),
            include_str!("../locales/tr/registry.ftl"),
        ],
    ),
];

pub const LANG_COOKIE: &str = "kallos_lang";

pub struct I18n {
    bundles: Vec<FluentBundle<FluentResource>>,
    /// Per locale, the messages that take no arguments, formatted once: a
    /// page asks for dozens of them.
    plain: Vec<foldhash::HashMap<String, String>>,
    /// Messages formatted with numbers, by (locale, key, numbers): pages
    /// repeat the same counts and page numbers.
    numbered: std::sync::RwLock<foldhash::HashMap<Numbered, String>>,
    /// Per locale, the taxonomy's procedures' names by their index: the
    /// directory names a dozen procedures per page.
    procedures: Vec<Vec<String>>,
}

type Numbered = (usize, &'static str, i64, i64);

/// Most numbered messages kept; beyond, all are dropped and formatted again.
const MAX_NUMBERED: usize = 10_000;

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("locales", &LOCALES.len())
            .finish()
    }
}

impl I18n {
    /// Parses every locale's messages; a syntax error in any file is an error.
    pub fn load() -> Result<Arc<Self>, String> {
        let mut bundles = Vec::new();
        for (code, _, _, sources) in LOCALES {
            let langid: LanguageIdentifier =
                code.parse().map_err(|e| format!("locale {code}: {e}"))?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Isolation marks would leak into HTML attributes and plain-text comparisons.
            bundle.set_use_isolating(false);
            for source in *sources {
                let resource = FluentResource::try_new((*source).to_owned())
                    .map_err(|(_, errors)| format!("locale {code}: {errors:?}"))?;
                bundle
                    .add_resource(resource)
                    .map_err(|errors| format!("locale {code}: {errors:?}"))?;
            }
            bundles.push(bundle);
        }
        let plain = LOCALES
            .iter()
            .zip(&bundles)
            .map(|((code, ..), bundle)| {
                Self::keys(code)
                    .into_iter()
                    .filter_map(|key| {
                        let pattern = bundle.get_message(&key)?.value()?;
                        let mut errors = Vec::new();
                        let text = bundle.format_pattern(pattern, None, &mut errors);
                        // A message that needs arguments fails without them.
                        errors.is_empty().then(|| (key, text.into_owned()))
                    })
                    .collect()
            })
            .collect();
        let mut i18n = Self {
            bundles,
            plain,
            numbered: std::sync::RwLock::default(),
            procedures: Vec::new(),
        };
        i18n.procedures = (0..LOCALES.len())
            .map(|index| {
                kallos_domain::registry::codes::procedures()
                    .iter()
                    .map(|p| {
                        let key = format!("stat-procedure-{}", p.code.to_ascii_lowercase());
                        i18n.plain[index]
                            .get(&key)
                            .cloned()
                            .unwrap_or_else(|| i18n.format(index, &key, None))
                    })
                    .collect()
            })
            .collect();
        Ok(Arc::new(i18n))
    }

    /// Picks the locale: an explicit choice first, then the browser's list.
    pub fn negotiate(self: &Arc<Self>, chosen: Option<&str>, accept_language: Option<&str>) -> Tr {
        let index = chosen
            .and_then(tag_index)
            .or_else(|| accept_language.and_then(best_accepted))
            .unwrap_or(0);
        Tr {
            i18n: Arc::clone(self),
            index,
        }
    }

    pub fn english(self: &Arc<Self>) -> Tr {
        self.negotiate(Some("en"), None)
    }

    fn format(&self, index: usize, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let bundle = &self.bundles[index];
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, locale = LOCALES[index].0, "missing translation");
            return if index == 0 {
                key.to_owned()
            } else {
                self.format(0, key, args)
            };
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "translation formatting");
        }
        text.into_owned()
    }

    /// `key` formatted with the numbers `(name, value)`, formatted once.
    fn numbered(&self, index: usize, key: &'static str, numbers: [(&str, i64); 2]) -> String {
        let id = (index, key, numbers[0].1, numbers[1].1);
        let kept = self
            .numbered
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&id)
            .cloned();
        if let Some(text) = kept {
            return text;
        }
        let mut args = FluentArgs::new();
        for (name, value) in numbers.into_iter().filter(|(name, _)| !name.is_empty()) {
            args.set(name, FluentValue::from(value));
        }
        let text = self.format(index, key, Some(&args));
        let mut numbered = self
            .numbered
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if numbered.len() >= MAX_NUMBERED {
            numbered.clear();
        }
        numbered.insert(id, text.clone());
        text
    }

    /// Message keys of a locale, for the completeness test.
    pub fn keys(locale: &str) -> Vec<String> {
        LOCALES
            .iter()
            .find(|l| l.0 == locale)
            .map(|l| {
                l.3.iter()
                    .flat_map(|source| source.lines())
                    .filter(|line| line.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                    .filter_map(|line| line.split_once(" =").map(|(k, _)| k.trim().to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The locale a language tag names (`pt`, `pt-BR`, `TR`): its primary
/// subtag, when Kallos has it.
fn tag_index(tag: &str) -> Option<usize> {
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    LOCALES
        .iter()
        .position(|l| l.0.eq_ignore_ascii_case(primary))
}

/// The code of the locale `tag` names, if Kallos has it: what a `?lang=`
/// parameter or the language switch may ask for.
pub fn supported(tag: &str) -> Option<&'static str> {
    tag_index(tag.trim()).map(|i| LOCALES[i].0)
}

/// Every locale's code, in the switch's order.
pub fn codes() -> impl Iterator<Item = &'static str> {
    LOCALES.iter().map(|l| l.0)
}

/// The first available language in an `Accept-Language` header, by weight.
fn best_accepted(header: &str) -> Option<usize> {
    let mut ranges: Vec<(f32, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(order, part)| {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next()?.trim();
            let weight = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && weight > 0.0).then_some((weight, order, tag))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.iter().find_map(|(_, _, tag)| tag_index(tag))
}

/// A translator for one request's locale; templates call it.
#[derive(Clone)]
pub struct Tr {
    i18n: Arc<I18n>,
    index: usize,
}

impl std::fmt::Debug for Tr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.lang())
    }
}

impl Tr {
    /// How many locales there are; [`Tr::locale`] is below it.
    pub const LOCALES: usize = LOCALES.len();

    pub fn lang(&self) -> &'static str {
        LOCALES[self.index].0
    }

    /// This locale's place among the locales, for what is kept per locale.
    pub fn locale(&self) -> usize {
        self.index
    }

    pub fn dir(&self) -> &'static str {
        if LOCALES[self.index].2 { "rtl" } else { "ltr" }
    }

    /// Every locale, for the language switch: (code, own name, whether it
    /// is this one).
    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        LOCALES
            .iter()
            .enumerate()
            .map(|(i, l)| (l.0, l.1, i == self.index))
            .collect()
    }

    /// The message `key`, which takes no arguments (borrowed: pages ask
    /// for dozens).
    pub fn t(&self, key: impl AsRef<str>) -> Cow<'_, str> {
        let key = key.as_ref();
        match self.i18n.plain[self.index].get(key) {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(self.i18n.format(self.index, key, None)),
        }
    }

    /// A country's name (ISO 3166-1 alpha-2 code) in the reader's language;
    /// an unknown code as it is.
    pub fn country(&self, code: &str) -> String {
        if kallos_domain::country::is_known(code) {
            self.t(format!("country-{}", code.to_ascii_lowercase()))
                .into_owned()
        } else {
            code.to_owned()
        }
    }

    /// A procedure's name (a code of the taxonomy) in the reader's
    /// language; an unknown code as it is.
    pub fn procedure<'a>(&'a self, code: &'a str) -> &'a str {
        kallos_domain::registry::codes::procedure_index(code)
            .and_then(|i| self.i18n.procedures[self.index].get(usize::from(i)))
            .map_or(code, String::as_str)
    }

    /// "Page 2 of 7".
    pub fn page_of(
        &self,
        page: impl std::borrow::Borrow<i64>,
        pages: impl std::borrow::Borrow<i64>,
    ) -> String {
        self.i18n.numbered(
            self.index,
            "page-of",
            [("page", *page.borrow()), ("pages", *pages.borrow())],
        )
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_owned(), FluentValue::from(value.to_string()));
        self.i18n.format(self.index, key, Some(&args))
    }

    /// A message with named text arguments (an evaluation line's detail).
    pub fn args(&self, key: &str, args: &std::collections::BTreeMap<String, String>) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(name.clone(), FluentValue::from(value.clone()));
        }
        self.i18n.format(self.index, key, Some(&fluent))
    }

    /// Why a value was refused, from its message (a `reason-*` id and its
    /// arguments); the English as stored when there is none.
    pub fn reason(
        &self,
        message: Option<&kallos_store::registry::IssueMessage>,
        english: &str,
    ) -> String {
        match message {
            Some(m) if self.i18n.bundles[self.index].has_message(&m.id) => {
                let mut fluent = FluentArgs::new();
                for (name, value) in &m.args {
                    fluent.set(name.clone(), FluentValue::from(value.clone()));
                }
                self.i18n.format(self.index, &m.id, Some(&fluent))
            }
            _ => english.to_owned(),
        }
    }

    /// A message whose plural form follows `count`.
    pub fn count(&self, key: &'static str, count: impl std::borrow::Borrow<i64>) -> String {
        self.i18n
            .numbered(self.index, key, [("count", *count.borrow()), ("", 0)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English catalogue says every reason exactly as the registry
    /// writes it (the command line and stored reports), and the other
    /// languages say each in their own words, with its arguments.
    #[test]
    fn every_reason_reads_in_each_language() {
        let i18n = I18n::load().expect("locales parse");
        let english = i18n.english();
        for reason in kallos_registry::reasons::Reason::examples() {
            let message = reason.message();
            assert_eq!(
                english.reason(Some(&message), "-"),
                reason.english,
                "{}",
                reason.id
            );
            for code in codes().skip(1) {
                let said = i18n.negotiate(Some(code), None).reason(Some(&message), "-");
                assert_ne!(said, reason.english, "{code} {}", reason.id);
                assert!(!said.contains('{') && said != "-", "{code} {}", reason.id);
                for (name, value) in &message.args {
                    // `what` chooses the words; the others are shown as given.
                    if name != "what" {
                        assert!(
                            said.contains(value.as_str()),
                            "{code} {}: {said}",
                            reason.id
                        );
                    }
                }
            }
        }
        let stored_before = english.reason(None, "as stored");
        assert_eq!(stored_before, "as stored");
    }

    /// Each message of a locale with the variables it uses (`$name`), from
    /// the Fluent sources: a message runs until the next line that starts
    /// another entry.
    fn placeables(locale: &str) -> std::collections::BTreeMap<String, Vec<String>> {
        placeables_of(
            LOCALES
                .iter()
                .find(|l| l.0 == locale)
                .map_or(&[][..], |l| l.3),
        )
    }

    fn placeables_of(sources: &[&str]) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut messages = std::collections::BTreeMap::<String, Vec<String>>::new();
        let mut current: Option<String> = None;
        for line in sources.iter().flat_map(|source| source.lines()) {
            let starts_entry = line
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace() && c != '}' && c != '[' && c != '*');
            let text = if starts_entry {
                current = line
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_lowercase())
                    .then(|| line.split_once(" =").map(|(k, _)| k.trim().to_owned()))
                    .flatten();
                if let Some(key) = &current {
                    messages.entry(key.clone()).or_default();
                }
                line.split_once(" =").map_or("", |(_, v)| v)
            } else {
                line
            };
            let Some(key) = &current else { continue };
            let variables = messages.entry(key.clone()).or_default();
            for (i, _) in text.match_indices('$') {
                let name: String = text[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                if !variables.contains(&name) {
                    variables.push(name);
                }
            }
        }
        for variables in messages.values_mut() {
            variables.sort();
        }
        messages
    }

    type Messages = std::collections::BTreeMap<String, Vec<String>>;

    /// How `other`'s messages differ from English's: missing, extra, or
    /// with other variables.
    fn differences(english: &Messages, other: &Messages) -> Vec<String> {
        let mut found = Vec::new();
        for (key, variables) in english {
            match other.get(key) {
                None => found.push(format!("lacks {key}")),
                Some(theirs) if theirs != variables => {
                    found.push(format!("{key} uses {theirs:?}, English {variables:?}"));
                }
                Some(_) => {}
            }
        }
        for key in other.keys().filter(|k| !english.contains_key(*k)) {
            found.push(format!("has {key}, which English lacks"));
        }
        found
    }

    /// Every locale has exactly English's messages, each with English's
    /// variables: a missing message would show English, an extra one is
    /// never shown, and a misspelt variable shows an error mark.
    #[test]
    fn every_locale_has_exactly_the_english_messages_and_variables() {
        let english = placeables("en");
        assert!(english.len() > 50);
        assert_eq!(I18n::keys("en").len(), english.len(), "keys are read alike");
        assert_eq!(
            codes().collect::<Vec<_>>(),
            ["en", "es", "pt", "fr", "ar", "tr"],
            "the six languages of the alliance"
        );
        for (code, ..) in LOCALES {
            let found = differences(&english, &placeables(code));
            assert!(found.is_empty(), "{code}: {found:#?}");
            let keys = I18n::keys(code);
            let mut unique = keys.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), keys.len(), "{code} defines a key twice");
        }
    }

    /// The comparison above sees a message missing, one too many, and a
    /// misnamed variable, in plain messages and in selectors.
    #[test]
    fn the_comparison_sees_missing_extra_and_misnamed_messages() {
        let english = placeables("en");
        assert_eq!(english["members-title"], ["society"]);
        assert_eq!(english["society-active-members"], ["count"]);
        assert_eq!(english["page-of"], ["page", "pages"]);
        assert_eq!(english["reason-identifier-column"], ["what"]);
        let reference = placeables_of(&[
            "# a comment\nhello = Hello { $name }\ncount = { $count ->\n    [one] One\n   *[other] { $count } of { $total }\n}\nplain = Plain\n",
        ]);
        assert_eq!(reference["count"], ["count", "total"]);
        assert!(differences(&reference, &reference).is_empty());
        let other = placeables_of(&[
            "hello = Hola { $nombre }\ncount = { $count ->\n    [one] Uno\n   *[other] { $count }\n}\nextra = Más\n",
        ]);
        assert_eq!(
            differences(&reference, &other),
            [
                "count uses [\"count\"], English [\"count\", \"total\"]",
                "hello uses [\"nombre\"], English [\"name\"]",
                "lacks plain",
                "has extra, which English lacks",
            ]
        );
    }

    #[test]
    fn plurals_follow_each_language() {
        let i18n = I18n::load().expect("locales parse");
        let say = |code: &str, n: i64| {
            i18n.negotiate(Some(code), None)
                .count("society-active-members", n)
        };
        assert_eq!(say("es", 1), "Un miembro activo");
        assert_eq!(say("es", 3), "3 miembros activos");
        // Portuguese and French say 0 and 1 in the singular.
        assert_eq!(say("pt", 0), "0 membro ativo");
        assert_eq!(say("pt", 2), "2 membros ativos");
        assert_eq!(say("fr", 0), "0 membre actif");
        assert_eq!(say("tr", 1), "Bir aktif üye");
        assert_eq!(say("tr", 5), "5 aktif üye");
        for code in codes() {
            let tr = i18n.negotiate(Some(code), None);
            for n in [0, 1, 2, 5, 11, 100, 1_000_000] {
                let said = tr.count("directory-found", n);
                assert!(
                    !said.contains('{') && !said.is_empty(),
                    "{code} {n}: {said}"
                );
                if n != 1 {
                    assert!(said.contains(&n.to_string()), "{code} {n}: {said}");
                }
            }
        }
    }

    #[test]
    fn negotiation_follows_choice_then_weights() {
        let i18n = I18n::load().expect("locales parse");
        assert_eq!(
            i18n.negotiate(None, Some("de-DE, fr-CH;q=0.9, en;q=0.8"))
                .lang(),
            "fr"
        );
        assert_eq!(
            i18n.negotiate(None, Some("en;q=0.2, ar-EG;q=0.7")).lang(),
            "ar"
        );
        assert_eq!(i18n.negotiate(Some("ar"), Some("fr")).lang(), "ar");
        assert_eq!(i18n.negotiate(Some("xx"), Some("de")).lang(), "en");
        assert_eq!(i18n.negotiate(None, Some("fr;q=0")).lang(), "en");
        assert_eq!(i18n.negotiate(Some("ar"), None).dir(), "rtl");
        for (header, lang) in [
            ("es-MX,es;q=0.9,en;q=0.5", "es"),
            ("pt-BR", "pt"),
            ("pt-PT;q=0.9, en;q=0.8", "pt"),
            ("tr-TR,tr;q=0.9", "tr"),
            ("de-DE, tr;q=0.5, es;q=0.4", "tr"),
            ("ES", "es"),
        ] {
            assert_eq!(i18n.negotiate(None, Some(header)).lang(), lang, "{header}");
        }
        for code in ["es", "pt", "tr", "en", "fr"] {
            assert_eq!(i18n.negotiate(Some(code), Some("ar")).dir(), "ltr");
        }
        assert_eq!(supported("pt-BR"), Some("pt"));
        assert_eq!(supported("TR"), Some("tr"));
        assert_eq!(supported("de"), None);
        assert_eq!(supported(""), None);
    }

    #[test]
    fn messages_format_with_plurals_and_arguments() {
        let i18n = I18n::load().expect("locales parse");
        let en = i18n.english();
        assert_eq!(en.count("society-active-members", 1), "One active member");
        assert_eq!(en.count("society-active-members", 12), "12 active members");
        assert_eq!(en.t1("members-title", "society", "SBCP"), "Members of SBCP");
        let fr = i18n.negotiate(Some("fr"), None);
        assert_eq!(fr.t("nav-societies"), "Sociétés");
        // Numbered messages are kept once formatted: by locale and numbers.
        for _ in 0..2 {
            assert_eq!(en.page_of(2, 7), "Page 2 of 7");
            assert_eq!(fr.page_of(2, 7), "Page 2 sur 7");
            assert_eq!(en.page_of(7, 2), "Page 7 of 2");
            assert_eq!(en.count("society-active-members", 1), "One active member");
        }
    }
}
