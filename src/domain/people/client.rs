//! Clients (programme participants): the record, its form draft, validation and search.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::dates::{REAL_DATE_HINT, human_date, parse_date};
pub use crate::domain::people::care::{AgeBand, LevelOfCare};
use crate::domain::settings::Settings;
use crate::domain::sorting;
use crate::domain::text::{self, Check, Rule};

/// Schema version of a stored client record; see [`crate::domain::record`] (its restore path) for
/// the migration.
pub const CLIENT_SCHEMA: u32 = 3;

/// A client's id: a UUID v4 string created once, when the client is added.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClientId(pub String);

impl std::fmt::Display for ClientId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Gender as recorded for gender-specific groups; `Unspecified` unless the client shared it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    #[default]
    Unspecified,
    Woman,
    Man,
    NonBinary,
}

impl Gender {
    pub const ALL: [Gender; 4] = [
        Gender::Unspecified,
        Gender::Woman,
        Gender::Man,
        Gender::NonBinary,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Gender::Unspecified => "Not recorded",
            Gender::Woman => "Woman",
            Gender::Man => "Man",
            Gender::NonBinary => "Non-binary",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Gender::Unspecified => "unspecified",
            Gender::Woman => "woman",
            Gender::Man => "man",
            Gender::NonBinary => "non_binary",
        }
    }

    pub fn from_code(code: &str) -> Option<Gender> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// When in the day a client can attend (work, school, childcare).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchedulePreference {
    #[default]
    Any,
    Day,
    Evening,
}

impl SchedulePreference {
    pub const ALL: [SchedulePreference; 3] = [
        SchedulePreference::Any,
        SchedulePreference::Day,
        SchedulePreference::Evening,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SchedulePreference::Any => "No preference",
            SchedulePreference::Day => "Daytime",
            SchedulePreference::Evening => "Evening (from 16:00)",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SchedulePreference::Any => "any",
            SchedulePreference::Day => "day",
            SchedulePreference::Evening => "evening",
        }
    }

    pub fn from_code(code: &str) -> Option<SchedulePreference> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// A programme participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    pub id: ClientId,
    /// Record schema version, see [`CLIENT_SCHEMA`].
    pub schema: u32,
    pub full_name: String,
    #[serde(default)]
    pub preferred_name: String,
    #[serde(default)]
    pub pronouns: String,
    pub age_band: AgeBand,
    #[serde(default)]
    pub gender: Gender,
    /// Id of a [`super::Track`] in the settings.
    pub track: String,
    pub level_of_care: LevelOfCare,
    #[serde(default)]
    pub schedule: SchedulePreference,
    #[serde(with = "crate::domain::dates::iso_date")]
    pub admission_date: NaiveDate,
    #[serde(default, with = "crate::domain::dates::iso_date::option")]
    pub expected_discharge: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub archived: bool,
}

impl Client {
    /// The name to use when speaking to the client: preferred name if given.
    pub fn display_name(&self) -> &str {
        if self.preferred_name.trim().is_empty() {
            &self.full_name
        } else {
            &self.preferred_name
        }
    }

    /// Preferred name and last initial only ("Jay S."), for sheets other clients may see.
    pub fn sign_in_name(&self) -> String {
        sign_in_name(&self.full_name, &self.preferred_name)
    }

    /// Whether every word of `query` appears (case-insensitively) in the full or preferred name.
    pub fn matches(&self, query: &str) -> bool {
        let haystack = format!("{} {}", self.full_name, self.preferred_name).to_lowercase();
        query
            .split_whitespace()
            .all(|word| haystack.contains(&word.to_lowercase()))
    }

    /// The client as an editable draft, for the edit form.
    pub fn to_draft(&self) -> ClientDraft {
        ClientDraft {
            full_name: self.full_name.clone(),
            preferred_name: self.preferred_name.clone(),
            pronouns: self.pronouns.clone(),
            age_band: self.age_band.code().into(),
            gender: self.gender.code().into(),
            track: self.track.clone(),
            level_of_care: self.level_of_care.code().into(),
            schedule: self.schedule.code().into(),
            admission_date: self.admission_date.to_string(),
            expected_discharge: self
                .expected_discharge
                .map(|d| d.to_string())
                .unwrap_or_default(),
            notes: self.notes.clone(),
        }
    }

    /// A new client from validated fields and a freshly generated id.
    pub fn new(id: ClientId, fields: ClientFields) -> Client {
        let mut client = Client {
            id,
            schema: CLIENT_SCHEMA,
            full_name: String::new(),
            preferred_name: String::new(),
            pronouns: String::new(),
            age_band: AgeBand::Adult,
            gender: Gender::Unspecified,
            track: String::new(),
            level_of_care: LevelOfCare::Iop,
            schedule: SchedulePreference::Any,
            admission_date: fields.admission_date,
            expected_discharge: None,
            notes: String::new(),
            archived: false,
        };
        client.apply(fields);
        client
    }

    /// Overwrite the editable fields, keeping id and archive state.
    pub fn apply(&mut self, f: ClientFields) {
        self.full_name = f.full_name;
        self.preferred_name = f.preferred_name;
        self.pronouns = f.pronouns;
        self.age_band = f.age_band;
        self.gender = f.gender;
        self.track = f.track;
        self.level_of_care = f.level_of_care;
        self.schedule = f.schedule;
        self.admission_date = f.admission_date;
        self.expected_discharge = f.expected_discharge;
        self.notes = f.notes;
    }
}

/// The client form as typed: every field a string, exactly as in the inputs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClientDraft {
    pub full_name: String,
    pub preferred_name: String,
    pub pronouns: String,
    /// An [`AgeBand::code`].
    pub age_band: String,
    /// A [`Gender::code`].
    pub gender: String,
    /// A track id.
    pub track: String,
    /// A [`LevelOfCare::code`].
    pub level_of_care: String,
    /// A [`SchedulePreference::code`].
    pub schedule: String,
    /// `YYYY-MM-DD`, as a date input gives it.
    pub admission_date: String,
    /// `YYYY-MM-DD` or empty.
    pub expected_discharge: String,
    pub notes: String,
}

impl ClientDraft {
    /// The fields where `other` differs from this draft, as (label, `other`'s value as the form
    /// shows it) pairs in form order: what another tab saved while this form was open.
    pub fn differences(
        &self,
        other: &ClientDraft,
        settings: &Settings,
    ) -> Vec<(&'static str, String)> {
        type Field = (&'static str, fn(&ClientDraft) -> &String);
        let fields: [Field; 11] = [
            ("Full name", |d| &d.full_name),
            ("Preferred name", |d| &d.preferred_name),
            ("Pronouns", |d| &d.pronouns),
            ("Age band", |d| &d.age_band),
            ("Gender", |d| &d.gender),
            ("Track", |d| &d.track),
            ("Level of care", |d| &d.level_of_care),
            ("Time of day", |d| &d.schedule),
            ("Admission date", |d| &d.admission_date),
            ("Expected discharge date", |d| &d.expected_discharge),
            ("Notes", |d| &d.notes),
        ];
        fields
            .into_iter()
            .filter(|(_, get)| get(self) != get(other))
            .map(|(label, get)| {
                let value = get(other);
                let shown = match label {
                    _ if value.is_empty() => None,
                    "Age band" => AgeBand::from_code(value).map(|a| a.label().to_string()),
                    "Gender" => Gender::from_code(value).map(|g| g.label().to_string()),
                    "Track" => Some(settings.track_name(value)),
                    "Level of care" => LevelOfCare::from_code(value).map(|l| l.label().to_string()),
                    "Time of day" => {
                        SchedulePreference::from_code(value).map(|s| s.label().to_string())
                    }
                    "Admission date" | "Expected discharge date" => {
                        parse_date(value).map(human_date)
                    }
                    _ => Some(value.clone()),
                };
                (label, shown.unwrap_or_else(|| "(empty)".to_string()))
            })
            .collect()
    }

    /// A blank form with sensible preselections: adult, IOP, the first active track, today.
    pub fn blank(settings: &Settings, today: NaiveDate) -> ClientDraft {
        ClientDraft {
            age_band: AgeBand::Adult.code().into(),
            gender: Gender::Unspecified.code().into(),
            level_of_care: LevelOfCare::Iop.code().into(),
            schedule: SchedulePreference::Any.code().into(),
            track: settings
                .active_tracks()
                .next()
                .map(|t| t.id.clone())
                .unwrap_or_default(),
            admission_date: today.to_string(),
            ..ClientDraft::default()
        }
    }
}

/// The validated, typed form of a [`ClientDraft`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientFields {
    pub full_name: String,
    pub preferred_name: String,
    pub pronouns: String,
    pub age_band: AgeBand,
    pub gender: Gender,
    pub track: String,
    pub level_of_care: LevelOfCare,
    pub schedule: SchedulePreference,
    pub admission_date: NaiveDate,
    pub expected_discharge: Option<NaiveDate>,
    pub notes: String,
}

/// The form fields, for attaching messages to the right input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientField {
    FullName,
    PreferredName,
    Pronouns,
    AgeBand,
    Gender,
    Track,
    LevelOfCare,
    Schedule,
    AdmissionDate,
    ExpectedDischarge,
    Notes,
}

/// Field messages from a failed client validation, in form order.
pub type ValidationErrors = crate::domain::errors::FieldErrors<ClientField>;

/// The form's limits on a stored client (lengths, date order), for restore.
pub fn validate_stored_client(c: &Client) -> Result<(), String> {
    let mut errors = ValidationErrors::default();
    if text::is_missing(&c.full_name, Check::Stored) {
        errors.push(ClientField::FullName, "The full name is empty.");
    }
    check_texts(
        &mut errors,
        &[
            (ClientField::FullName, &c.full_name),
            (ClientField::PreferredName, &c.preferred_name),
            (ClientField::Pronouns, &c.pronouns),
            (ClientField::Notes, &c.notes),
        ],
        Check::Stored,
    );
    if let Some(d) = c.expected_discharge
        && d < c.admission_date
    {
        errors.push(
            ClientField::ExpectedDischarge,
            "Expected discharge is before the admission date.",
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors
            .0
            .iter()
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join(" "))
    }
}

/// The free-text fields of the client form, in form order.
const TEXTS: [(ClientField, Rule); 4] = [
    (ClientField::FullName, Rule::name("Full name")),
    (ClientField::PreferredName, Rule::name("Preferred name")),
    (ClientField::Pronouns, Rule::short("Pronouns").plural()),
    (ClientField::Notes, Rule::notes("Notes").plural()),
];

/// How far back an admission date may lie: records before this are certainly typos.
pub const EARLIEST_ADMISSION: (i32, u32, u32) = (2000, 1, 1);
/// How far ahead an admission may be planned.
pub const ADMISSION_MONTHS_AHEAD: u32 = 12;
/// Longest expected stay accepted; IOP stays run weeks to months.
pub const STAY_MONTHS_MAX: u32 = 24;

/// Check free-text fields against their rules in [`TEXTS`], one message per field.
fn check_texts(errors: &mut ValidationErrors, values: &[(ClientField, &str)], check: Check) {
    for (field, value) in values {
        let rule = TEXTS.iter().find(|(f, _)| f == field).map(|(_, r)| r);
        if errors.get(*field).is_none()
            && let Some(problem) = rule.and_then(|r| r.problem(value, check))
        {
            errors.push(*field, problem);
        }
    }
}

/// Check a draft; `Ok` holds the trimmed, typed fields. `current_track` is the track the client
/// already has (an archived track may be kept, but not newly chosen).
pub fn validate_client(
    draft: &ClientDraft,
    settings: &Settings,
    today: NaiveDate,
    current_track: Option<&str>,
) -> Result<ClientFields, ValidationErrors> {
    use ClientField as F;
    let mut errors = ValidationErrors::default();

    let full_name = draft.full_name.trim().to_string();
    if text::is_blank(&full_name) {
        errors.push(F::FullName, "Enter the client's full name.");
    }
    let preferred_name = draft.preferred_name.trim().to_string();
    let pronouns = draft.pronouns.trim().to_string();
    check_texts(
        &mut errors,
        &[
            (F::FullName, &full_name),
            (F::PreferredName, &preferred_name),
            (F::Pronouns, &pronouns),
        ],
        Check::Typed,
    );

    let age_band = AgeBand::from_code(&draft.age_band);
    if age_band.is_none() {
        errors.push(F::AgeBand, "Choose an age band.");
    }
    let track_ok = match settings.track(&draft.track) {
        Some(t) => !t.archived || current_track == Some(t.id.as_str()),
        None => false,
    };
    if !track_ok {
        errors.push(F::Track, "Choose a track from the list.");
    }
    let level_of_care = LevelOfCare::from_code(&draft.level_of_care);
    if level_of_care.is_none() {
        errors.push(F::LevelOfCare, "Choose a level of care.");
    }
    // An empty code (older drafts, imports) means "not recorded" / "no preference".
    let gender = if draft.gender.is_empty() {
        Some(Gender::Unspecified)
    } else {
        Gender::from_code(&draft.gender)
    };
    if gender.is_none() {
        errors.push(F::Gender, "Choose a gender from the list.");
    }
    let schedule = if draft.schedule.is_empty() {
        Some(SchedulePreference::Any)
    } else {
        SchedulePreference::from_code(&draft.schedule)
    };
    if schedule.is_none() {
        errors.push(F::Schedule, "Choose a time of day from the list.");
    }

    let (y, m, d) = EARLIEST_ADMISSION;
    let earliest = NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
    let latest = today
        .checked_add_months(Months::new(ADMISSION_MONTHS_AHEAD))
        .unwrap_or(today);
    let admission = if draft.admission_date.trim().is_empty() {
        errors.push(F::AdmissionDate, "Enter the admission date.");
        None
    } else {
        match parse_date(&draft.admission_date) {
            None => {
                errors.push(
                    F::AdmissionDate,
                    format!("Enter the admission date as a valid date ({REAL_DATE_HINT})."),
                );
                None
            }
            Some(a) if a < earliest || a > latest => {
                errors.push(
                    F::AdmissionDate,
                    format!(
                        "Admission date must be between {} and {}.",
                        human_date(earliest),
                        human_date(latest)
                    ),
                );
                None
            }
            Some(a) => Some(a),
        }
    };

    let discharge = if draft.expected_discharge.trim().is_empty() {
        None
    } else {
        match parse_date(&draft.expected_discharge) {
            None => {
                errors.push(
                    F::ExpectedDischarge,
                    format!(
                        "Enter the expected discharge date as a valid date ({REAL_DATE_HINT}), or leave it empty."
                    ),
                );
                None
            }
            Some(dis) => {
                if let Some(a) = admission {
                    let max = a
                        .checked_add_months(Months::new(STAY_MONTHS_MAX))
                        .unwrap_or(a);
                    if dis < a {
                        errors.push(
                            F::ExpectedDischarge,
                            "Expected discharge cannot be before the admission date.",
                        );
                    } else if dis > max {
                        errors.push(
                            F::ExpectedDischarge,
                            format!(
                                "Expected discharge must be within {STAY_MONTHS_MAX} months of admission (by {}).",
                                human_date(max)
                            ),
                        );
                    }
                }
                Some(dis)
            }
        }
    };

    let notes = draft.notes.trim().to_string();
    check_texts(&mut errors, &[(F::Notes, &notes)], Check::Typed);

    match (
        errors.is_empty(),
        age_band,
        level_of_care,
        admission,
        gender,
        schedule,
    ) {
        (
            true,
            Some(age_band),
            Some(level_of_care),
            Some(admission_date),
            Some(gender),
            Some(schedule),
        ) => Ok(ClientFields {
            full_name,
            preferred_name,
            pronouns,
            age_band,
            gender,
            track: draft.track.clone(),
            level_of_care,
            schedule,
            admission_date,
            expected_discharge: discharge,
            notes,
        }),
        _ => Err(errors),
    }
}

/// Clients matching `query`, optionally including archived ones, sorted by display name.
pub fn search<'a>(
    clients: impl IntoIterator<Item = &'a Client>,
    query: &str,
    include_archived: bool,
) -> Vec<&'a Client> {
    let mut found: Vec<&Client> = clients
        .into_iter()
        .filter(|c| include_archived || !c.archived)
        .filter(|c| c.matches(query))
        .collect();
    sorting::sort_by(&mut found, |a, b| {
        a.display_name()
            .to_lowercase()
            .cmp(&b.display_name().to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    found
}

impl From<String> for ClientId {
    fn from(id: String) -> Self {
        ClientId(id)
    }
}

impl std::borrow::Borrow<str> for ClientId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_list_what_the_other_tab_saved_as_the_form_shows_it() {
        let settings = Settings::default();
        let mine = ClientDraft {
            full_name: "Robin Example".into(),
            ..ClientDraft::blank(&settings, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())
        };
        let mut theirs = mine.clone();
        theirs.preferred_name = "Rob".into();
        theirs.level_of_care = LevelOfCare::Php.code().into();
        theirs.expected_discharge = "2027-01-29".into();
        assert_eq!(
            mine.differences(&theirs, &settings),
            [
                ("Preferred name", "Rob".to_string()),
                ("Level of care", LevelOfCare::Php.label().to_string()),
                ("Expected discharge date", "29 Jan 2027".to_string()),
            ]
        );
        assert!(mine.differences(&mine, &settings).is_empty());
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn draft() -> ClientDraft {
        ClientDraft {
            full_name: "  Robin Example ".into(),
            preferred_name: "Rob".into(),
            pronouns: "they/them".into(),
            age_band: "adult".into(),
            gender: "non_binary".into(),
            track: "mental-health".into(),
            level_of_care: "iop".into(),
            schedule: "evening".into(),
            admission_date: "2026-11-02".into(),
            expected_discharge: "2027-01-29".into(),
            notes: String::new(),
        }
    }

    fn errors_for(d: &ClientDraft) -> ValidationErrors {
        validate_client(d, &Settings::default(), today(), None).unwrap_err()
    }

    #[test]
    fn a_complete_draft_validates_and_is_trimmed() {
        let f = validate_client(&draft(), &Settings::default(), today(), None).unwrap();
        assert_eq!(f.full_name, "Robin Example");
        assert_eq!(f.level_of_care, LevelOfCare::Iop);
        assert_eq!(f.expected_discharge, NaiveDate::from_ymd_opt(2027, 1, 29));
        assert_eq!(f.gender, Gender::NonBinary);
        assert_eq!(f.schedule, SchedulePreference::Evening);
        let bad = ClientDraft {
            gender: "x".into(),
            schedule: "night".into(),
            ..draft()
        };
        let e = errors_for(&bad);
        assert!(e.get(ClientField::Gender).is_some() && e.get(ClientField::Schedule).is_some());
    }

    #[test]
    fn sign_in_sheets_show_preferred_name_and_last_initial_only() {
        let mut c = Client::new(
            ClientId("c".into()),
            validate_client(&draft(), &Settings::default(), today(), None).unwrap(),
        );
        assert_eq!(c.sign_in_name(), "Rob E.");
        c.preferred_name = " ".into();
        c.full_name = "Robin Avery example".into();
        assert_eq!(c.sign_in_name(), "Robin E.");
        c.full_name = "Cher".into();
        assert_eq!(c.sign_in_name(), "Cher");
        c.full_name = "Robin Example Jr.".into();
        assert_eq!(c.sign_in_name(), "Robin E.");
    }

    #[test]
    fn field_rules() {
        type Case = (
            &'static str,
            fn(&mut ClientDraft),
            ClientField,
            &'static str,
        );
        let cases: &[Case] = &[
            (
                "empty name",
                |d| d.full_name = "   ".into(),
                ClientField::FullName,
                "Enter the client's full name.",
            ),
            (
                "invisible name",
                |d| d.full_name = "\u{200b}\u{200f} ".into(),
                ClientField::FullName,
                "Enter the client's full name.",
            ),
            (
                "tab in a name",
                |d| d.full_name = "Robin\tExample".into(),
                ClientField::FullName,
                "Full name has a tab in it (character 6); remove it.",
            ),
            (
                "bell in notes",
                |d| d.notes = "Call after 5\n\u{7}".into(),
                ClientField::Notes,
                "Notes have a control character in them (character 14); remove it.",
            ),
            (
                "long name",
                |d| d.full_name = "x".repeat(10_000),
                ClientField::FullName,
                "Full name is too long: 10,000 characters; at most 200.",
            ),
            (
                "control chars",
                |d| d.preferred_name = "a\u{7}b".into(),
                ClientField::PreferredName,
                "Preferred name has a control character in it (character 2); remove it.",
            ),
            (
                "bad age band",
                |d| d.age_band = "child".into(),
                ClientField::AgeBand,
                "Choose an age band",
            ),
            (
                "unknown track",
                |d| d.track = "nope".into(),
                ClientField::Track,
                "Choose a track",
            ),
            (
                "bad level",
                |d| d.level_of_care = "".into(),
                ClientField::LevelOfCare,
                "Choose a level",
            ),
            (
                "no admission",
                |d| d.admission_date = "".into(),
                ClientField::AdmissionDate,
                "Enter the admission date.",
            ),
            (
                "garbage admission",
                |d| d.admission_date = "2026-02-30".into(),
                ClientField::AdmissionDate,
                "valid date",
            ),
            (
                "ancient admission",
                |d| d.admission_date = "1999-12-31".into(),
                ClientField::AdmissionDate,
                "between 1 Jan 2000 and 27 Nov 2027",
            ),
            (
                "far future admission",
                |d| {
                    d.admission_date = "2027-11-28".into();
                    d.expected_discharge.clear();
                },
                ClientField::AdmissionDate,
                "between",
            ),
            (
                "discharge before admission",
                |d| d.expected_discharge = "2026-11-01".into(),
                ClientField::ExpectedDischarge,
                "cannot be before",
            ),
            (
                "stay too long",
                |d| d.expected_discharge = "2028-11-03".into(),
                ClientField::ExpectedDischarge,
                "within 24 months",
            ),
            (
                "garbage discharge",
                |d| d.expected_discharge = "soon".into(),
                ClientField::ExpectedDischarge,
                "valid date",
            ),
            (
                "long notes",
                |d| d.notes = "n".repeat(5_001),
                ClientField::Notes,
                "Notes are too long: 5,001 characters; at most 5,000.",
            ),
        ];
        for (name, change, field, expected) in cases {
            let mut d = draft();
            change(&mut d);
            let errors = errors_for(&d);
            let message = errors
                .get(*field)
                .unwrap_or_else(|| panic!("{name}: no message for {field:?}: {errors:?}"));
            assert!(message.contains(expected), "{name}: {message}");
            assert_eq!(
                errors.0.len(),
                1,
                "{name}: only one message expected: {errors:?}"
            );
        }
    }

    #[test]
    fn names_in_any_script_with_emoji_and_multi_line_notes_are_kept_as_typed() {
        let d = ClientDraft {
            full_name: " \u{200f}מרים כהן\u{200f} ".into(),
            preferred_name: "Zoe\u{308} 👩\u{200d}👧".into(),
            pronouns: "she/her".into(),
            notes: "Line one\r\n\tLine two".into(),
            ..draft()
        };
        let f = validate_client(&d, &Settings::default(), today(), None).unwrap();
        assert_eq!(f.full_name, "\u{200f}מרים כהן\u{200f}");
        assert_eq!(f.preferred_name, "Zoe\u{308} 👩\u{200d}👧");
        assert_eq!(f.notes, "Line one\r\n\tLine two");
        let mut c = Client::new(ClientId("c".into()), f);
        assert_eq!(validate_stored_client(&c), Ok(()));
        c.full_name = "x".repeat(10_000);
        assert_eq!(
            validate_stored_client(&c),
            Err("Full name is too long: 10,000 characters; at most 200.".into())
        );
        // A control character stored by an earlier version is kept (the form asks for it to go).
        c.full_name = "Robin\tExample".into();
        assert_eq!(validate_stored_client(&c), Ok(()));
    }

    #[test]
    fn an_impossible_optional_date_is_a_field_error_not_an_empty_field() {
        use crate::domain::dates::UNREADABLE_DATE;
        // 30 February typed as text, or typed into a date input (which then reports bad input
        // and an empty value, kept by the form as UNREADABLE_DATE): asked again, never dropped.
        for raw in ["2026-02-30", "2027-02-29", UNREADABLE_DATE] {
            let mut d = draft();
            d.expected_discharge = raw.into();
            let errors = validate_client(&d, &Settings::default(), today(), None)
                .expect_err("an impossible date must not save");
            assert_eq!(
                errors.get(ClientField::ExpectedDischarge),
                Some(
                    "Enter the expected discharge date as a valid date (a day that exists, e.g. 28 Feb 2026), or leave it empty."
                ),
                "{raw}"
            );
            assert_eq!(errors.0.len(), 1, "{raw}: {errors:?}");
        }
        let mut d = draft();
        d.expected_discharge.clear();
        let saved = validate_client(&d, &Settings::default(), today(), None).unwrap();
        assert_eq!(
            saved.expected_discharge, None,
            "an empty field is still optional"
        );
    }

    #[test]
    fn same_day_discharge_and_edge_dates_are_accepted() {
        let mut d = draft();
        d.expected_discharge = d.admission_date.clone();
        assert!(validate_client(&d, &Settings::default(), today(), None).is_ok());
        d.admission_date = "2027-11-27".into();
        d.expected_discharge.clear();
        assert!(validate_client(&d, &Settings::default(), today(), None).is_ok());
        d.admission_date = "2000-01-01".into();
        assert!(validate_client(&d, &Settings::default(), today(), None).is_ok());
    }

    #[test]
    fn several_problems_are_reported_together() {
        let d = ClientDraft::default();
        let errors = errors_for(&d);
        let fields: Vec<_> = errors.0.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                ClientField::FullName,
                ClientField::AgeBand,
                ClientField::Track,
                ClientField::LevelOfCare,
                ClientField::AdmissionDate
            ]
        );
    }

    #[test]
    fn archived_track_can_be_kept_but_not_chosen() {
        let settings = Settings::default()
            .with_track_changed("mental-health", "Mental health", true)
            .unwrap();
        assert!(validate_client(&draft(), &settings, today(), None).is_err());
        assert!(validate_client(&draft(), &settings, today(), Some("mental-health")).is_ok());
    }

    #[test]
    fn draft_round_trips_through_a_client() {
        let f = validate_client(&draft(), &Settings::default(), today(), None).unwrap();
        let c = Client::new(ClientId("id-1".into()), f.clone());
        let again = validate_client(&c.to_draft(), &Settings::default(), today(), None).unwrap();
        assert_eq!(again, f);
    }

    #[test]
    fn search_matches_every_word_in_either_name_and_sorts() {
        let mk = |id: &str, full: &str, pref: &str, archived: bool| Client {
            archived,
            preferred_name: pref.into(),
            ..Client::new(
                ClientId(id.into()),
                ClientFields {
                    full_name: full.into(),
                    ..validate_client(&draft(), &Settings::default(), today(), None).unwrap()
                },
            )
        };
        let clients = [
            mk("1", "Avery Quinn", "", false),
            mk("2", "Jordan Blake", "Jo", false),
            mk("3", "Alex Jordan", "", true),
        ];
        let names = |q: &str, arch: bool| -> Vec<String> {
            search(&clients, q, arch)
                .iter()
                .map(|c| c.display_name().to_string())
                .collect()
        };
        assert_eq!(names("", false), ["Avery Quinn", "Jo"]);
        assert_eq!(names("jordan", true), ["Alex Jordan", "Jo"]);
        assert_eq!(names("JO blake", false), ["Jo"]);
        assert!(names("zed", true).is_empty());
    }
}

/// A name as a sign-in sheet shows it: the preferred (or first) name and the family name's
/// initial ("Cory E."), so everyone in the room sees no more than that.
pub fn sign_in_name(full_name: &str, preferred_name: &str) -> String {
    // Suffixes such as "Jr." are not the family name.
    const SUFFIXES: [&str; 7] = ["jr", "sr", "ii", "iii", "iv", "phd", "md"];
    let mut words = full_name.split_whitespace().filter(|w| {
        let bare = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        !SUFFIXES.contains(&bare.as_str())
    });
    let first = words.next().unwrap_or_default();
    let last = words.next_back();
    let given = if preferred_name.trim().is_empty() {
        first
    } else {
        preferred_name.trim()
    };
    match last.and_then(|l| l.chars().next()) {
        Some(initial) => format!("{given} {}.", initial.to_uppercase()),
        None => given.to_string(),
    }
}

#[cfg(test)]
mod sign_in_tests {
    #[test]
    fn anyone_signs_in_as_first_name_and_family_initial() {
        assert_eq!(super::sign_in_name("Maria Lopez Jr.", ""), "Maria L.");
        assert_eq!(super::sign_in_name("Sam", ""), "Sam");
        assert_eq!(super::sign_in_name("Samuel Reyes", "Sam"), "Sam R.");
    }
}
