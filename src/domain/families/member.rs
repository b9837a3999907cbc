//! Family members and support people.
//!
//! One person is one record, whatever the number of clients they support: a parent of two
//! siblings in the programme is entered once, with one [`Support`] per client. Contact details
//! are checked for shape only; nothing is ever sent from the app.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::domain::dates;
use crate::domain::errors::FieldErrors;
use crate::domain::people::client::ClientId;
use crate::domain::text::{self, Check, Rule};

/// Schema version of stored family-member records.
pub const FAMILY_MEMBER_SCHEMA: u32 = 1;

/// How a family member is related to the client they support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    Parent,
    Guardian,
    Partner,
    Sibling,
    Child,
    Friend,
    Other,
}

impl Relationship {
    pub const ALL: [Relationship; 7] = [
        Relationship::Parent,
        Relationship::Guardian,
        Relationship::Partner,
        Relationship::Sibling,
        Relationship::Child,
        Relationship::Friend,
        Relationship::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Relationship::Parent => "Parent",
            Relationship::Guardian => "Guardian",
            Relationship::Partner => "Partner or spouse",
            Relationship::Sibling => "Sibling",
            Relationship::Child => "Child",
            Relationship::Friend => "Friend",
            Relationship::Other => "Other support person",
        }
    }

    /// The stored key ("parent", "partner", ...).
    pub fn key(self) -> &'static str {
        match self {
            Relationship::Parent => "parent",
            Relationship::Guardian => "guardian",
            Relationship::Partner => "partner",
            Relationship::Sibling => "sibling",
            Relationship::Child => "child",
            Relationship::Friend => "friend",
            Relationship::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Relationship> {
        Relationship::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// How the family member prefers to be contacted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactWay {
    /// Not to be contacted directly (the client passes things on).
    #[default]
    None,
    Phone,
    Email,
    Text,
}

impl ContactWay {
    pub const ALL: [ContactWay; 4] = [
        ContactWay::None,
        ContactWay::Phone,
        ContactWay::Email,
        ContactWay::Text,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ContactWay::None => "No direct contact",
            ContactWay::Phone => "Phone call",
            ContactWay::Email => "Email",
            ContactWay::Text => "Text message",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ContactWay::None => "none",
            ContactWay::Phone => "phone",
            ContactWay::Email => "email",
            ContactWay::Text => "text",
        }
    }

    pub fn from_key(key: &str) -> Option<ContactWay> {
        ContactWay::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The family member's tie to one client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    pub client: ClientId,
    pub relationship: Relationship,
    /// Whether they are the client's legal guardian (expected for adolescents).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub legal_guardian: bool,
}

/// A weekly window the family member can usually make, e.g. Tuesday 17:00-20:00; with
/// `alternate_from`, only every other week, counted from the week of that date (shift workers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeTime {
    pub weekday: Weekday,
    #[serde(with = "crate::domain::dates::clock_time")]
    pub from: NaiveTime,
    #[serde(with = "crate::domain::dates::clock_time")]
    pub until: NaiveTime,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::domain::dates::iso_date::option"
    )]
    pub alternate_from: Option<NaiveDate>,
}

impl FreeTime {
    /// Whether this window applies on `date` (right weekday and, for alternate weeks, a week
    /// an even number of weeks from the anchor's week).
    pub fn applies_on(&self, date: NaiveDate) -> bool {
        if date.weekday() != self.weekday {
            return false;
        }
        match self.alternate_from {
            None => true,
            Some(anchor) => {
                let weeks = (dates::week_start(date) - dates::week_start(anchor)).num_days() / 7;
                weeks % 2 == 0
            }
        }
    }

    /// "Tue 17:00-20:00", with ", alternate weeks" when it applies every other week.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "{} {}-{}",
            crate::domain::dates::short_day(self.weekday),
            dates::clock(self.from),
            dates::clock(self.until)
        );
        if self.alternate_from.is_some() {
            s.push_str(", alternate weeks");
        }
        s
    }
}

/// A family member or other support person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyMember {
    pub id: String,
    pub schema: u32,
    pub name: String,
    /// The clients they support, one entry each.
    pub supports: Vec<Support>,
    #[serde(default)]
    pub contact: ContactWay,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    /// Preferred language, e.g. "Spanish".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// Interpreter or access needs, e.g. "Spanish interpreter", "step-free access".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub access_needs: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// When they can usually come (empty: not recorded, so not checked).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub availability: Vec<FreeTime>,
    /// One-off dates they cannot come.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "crate::domain::dates::iso_date_list"
    )]
    pub unavailable: Vec<NaiveDate>,
    /// Their time in family-education and multi-family groups, by join date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupStint>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
}

/// A family member's time in one family-education or multi-family group, like a client's
/// membership: `leave` is the first day they are no longer a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupStint {
    pub group: String,
    #[serde(with = "crate::domain::dates::iso_date")]
    pub join: NaiveDate,
    #[serde(default, with = "crate::domain::dates::iso_date::option")]
    pub leave: Option<NaiveDate>,
}

impl GroupStint {
    /// Whether they are in the group on `date`.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.join <= date && self.leave.is_none_or(|leave| date < leave)
    }
}

impl FamilyMember {
    /// Whether they have a place in `group` on `date`.
    pub fn in_group_on(&self, group: &str, date: NaiveDate) -> bool {
        self.groups_on(date).any(|g| g.group == group)
    }

    /// The groups they are in on `date`.
    pub fn groups_on(&self, date: NaiveDate) -> impl Iterator<Item = &GroupStint> + '_ {
        self.groups.iter().filter(move |g| g.active_on(date))
    }

    /// Their tie to `client`, if they support them.
    pub fn support_of(&self, client: &ClientId) -> Option<&Support> {
        self.supports.iter().find(|s| &s.client == client)
    }

    /// Whether they are recorded as `client`'s legal guardian.
    pub fn is_guardian_of(&self, client: &ClientId) -> bool {
        self.support_of(client).is_some_and(|s| s.legal_guardian)
    }

    /// Whether they said they can come on `date` from `from` to `until`: not a one-off
    /// unavailable date, and inside a weekly window when any is recorded.
    pub fn available(&self, date: NaiveDate, from: NaiveTime, until: NaiveTime) -> bool {
        if self.unavailable.contains(&date) {
            return false;
        }
        if self.availability.is_empty() {
            return true;
        }
        // Windows that touch or overlap count as one (Tue 13:00-16:00 and 16:00-18:00).
        let mut windows: Vec<(NaiveTime, NaiveTime)> = self
            .availability
            .iter()
            .filter(|w| w.applies_on(date))
            .map(|w| (w.from, w.until))
            .collect();
        windows.sort();
        let mut reach = from;
        for (a, b) in windows {
            if a <= reach && reach < b {
                reach = b;
            }
        }
        until <= reach
    }

    /// Their weekly availability in plain words ("Not recorded" when empty).
    pub fn describe_availability(&self) -> String {
        if self.availability.is_empty() {
            return "Not recorded".into();
        }
        self.availability
            .iter()
            .map(FreeTime::describe)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Whether `raw` looks like a phone number: digits with spaces, `+`, `-`, `.`, `(`, `)`, and
/// 7 to 15 digits.
pub fn phone_shape_ok(raw: &str) -> bool {
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && raw
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c))
}

/// Whether `raw` looks like an email address: one `@` with text before it and a dotted domain
/// after it, no spaces.
pub fn email_shape_ok(raw: &str) -> bool {
    let Some((local, domain)) = raw.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !raw.chars().any(char::is_whitespace)
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && !b.ends_with('.'))
}

/// Check a family member; `known` says whether a client id exists. Problems are keyed by the
/// form's field names.
pub fn validate_family_member(
    m: &FamilyMember,
    known: impl Fn(&ClientId) -> bool,
) -> Result<(), FieldErrors> {
    check_family_member(m, known, Check::Typed)
}

/// [`validate_family_member`], as strict as `check` says (stored records: lengths only).
pub(crate) fn check_family_member(
    m: &FamilyMember,
    known: impl Fn(&ClientId) -> bool,
    check: Check,
) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    if text::is_missing(&m.name, check) {
        e.push("name", "Enter the family member's name.");
    }
    // Lengths and characters first: the shape checks below would only repeat them.
    for (field, rule, value) in [
        ("name", Rule::name("Name"), m.name.trim()),
        ("phone", Rule::short("Phone"), &m.phone),
        ("email", Rule::short("Email"), &m.email),
        ("language", Rule::short("Preferred language"), &m.language),
        (
            "access_needs",
            Rule::short("Interpreter or access needs").plural(),
            &m.access_needs,
        ),
        ("notes", Rule::notes("Notes").plural(), &m.notes),
    ] {
        if let Some(p) = rule.problem(value, check) {
            e.push_once(field, p);
        }
    }
    if m.supports.is_empty() {
        e.push("client", "Choose the client this person supports.");
    }
    for (i, s) in m.supports.iter().enumerate() {
        if !known(&s.client) {
            e.push_once("client", "One of the clients no longer exists.");
        }
        if m.supports[..i].iter().any(|o| o.client == s.client) {
            e.push_once("client", "Each client can be listed once.");
        }
    }
    let phone = m.phone.trim();
    if !phone.is_empty() && !phone_shape_ok(phone) {
        e.push_once(
            "phone",
            "Enter the phone number with 7 to 15 digits (spaces, +, -, and brackets are fine).",
        );
    }
    let email = m.email.trim();
    if !email.is_empty() && !email_shape_ok(email) {
        e.push_once("email", "Enter an email address like name@example.org.");
    }
    match m.contact {
        ContactWay::Phone | ContactWay::Text if phone.is_empty() => e.push_once(
            "phone",
            "Enter a phone number, or choose another way to contact them.",
        ),
        ContactWay::Email if email.is_empty() => e.push_once(
            "email",
            "Enter an email address, or choose another way to contact them.",
        ),
        _ => {}
    }
    for w in &m.availability {
        if w.until <= w.from {
            e.push_once(
                "availability",
                format!(
                    "Availability on {} must end after it starts.",
                    crate::domain::dates::short_day(w.weekday)
                ),
            );
        }
    }
    e.into_result()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn member(id: &str, clients: &[&str]) -> FamilyMember {
        FamilyMember {
            id: id.into(),
            schema: FAMILY_MEMBER_SCHEMA,
            name: format!("Person {id}"),
            supports: clients
                .iter()
                .map(|c| Support {
                    client: ClientId((*c).into()),
                    relationship: Relationship::Parent,
                    legal_guardian: false,
                })
                .collect(),
            contact: ContactWay::None,
            phone: String::new(),
            email: String::new(),
            language: String::new(),
            access_needs: String::new(),
            notes: String::new(),
            availability: Vec::new(),
            unavailable: Vec::new(),
            groups: Vec::new(),
            archived: false,
        }
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn contact_details_are_checked_for_shape_only() {
        for (raw, ok) in [
            ("+1 (555) 010-2030", true),
            ("555.010.2030", true),
            ("12345", false),
            ("call me", false),
            ("1234567890123456", false),
        ] {
            assert_eq!(phone_shape_ok(raw), ok, "{raw}");
        }
        for (raw, ok) in [
            ("maria@example.org", true),
            ("a.b@c.co.uk", true),
            ("maria@", false),
            ("@example.org", false),
            ("maria@example", false),
            ("ma ria@example.org", false),
            ("a@b@c.org", false),
        ] {
            assert_eq!(email_shape_ok(raw), ok, "{raw}");
        }
    }

    #[test]
    fn a_member_needs_a_name_a_known_client_and_the_contact_they_prefer() {
        let known = |c: &ClientId| c.0 != "ghost";
        let mut m = member("f1", &["ana", "ben"]);
        assert!(validate_family_member(&m, known).is_ok());
        m.name = "  ".into();
        m.contact = ContactWay::Email;
        m.supports.push(m.supports[0].clone());
        let e = validate_family_member(&m, known).unwrap_err();
        assert_eq!(e.get("name"), Some("Enter the family member's name."));
        assert_eq!(e.get("client"), Some("Each client can be listed once."));
        assert!(
            e.get("email")
                .unwrap()
                .starts_with("Enter an email address")
        );
        let mut m = member("f1", &["ghost"]);
        m.phone = "12".into();
        let e = validate_family_member(&m, known).unwrap_err();
        assert_eq!(
            e.get("client"),
            Some("One of the clients no longer exists.")
        );
        assert!(e.get("phone").is_some());
        assert!(validate_family_member(&member("f1", &[]), known).is_err());
    }

    #[test]
    fn availability_follows_weekdays_alternate_weeks_and_one_off_dates() {
        let mut m = member("f1", &["ana"]);
        // Not recorded: every time is possible.
        assert!(m.available(d(12, 1), t(9, 0), t(10, 0)));
        m.availability = vec![
            FreeTime {
                weekday: Weekday::Tue,
                from: t(17, 0),
                until: t(20, 0),
                alternate_from: None,
            },
            FreeTime {
                weekday: Weekday::Sat,
                from: t(9, 0),
                until: t(12, 0),
                // The week of Sat 5 Dec 2026, then every other week.
                alternate_from: Some(d(12, 3)),
            },
        ];
        m.unavailable = vec![d(12, 15)];
        assert!(m.available(d(12, 1), t(17, 30), t(18, 30)));
        assert!(
            !m.available(d(12, 1), t(16, 30), t(17, 30)),
            "starts too early"
        );
        assert!(!m.available(d(12, 2), t(17, 30), t(18, 30)), "a Wednesday");
        assert!(
            !m.available(d(12, 15), t(17, 30), t(18, 30)),
            "one-off date"
        );
        assert!(m.available(d(12, 5), t(9, 0), t(10, 0)));
        assert!(!m.available(d(12, 12), t(9, 0), t(10, 0)), "the off week");
        assert!(m.available(d(12, 19), t(9, 0), t(10, 0)));
        assert!(
            m.available(d(11, 21), t(9, 0), t(10, 0)),
            "weeks before the anchor too"
        );
        assert_eq!(
            m.describe_availability(),
            "Tue 17:00-20:00; Sat 09:00-12:00, alternate weeks"
        );
        m.availability[0].until = t(16, 0);
        let e = validate_family_member(&m, |_| true).unwrap_err();
        assert_eq!(
            e.get("availability"),
            Some("Availability on Tue must end after it starts.")
        );
    }

    #[test]
    fn stored_form_leaves_out_empty_fields_and_reads_back() {
        let mut m = member("f1", &["ana"]);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json,
            r#"{"id":"f1","schema":1,"name":"Person f1","supports":[{"client":"ana","relationship":"parent"}],"contact":"none"}"#
        );
        m.unavailable = vec![d(12, 15)];
        m.supports[0].legal_guardian = true;
        let back: FamilyMember = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
    }
}
