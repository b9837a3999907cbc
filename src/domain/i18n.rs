//! What families read, in their language: the family schedule (page, printout, share link),
//! its calendar titles and the Part 2 notice. Each language is one file in `i18n/` holding a
//! [`Strings`]; [`LANGUAGES`] lists them with the names people type for them ("Spanish",
//! "español"). A third language is a new file and its line in [`LANGUAGES`]; nothing else
//! changes.
//!
//! Texts with a `{name}` placeholder are filled by [`fill`].

mod en;
mod es;

/// Every text a family sees.
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    /// BCP 47 code ("en").
    pub code: &'static str,
    /// "Family session, {programme}"
    pub family_session: &'static str,
    /// "{first}'s group session"
    pub client_group: &'static str,
    /// "Group session" (no first name known)
    pub group_session: &'static str,
    /// "{who}: {topic}"
    pub with_topic: &'static str,
    /// "Family education: {topic}"
    pub family_education_topic: &'static str,
    /// "Family education, {programme}"
    pub family_education: &'static str,
    /// "your programme" (no programme name set)
    pub your_programme: &'static str,
    pub online: &'static str,
    pub to_be_confirmed: &'static str,
    /// The 42 CFR 2.32 notice.
    pub part2_notice: &'static str,
    /// Weekday abbreviations, Monday first.
    pub weekdays: [&'static str; 7],
    /// Month abbreviations, January first.
    pub months: [&'static str; 12],
    /// "{name}'s schedule"
    pub schedule_for: &'static str,
    /// "Next session"
    pub next_session: &'static str,
    /// "Nothing is scheduled in this period."
    pub nothing: &'static str,
    /// "Shared on {date}; valid until {expiry}."
    pub shared_until: &'static str,
    /// "This link expired on {date}. Ask the programme for a new one."
    pub expired: &'static str,
    /// "This link is damaged or incomplete. Ask the programme for a new one."
    pub damaged: &'static str,
    /// "Add to calendar"
    pub add_to_calendar: &'static str,
    /// "Print"
    pub print: &'static str,
    /// "What is shared: {scopes}."
    pub what_is_shared: &'static str,
    /// The consent scopes in words: family sessions, family education, client group times,
    /// topic titles.
    pub scopes: [&'static str; 4],
    /// A calendar reminder's text.
    pub reminder: &'static str,
    /// The printed link's title: "Your schedule from {programme}"
    pub link_sheet_title: &'static str,
    /// How to open the printed link.
    pub link_sheet_scan: &'static str,
    /// The printed link's code: "Programme code: {code}. The page that opens shows the same code."
    pub link_sheet_code: &'static str,
    /// A signed link whose code this phone has not confirmed: "Programme code: {code}. …"
    pub code_check: &'static str,
    /// "The code matches"
    pub code_matches: &'static str,
    /// A link signed with the code confirmed before: "Signed by {programme}, code {code}: …"
    pub code_known: &'static str,
    /// A link whose code is not the one confirmed before for its programme: "Warning: …"
    pub code_changed: &'static str,
    /// "The programme confirmed the new code"
    pub code_new_confirmed: &'static str,
    /// A link signed with a key the site of this page publishes: "Signed with the key that
    /// {site} publishes …"
    pub code_published: &'static str,
    /// A link signed with none of the keys this copy of the page publishes: "Warning: …"
    pub code_unpublished: &'static str,
    /// A link made before links were signed: nothing says who made it.
    pub unsigned: &'static str,
    /// Beside an address not opened from the page: "(check this address before you use it)"
    pub check_address: &'static str,
}

/// The languages, with the names (lower case) a preferred language may be written as.
pub static LANGUAGES: &[(&Strings, &[&str])] = &[
    (&en::STRINGS, &["english", "en", "inglés", "ingles"]),
    (
        &es::STRINGS,
        &["spanish", "es", "español", "espanol", "castellano"],
    ),
];

/// The strings for a preferred language as typed ("Spanish", "Español (Mexico)", "es-MX"),
/// English when none matches.
pub fn for_language(preferred: &str) -> &'static Strings {
    let typed = preferred.trim().to_lowercase();
    let first = typed
        .split(|c: char| !c.is_alphanumeric() && !"ñéíáóú".contains(c))
        .next()
        .unwrap_or("");
    LANGUAGES
        .iter()
        .find(|(s, names)| names.contains(&first) || s.code == first)
        .map_or(&en::STRINGS, |(s, _)| *s)
}

/// The strings for a language code ("es"), English when unknown.
pub fn by_code(code: &str) -> &'static Strings {
    LANGUAGES
        .iter()
        .find(|(s, _)| s.code == code)
        .map_or(&en::STRINGS, |(s, _)| *s)
}

/// `template` with each `{key}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (key, value) in values {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

impl Strings {
    /// "Tue 8 Dec 2026" / "mar 8 dic 2026".
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        format!(
            "{} {} {} {}",
            self.weekdays[d.weekday().num_days_from_monday() as usize],
            d.day(),
            self.months[d.month0() as usize],
            d.year()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferred_languages_pick_their_strings_and_anything_else_is_english() {
        assert_eq!(for_language("Spanish").code, "es");
        assert_eq!(for_language(" español (México)").code, "es");
        assert_eq!(for_language("es-MX").code, "es");
        assert_eq!(for_language("English").code, "en");
        assert_eq!(for_language("").code, "en");
        assert_eq!(for_language("Tagalog").code, "en");
        assert_eq!(by_code("es").code, "es");
    }

    #[test]
    fn every_language_fills_the_same_placeholders() {
        let (en, _) = LANGUAGES[0];
        let holes = |t: &str| {
            let mut v: Vec<String> = t
                .split('{')
                .skip(1)
                .filter_map(|r| r.split_once('}').map(|(k, _)| k.to_string()))
                .collect();
            v.sort();
            v
        };
        for (s, _) in LANGUAGES {
            let pairs = [
                (en.family_session, s.family_session),
                (en.client_group, s.client_group),
                (en.with_topic, s.with_topic),
                (en.family_education_topic, s.family_education_topic),
                (en.family_education, s.family_education),
                (en.schedule_for, s.schedule_for),
                (en.shared_until, s.shared_until),
                (en.expired, s.expired),
                (en.what_is_shared, s.what_is_shared),
                (en.link_sheet_title, s.link_sheet_title),
                (en.link_sheet_code, s.link_sheet_code),
                (en.code_check, s.code_check),
                (en.code_known, s.code_known),
                (en.code_changed, s.code_changed),
                (en.code_published, s.code_published),
                (en.code_unpublished, s.code_unpublished),
            ];
            for (a, b) in pairs {
                assert_eq!(holes(a), holes(b), "{}: {b}", s.code);
            }
            assert!(!s.part2_notice.is_empty());
        }
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        assert_eq!(by_code("en").date(d), "Tue 8 Dec 2026");
        assert_eq!(by_code("es").date(d), "mar 8 dic 2026");
        assert_eq!(
            fill(
                by_code("es").family_session,
                &[("programme", "Riverside IOP")]
            ),
            "Sesión familiar, Riverside IOP"
        );
    }
}
