//! Free text typed into forms: how long each kind of field may be, which characters are
//! refused, and the plain messages that say so. Every form and every check of a stored record
//! uses these, so a limit is set in one place.
//!
//! Lengths are counted in characters (Unicode scalar values), not bytes: "José" is 4, and the
//! emoji "👩‍👧" (a woman, a joiner and a girl) is 3. Right-to-left marks, emoji, joiners and
//! combining marks are ordinary text and are kept as typed.
//!
//! Control characters (C0, DEL and C1: U+0000-U+001F, U+007F-U+009F) cannot be shown and break
//! printouts and exports, so forms refuse them; multi-line fields accept line breaks and tabs.
//! Records read back from storage or a backup are held to the lengths only ([`Check::Stored`]):
//! an earlier version accepted, say, a tab pasted into a group name, and hiding that group as
//! damaged would cost more than the tab. Editing such a record asks for the character to go.
//!
//! ```
//! use iop_planner::domain::text::{Check, Rule};
//!
//! let name = Rule::name("Full name");
//! assert_eq!(name.problem("Zoë \u{200f}أحمد 👩\u{200d}👧", Check::Typed), None);
//! assert_eq!(
//!     name.problem(&"x".repeat(10_000), Check::Typed).as_deref(),
//!     Some("Full name is too long: 10,000 characters; at most 200.")
//! );
//! assert_eq!(
//!     name.problem("Ana\u{7}", Check::Typed).as_deref(),
//!     Some("Full name has a control character in it (character 4); remove it.")
//! );
//! ```

/// Longest name or title: people, groups, rooms, tracks, the programme, curricula and their
/// modules, topics, agenda blocks. The longest real names are well under 100 characters.
pub const NAME_MAX: usize = 200;
/// Longest one-line text: pronouns, credentials, roles, contact details, language and access
/// needs, a consent's purpose and discloser, reasons, learning objectives, materials, and the
/// app's public address (a share link built on it must stay under about 2,000 characters).
pub const SHORT_MAX: usize = 500;
/// Longest meeting link (telehealth rooms and family sessions): some video services put long
/// tokens in their links.
pub const LINK_MAX: usize = 2_000;
/// Longest multi-line text: notes, descriptions, summaries, homework, facilitator notes. About
/// two printed pages.
pub const NOTES_MAX: usize = 5_000;

/// How strictly text is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Typed into a form: lengths, control characters, and names that show nothing.
    Typed,
    /// Read back from storage or a backup: lengths only (see the module documentation).
    Stored,
}

/// The rule of one free-text field: its name in messages, its longest length and whether it
/// may hold several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The field as the form labels it, starting a sentence ("Full name", "Notes").
    pub label: &'static str,
    /// Longest length in characters.
    pub max: usize,
    /// Whether line breaks and tabs are accepted.
    pub multiline: bool,
    /// Whether the label is plural ("Notes are too long").
    pub plural: bool,
}

impl Rule {
    /// A name or title, at most [`NAME_MAX`] characters on one line.
    pub const fn name(label: &'static str) -> Rule {
        Rule::line(label, NAME_MAX)
    }

    /// Other one-line text, at most [`SHORT_MAX`] characters.
    pub const fn short(label: &'static str) -> Rule {
        Rule::line(label, SHORT_MAX)
    }

    /// A web address, at most [`LINK_MAX`] characters.
    pub const fn link(label: &'static str) -> Rule {
        Rule::line(label, LINK_MAX)
    }

    /// Multi-line notes, at most [`NOTES_MAX`] characters.
    pub const fn notes(label: &'static str) -> Rule {
        Rule {
            label,
            max: NOTES_MAX,
            multiline: true,
            plural: false,
        }
    }

    /// One line of at most `max` characters.
    pub const fn line(label: &'static str, max: usize) -> Rule {
        Rule {
            label,
            max,
            multiline: false,
            plural: false,
        }
    }

    /// The same rule, for a plural label ("Notes", "Credentials").
    pub const fn plural(self) -> Rule {
        Rule {
            plural: true,
            ..self
        }
    }

    /// What is wrong with `value`, in a sentence, or `None`. Too long is reported first (one
    /// message per field); control characters only for [`Check::Typed`].
    pub fn problem(&self, value: &str, check: Check) -> Option<String> {
        let length = value.chars().count();
        let (is, has, it) = if self.plural {
            ("are", "have", "them")
        } else {
            ("is", "has", "it")
        };
        if length > self.max {
            return Some(format!(
                "{} {is} too long: {} characters; at most {}.",
                self.label,
                thousands(length),
                thousands(self.max)
            ));
        }
        if check == Check::Stored {
            return None;
        }
        let (position, c) = value
            .chars()
            .enumerate()
            .find(|(_, c)| c.is_control() && !(self.multiline && is_layout(*c)))?;
        let what = match c {
            '\t' => "a tab",
            '\n' | '\r' => "a line break",
            _ => "a control character",
        };
        Some(format!(
            "{} {has} {what} in {it} (character {}); remove it.",
            self.label,
            thousands(position + 1)
        ))
    }
}

/// Line breaks and tabs: the control characters a multi-line field keeps.
fn is_layout(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t')
}

/// Whether `value` shows nothing: empty, or only spaces, control characters and invisible
/// formatting marks (zero-width spaces and joiners, direction marks, variation selectors). A
/// name made of these would be an empty line in every list.
pub fn is_blank(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
}

/// Whether a required field is empty: for typed text, nothing visible ([`is_blank`]); for a
/// stored record, nothing but spaces (as earlier versions checked it).
pub fn is_missing(value: &str, check: Check) -> bool {
    match check {
        Check::Typed => is_blank(value),
        Check::Stored => value.trim().is_empty(),
    }
}

/// Characters that take no space and draw nothing on their own.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// `base` followed by `suffix`, with `base` cut short so the whole stays within `max`
/// characters ("Grounding skills (copy)" for a duplicate of a name already at the limit).
pub fn with_suffix(base: &str, suffix: &str, max: usize) -> String {
    let room = max.saturating_sub(suffix.chars().count());
    let mut out: String = base.chars().take(room).collect();
    out.push_str(suffix);
    out
}

/// "1 member", "3 members".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A count as messages show it: "10,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_counted_in_characters_not_bytes() {
        let name = Rule::name("Name");
        // 200 four-byte emoji: 800 bytes, 200 characters.
        assert_eq!(name.problem(&"😀".repeat(200), Check::Typed), None);
        assert_eq!(
            name.problem(&"😀".repeat(201), Check::Typed).as_deref(),
            Some("Name is too long: 201 characters; at most 200.")
        );
        assert_eq!(name.problem(&"é".repeat(200), Check::Typed), None);
        assert_eq!(name.problem("", Check::Typed), None);
    }

    #[test]
    fn messages_say_the_length_and_the_limit_with_thousands_separated() {
        let notes = Rule::notes("Notes").plural();
        assert_eq!(
            notes.problem(&"n".repeat(10_000), Check::Typed).as_deref(),
            Some("Notes are too long: 10,000 characters; at most 5,000.")
        );
        assert_eq!(
            Rule::link("Meeting link")
                .problem(&"l".repeat(2_001), Check::Stored)
                .as_deref(),
            Some("Meeting link is too long: 2,001 characters; at most 2,000.")
        );
        for (n, shown) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1,000"),
            (12_345, "12,345"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(thousands(n), shown);
        }
    }

    #[test]
    fn control_characters_are_refused_where_they_are_with_what_they_are() {
        let name = Rule::name("Group name");
        for (value, expected) in [
            (
                "Ana\u{0}",
                "Group name has a control character in it (character 4); remove it.",
            ),
            (
                "\u{1b}[31mRed",
                "Group name has a control character in it (character 1); remove it.",
            ),
            (
                "C1 \u{85} next line",
                "Group name has a control character in it (character 4); remove it.",
            ),
            (
                "DEL\u{7f}",
                "Group name has a control character in it (character 4); remove it.",
            ),
            (
                "Tab\there",
                "Group name has a tab in it (character 4); remove it.",
            ),
            (
                "Two\nlines",
                "Group name has a line break in it (character 4); remove it.",
            ),
        ] {
            assert_eq!(
                name.problem(value, Check::Typed).as_deref(),
                Some(expected),
                "{value:?}"
            );
        }
        assert_eq!(
            Rule::short("Credentials")
                .plural()
                .problem("LCSW\u{7}", Check::Typed)
                .as_deref(),
            Some("Credentials have a control character in them (character 5); remove it.")
        );
    }

    #[test]
    fn multi_line_fields_keep_line_breaks_and_tabs_but_not_other_controls() {
        let notes = Rule::notes("Notes").plural();
        assert_eq!(
            notes.problem("Line one\r\nLine two\n\tindented", Check::Typed),
            None
        );
        assert!(notes.problem("bell\u{7}", Check::Typed).is_some());
        assert!(notes.problem("vertical tab\u{b}", Check::Typed).is_some());
    }

    #[test]
    fn direction_marks_emoji_joiners_and_combining_marks_are_text() {
        let name = Rule::name("Full name");
        for value in [
            "\u{200f}مريم\u{200f}",
            "abc\u{202e}fed",
            "👩‍👩‍👧‍👦 family",
            "🏳️‍🌈",
            "Zoe\u{308}",
            "ש\u{5b8}לוֹם",
            "\u{2028}",
        ] {
            assert_eq!(name.problem(value, Check::Typed), None, "{value:?}");
        }
    }

    #[test]
    fn stored_records_are_held_to_lengths_only() {
        let name = Rule::name("Name");
        assert_eq!(name.problem("Group\tA\u{7}", Check::Stored), None);
        assert!(name.problem(&"x".repeat(201), Check::Stored).is_some());
        assert!(is_missing("  ", Check::Stored));
        assert!(!is_missing("\u{200b}", Check::Stored));
        assert!(is_missing("\u{200b}", Check::Typed));
    }

    #[test]
    fn a_suffix_fits_within_the_limit() {
        assert_eq!(with_suffix("Skills", " (copy)", NAME_MAX), "Skills (copy)");
        let long = with_suffix(&"é".repeat(NAME_MAX), " (copy)", NAME_MAX);
        assert_eq!(long.chars().count(), NAME_MAX);
        assert!(long.ends_with("é (copy)"));
    }

    #[test]
    fn blank_means_nothing_visible() {
        for blank in [
            "",
            "   ",
            "\t\n",
            "\u{200b}\u{200f}",
            "\u{feff}",
            "\u{202e} \u{2066}",
            "\u{0}",
        ] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for shown in ["a", " 😀 ", "\u{200f}א", "\u{301}", "٠"] {
            assert!(!is_blank(shown), "{shown:?}");
        }
    }
}
