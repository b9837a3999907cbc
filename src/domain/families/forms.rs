//! The family-member and consent forms as typed, turned into records field by field.

use chrono::NaiveDate;

use super::consent::{
    CONSENT_SCHEMA, Consent, Expiry, REVOKED_HOW, Revocation, ShareScope, Signer,
    check_text_fields, validate_consent,
};
use super::member::{
    ContactWay, FAMILY_MEMBER_SCHEMA, FamilyMember, FreeTime, GroupStint, Relationship, Support,
    validate_family_member,
};
use super::session::{
    Ends, Exception, FAMILY_SESSION_SCHEMA, FamilySession, Place, Repeat,
    check_text_fields as session_texts, nth_of_month, validate_family_session,
};
use crate::domain::dates::{clock, human_date, parse_clock, parse_date};
use crate::domain::dates::{weekday_code, weekday_from_code};
use crate::domain::errors::FieldErrors;
use crate::domain::people::client::ClientId;
use crate::domain::programme::Programme;
use crate::domain::text::{self, Check};

/// One "supports this client" row as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportDraft {
    /// Client id ("" = not chosen).
    pub client: String,
    /// [`Relationship::key`].
    pub relationship: String,
    pub guardian: bool,
}

impl Default for SupportDraft {
    fn default() -> Self {
        SupportDraft {
            client: String::new(),
            relationship: Relationship::Parent.key().into(),
            guardian: false,
        }
    }
}

/// One weekly availability row as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeTimeDraft {
    pub weekday: String,
    pub from: String,
    pub until: String,
    /// Blank: every week; a date: every other week, counted from that date's week.
    pub alternate_from: String,
}

impl Default for FreeTimeDraft {
    fn default() -> Self {
        FreeTimeDraft {
            weekday: "mon".into(),
            from: "17:00".into(),
            until: "20:00".into(),
            alternate_from: String::new(),
        }
    }
}

/// The family-member form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FamilyMemberDraft {
    pub name: String,
    pub supports: Vec<SupportDraft>,
    /// [`ContactWay::key`].
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub language: String,
    pub access_needs: String,
    pub notes: String,
    pub availability: Vec<FreeTimeDraft>,
    /// One-off dates they cannot come, `YYYY-MM-DD`, separated by commas or spaces.
    pub unavailable: String,
}

impl FamilyMemberDraft {
    /// A blank form, supporting `client` when it is opened from a client's page.
    pub fn blank(client: Option<&ClientId>) -> FamilyMemberDraft {
        FamilyMemberDraft {
            supports: vec![SupportDraft {
                client: client.map(|c| c.0.clone()).unwrap_or_default(),
                ..SupportDraft::default()
            }],
            contact: ContactWay::None.key().into(),
            ..FamilyMemberDraft::default()
        }
    }

    pub fn from_member(m: &FamilyMember) -> FamilyMemberDraft {
        FamilyMemberDraft {
            name: m.name.clone(),
            supports: m
                .supports
                .iter()
                .map(|s| SupportDraft {
                    client: s.client.0.clone(),
                    relationship: s.relationship.key().into(),
                    guardian: s.legal_guardian,
                })
                .collect(),
            contact: m.contact.key().into(),
            phone: m.phone.clone(),
            email: m.email.clone(),
            language: m.language.clone(),
            access_needs: m.access_needs.clone(),
            notes: m.notes.clone(),
            availability: m
                .availability
                .iter()
                .map(|w| FreeTimeDraft {
                    weekday: weekday_code(w.weekday).into(),
                    from: clock(w.from),
                    until: clock(w.until),
                    alternate_from: w.alternate_from.map(|d| d.to_string()).unwrap_or_default(),
                })
                .collect(),
            unavailable: m
                .unavailable
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// Build the record, keeping `existing`'s archive state.
    pub fn to_member(
        &self,
        p: &Programme,
        id: String,
        existing: Option<&FamilyMember>,
    ) -> Result<FamilyMember, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut supports = Vec::new();
        for s in &self.supports {
            if s.client.is_empty() {
                e.push_once("client", "Choose the client this person supports.");
                continue;
            }
            supports.push(Support {
                client: ClientId(s.client.clone()),
                relationship: Relationship::from_key(&s.relationship)
                    .unwrap_or(Relationship::Other),
                legal_guardian: s.guardian,
            });
        }
        let mut availability = Vec::new();
        for w in &self.availability {
            let alternate = w.alternate_from.trim();
            let alternate_from = if alternate.is_empty() {
                None
            } else {
                match parse_date(alternate) {
                    Some(d) => Some(d),
                    None => {
                        e.push_once(
                            "availability",
                            "Enter the first week of alternate weeks as a date, or leave it blank.",
                        );
                        None
                    }
                }
            };
            match (
                weekday_from_code(&w.weekday),
                parse_clock(&w.from),
                parse_clock(&w.until),
            ) {
                (Some(weekday), Some(from), Some(until)) => availability.push(FreeTime {
                    weekday,
                    from,
                    until,
                    alternate_from,
                }),
                _ => e.push_once(
                    "availability",
                    "Enter a day, a start time and an end time for each window.",
                ),
            }
        }
        let mut unavailable: Vec<NaiveDate> = Vec::new();
        for raw in self
            .unavailable
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
        {
            match parse_date(raw) {
                Some(d) if !unavailable.contains(&d) => unavailable.push(d),
                Some(_) => {}
                // Quoted back only while short enough to read.
                None if raw.chars().count() <= 30 => e.push_once(
                    "unavailable",
                    format!("\"{raw}\" is not a date: use YYYY-MM-DD, separated by commas."),
                ),
                None => e.push_once(
                    "unavailable",
                    "One of these is not a date: use YYYY-MM-DD, separated by commas.",
                ),
            }
        }
        unavailable.sort();
        let member = FamilyMember {
            id,
            schema: FAMILY_MEMBER_SCHEMA,
            name: self.name.trim().to_string(),
            supports,
            contact: ContactWay::from_key(&self.contact).unwrap_or_default(),
            phone: self.phone.trim().to_string(),
            email: self.email.trim().to_string(),
            language: self.language.trim().to_string(),
            access_needs: self.access_needs.trim().to_string(),
            notes: self.notes.trim().to_string(),
            availability,
            unavailable,
            groups: existing.map(|m| m.groups.clone()).unwrap_or_default(),
            archived: existing.is_some_and(|m| m.archived),
        };
        if let Err(problems) = validate_family_member(&member, |c| p.clients.contains_key(c)) {
            for (field, problem) in problems.0 {
                e.push_once(field, problem);
            }
        }
        if e.is_empty() { Ok(member) } else { Err(e) }
    }
}

/// The consent form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConsentDraft {
    pub client: String,
    pub recipient: String,
    pub discloser: String,
    pub purpose: String,
    pub scopes: Vec<ShareScope>,
    pub signed_on: String,
    /// [`Signer::key`].
    pub signer: String,
    pub signer_name: String,
    /// "date" or "event".
    pub expiry_kind: String,
    pub expires_on: String,
    pub event: String,
    pub review_on: String,
}

impl ConsentDraft {
    /// A new consent of `client` naming `recipient`, signed `today`, ending in a year; the
    /// programme discloses, for family sessions.
    pub fn blank(p: &Programme, client: &ClientId, recipient: &str, today: NaiveDate) -> Self {
        let adult = p
            .clients
            .get(client)
            .is_none_or(|c| c.age_band == crate::domain::people::client::AgeBand::Adult);
        let in_a_year = today
            .checked_add_days(chrono::Days::new(365))
            .unwrap_or(today);
        ConsentDraft {
            client: client.0.clone(),
            recipient: recipient.into(),
            discloser: p.settings.programme_name.clone(),
            purpose: "To take part in the client's family sessions and family education".into(),
            scopes: vec![ShareScope::FamilySessions, ShareScope::FamilyEducation],
            signed_on: today.to_string(),
            signer: if adult {
                Signer::Client
            } else {
                Signer::MinorClient
            }
            .key()
            .into(),
            signer_name: String::new(),
            expiry_kind: "date".into(),
            expires_on: in_a_year.to_string(),
            event: String::new(),
            review_on: String::new(),
        }
    }

    pub fn from_consent(c: &Consent) -> ConsentDraft {
        let (expiry_kind, expires_on, event, review_on) = match &c.expiry {
            Expiry::Date { on } => ("date", on.to_string(), String::new(), String::new()),
            Expiry::Event { event, review_on } => {
                ("event", String::new(), event.clone(), review_on.to_string())
            }
        };
        ConsentDraft {
            client: c.client.0.clone(),
            recipient: c.recipient.clone(),
            discloser: c.discloser.clone(),
            purpose: c.purpose.clone(),
            scopes: c.scopes.clone(),
            signed_on: c.signed_on.to_string(),
            signer: c.signer.key().into(),
            signer_name: c.signer_name.clone(),
            expiry_kind: expiry_kind.into(),
            expires_on,
            event,
            review_on,
        }
    }

    /// Build the record (keeping `existing`'s revocation), checked against the programme.
    pub fn to_consent(
        &self,
        p: &Programme,
        id: String,
        existing: Option<&Consent>,
    ) -> Result<Consent, FieldErrors> {
        let mut e = FieldErrors::default();
        let date = |raw: &str, field: &'static str, what: &str, e: &mut FieldErrors| {
            parse_date(raw.trim()).or_else(|| {
                e.push_once(field, format!("Enter {what} as a date."));
                None
            })
        };
        let signed_on = date(
            &self.signed_on,
            "signed_on",
            "the day it was signed",
            &mut e,
        );
        let expiry = if self.expiry_kind == "event" {
            date(
                &self.review_on,
                "review_on",
                "the date to review it",
                &mut e,
            )
            .map(|review_on| Expiry::Event {
                event: self.event.trim().to_string(),
                review_on,
            })
        } else {
            date(&self.expires_on, "expiry", "the day it ends", &mut e)
                .map(|on| Expiry::Date { on })
        };
        let signer = Signer::from_key(&self.signer);
        if signer.is_none() {
            e.push_once("signer", "Choose who signed.");
        }
        let mut scopes: Vec<ShareScope> = ShareScope::ALL
            .into_iter()
            .filter(|s| self.scopes.contains(s))
            .collect();
        scopes.dedup();
        let (Some(signed_on), Some(expiry), Some(signer)) = (signed_on, expiry, signer) else {
            // The text fields are reported with the dates, not only once the dates are fixed.
            check_text_fields(
                [
                    self.discloser.trim(),
                    self.purpose.trim(),
                    if self.signer == Signer::Guardian.key() {
                        self.signer_name.trim()
                    } else {
                        ""
                    },
                    if self.expiry_kind == "event" {
                        self.event.trim()
                    } else {
                        ""
                    },
                    "",
                ],
                Check::Typed,
                &mut e,
            );
            return Err(e);
        };
        let consent = Consent {
            id,
            schema: CONSENT_SCHEMA,
            client: ClientId(self.client.clone()),
            recipient: self.recipient.clone(),
            discloser: self.discloser.trim().to_string(),
            purpose: self.purpose.trim().to_string(),
            scopes,
            signed_on,
            signer,
            signer_name: if signer == Signer::Guardian {
                self.signer_name.trim().to_string()
            } else {
                String::new()
            },
            expiry,
            revoked: existing.and_then(|c| c.revoked.clone()),
        };
        if let Err(problems) = validate_consent(&consent, p) {
            for (field, problem) in problems.0 {
                e.push_once(field, problem);
            }
        }
        if e.is_empty() { Ok(consent) } else { Err(e) }
    }
}

/// The revocation of `consent` received on `on` (typed, on or before `today`), in the way
/// `how`. A revocation dated after today would not take effect until then, so the consent
/// would still read "In force": such a date is refused on its field.
pub fn revoke(
    consent: &Consent,
    on: &str,
    how: &str,
    today: NaiveDate,
) -> Result<Consent, FieldErrors> {
    let mut e = FieldErrors::default();
    let Some(on) = parse_date(on.trim()) else {
        e.push(
            "revoked_on",
            "Enter the day the revocation was received as a date.",
        );
        return Err(e);
    };
    if consent.revoked.is_some() {
        e.push("revoked_on", "This consent is already revoked.");
    }
    if on < consent.signed_on {
        e.push(
            "revoked_on",
            "A consent cannot be revoked before it is signed.",
        );
    }
    if on > today {
        e.push(
            "revoked_on",
            format!(
                "The revocation cannot be dated after today ({}): enter the day it was received.",
                human_date(today)
            ),
        );
    }
    if text::is_blank(how) {
        e.push(
            "revoked_how",
            "Say how the revocation was received, e.g. \"in writing\".",
        );
    } else if let Some(p) = REVOKED_HOW.problem(how.trim(), Check::Typed) {
        e.push("revoked_how", p);
    }
    e.into_result()?;
    Ok(Consent {
        revoked: Some(Revocation {
            on,
            how: how.trim().to_string(),
        }),
        ..consent.clone()
    })
}

/// The family-session form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FamilySessionDraft {
    pub client: String,
    /// Family member ids taking part.
    pub family: Vec<String>,
    pub clinician: String,
    /// A second clinician ("" = none).
    pub co_clinician: String,
    /// "room" or "telehealth".
    pub place: String,
    pub room: String,
    pub link: String,
    pub first: String,
    pub start: String,
    pub minutes: String,
    /// "once", "weekly", "fortnightly" or "monthly" (on the first date's nth weekday).
    pub repeat: String,
    /// "count" or "until".
    pub ends: String,
    pub count: String,
    pub until: String,
    pub notes: String,
}

impl FamilySessionDraft {
    /// A new weekly session of `client` with `family`, next week at 17:30 for an hour, 6 times.
    pub fn blank(client: &ClientId, family: Vec<String>, today: NaiveDate) -> Self {
        FamilySessionDraft {
            client: client.0.clone(),
            family,
            place: "room".into(),
            first: today
                .checked_add_days(chrono::Days::new(7))
                .unwrap_or(today)
                .to_string(),
            start: "17:30".into(),
            minutes: "60".into(),
            repeat: "weekly".into(),
            ends: "count".into(),
            count: "6".into(),
            ..FamilySessionDraft::default()
        }
    }

    pub fn from_session(s: &FamilySession) -> Self {
        let (place, room, link) = match &s.place {
            Place::Room { room } => ("room", room.clone(), String::new()),
            Place::Telehealth { link } => ("telehealth", String::new(), link.clone()),
        };
        let repeat = match s.repeat {
            Repeat::Once => "once",
            Repeat::Weekly { every: 2 } => "fortnightly",
            Repeat::Weekly { .. } => "weekly",
            Repeat::MonthlyNth { .. } => "monthly",
        };
        let (ends, count, until) = match s.ends {
            Some(Ends::Until { on }) => ("until", String::new(), on.to_string()),
            Some(Ends::Count { count }) => ("count", count.to_string(), String::new()),
            None => ("count", "1".into(), String::new()),
        };
        FamilySessionDraft {
            client: s.client.0.clone(),
            family: s.family.clone(),
            clinician: s.clinicians.first().cloned().unwrap_or_default(),
            co_clinician: s.clinicians.get(1).cloned().unwrap_or_default(),
            place: place.into(),
            room,
            link,
            first: s.first.to_string(),
            start: clock(s.start),
            minutes: s.minutes.to_string(),
            repeat: repeat.into(),
            ends: ends.into(),
            count,
            until,
            notes: s.notes.clone(),
        }
    }

    /// Build the record, keeping `existing`'s exceptions and attendance.
    pub fn to_session(
        &self,
        p: &Programme,
        id: String,
        existing: Option<&FamilySession>,
    ) -> Result<FamilySession, FieldErrors> {
        let mut e = FieldErrors::default();
        let first = parse_date(self.first.trim());
        if first.is_none() {
            e.push("first", "Enter the date of the (first) session.");
        }
        let start = parse_clock(self.start.trim());
        if start.is_none() {
            e.push("start", "Enter the start time as HH:MM.");
        }
        let minutes = self.minutes.trim().parse::<u16>().ok();
        if minutes.is_none() {
            e.push("minutes", "Enter the length in minutes.");
        }
        let repeat = match self.repeat.as_str() {
            "once" => Repeat::Once,
            "fortnightly" => Repeat::Weekly { every: 2 },
            "monthly" => Repeat::MonthlyNth {
                nth: first.map(nth_of_month).unwrap_or(1),
            },
            _ => Repeat::Weekly { every: 1 },
        };
        let ends = if repeat == Repeat::Once {
            None
        } else if self.ends == "until" {
            match parse_date(self.until.trim()) {
                Some(on) => Some(Ends::Until { on }),
                None => {
                    e.push("ends", "Enter the last date of the series.");
                    None
                }
            }
        } else {
            match self.count.trim().parse::<u16>() {
                Ok(count) => Some(Ends::Count { count }),
                Err(_) => {
                    e.push("ends", "Enter how many sessions the series has.");
                    None
                }
            }
        };
        let (Some(first), Some(start), Some(minutes)) = (first, start, minutes) else {
            let link = if self.place == "telehealth" {
                self.link.trim()
            } else {
                ""
            };
            session_texts(link, self.notes.trim(), Check::Typed, &mut e);
            return Err(e);
        };
        let clinicians: Vec<String> = [&self.clinician, &self.co_clinician]
            .into_iter()
            .filter(|c| !c.is_empty())
            .cloned()
            .collect();
        let session = FamilySession {
            id,
            schema: FAMILY_SESSION_SCHEMA,
            client: ClientId(self.client.clone()),
            family: self.family.clone(),
            clinicians,
            place: if self.place == "telehealth" {
                Place::Telehealth {
                    link: self.link.trim().to_string(),
                }
            } else {
                Place::Room {
                    room: self.room.clone(),
                }
            },
            first,
            start,
            minutes,
            repeat,
            ends,
            exceptions: existing.map(|s| s.exceptions.clone()).unwrap_or_default(),
            attendance: existing.map(|s| s.attendance.clone()).unwrap_or_default(),
            notes: self.notes.trim().to_string(),
        };
        if let Err(problems) = validate_family_session(&session, p) {
            for (field, problem) in problems.0 {
                e.push_once(field, problem);
            }
        }
        if e.is_empty() { Ok(session) } else { Err(e) }
    }
}

/// Cancel (`to` is `None`) or move the occurrence of `s` on series date `date` (typed).
pub fn change_occurrence(
    s: &FamilySession,
    date: NaiveDate,
    to: Option<(&str, &str)>,
) -> Result<FamilySession, FieldErrors> {
    let mut e = FieldErrors::default();
    if !s.series_dates().contains(&date) {
        e.push("form", "That date is not in this series.");
        return Err(e);
    }
    let exception = match to {
        None => Exception::Cancelled { date },
        Some((to, at)) => match (parse_date(to.trim()), parse_clock(at.trim())) {
            (Some(to), Some(at)) => Exception::Moved { date, to, at },
            (None, _) => {
                e.push("move_to", "Enter the new date.");
                return Err(e);
            }
            (_, None) => {
                e.push("move_at", "Enter the new start time as HH:MM.");
                return Err(e);
            }
        },
    };
    let mut changed = s.clone();
    changed.exceptions.retain(|x| x.date() != date);
    changed.exceptions.push(exception);
    changed.exceptions.sort_by_key(Exception::date);
    Ok(changed)
}

/// Record attendance at the occurrence of `s` on series date `date`: one mark per participant
/// (the client or a family member of the session; `None` clears it). Only an occurrence that
/// has happened by `today` can be marked, and not a cancelled one.
pub fn mark_attendance(
    s: &FamilySession,
    date: NaiveDate,
    marks: &[(String, Option<crate::domain::sessions::session::Mark>)],
    today: NaiveDate,
) -> Result<FamilySession, FieldErrors> {
    let mut e = FieldErrors::default();
    let occurrence = s
        .occurrences(NaiveDate::MIN, NaiveDate::MAX)
        .into_iter()
        .find(|o| o.series_date == date);
    match occurrence {
        None => e.push(
            "form",
            "That date is not a session of this series (or it was cancelled).",
        ),
        Some(o) if o.date > today => e.push(
            "form",
            "Attendance can be recorded once the session has taken place.",
        ),
        Some(_) => {}
    }
    for (who, _) in marks {
        if who != &s.client.0 && !s.family.contains(who) {
            e.push_once(
                "form",
                "Only the client and the family members of the session can be marked.",
            );
        }
    }
    e.into_result()?;
    let mut changed = s.clone();
    let key = date.to_string();
    let entry = changed.attendance.entry(key.clone()).or_default();
    for (who, mark) in marks {
        match mark {
            Some(m) => {
                entry.insert(who.clone(), *m);
            }
            None => {
                entry.remove(who);
            }
        }
    }
    if entry.is_empty() {
        changed.attendance.remove(&key);
    }
    Ok(changed)
}

/// Give `m` a place in the family-education or multi-family `group` from `join` (typed).
pub fn join_group(
    p: &Programme,
    m: &FamilyMember,
    group: &str,
    join: &str,
) -> Result<FamilyMember, FieldErrors> {
    let mut e = FieldErrors::default();
    let g = p.groups.get(group).filter(|g| !g.archived);
    match g {
        None => e.push("group", "Choose a family-education or multi-family group."),
        Some(g) if !g.kind.is_family() => e.push(
            "group",
            format!(
                "{} is not a family-education or multi-family group.",
                g.name
            ),
        ),
        Some(_) => {}
    }
    let join = match parse_date(join.trim()) {
        Some(d) => Some(d),
        None => {
            e.push("join", "Enter the date they join.");
            None
        }
    };
    if m.archived {
        e.push(
            "form",
            "This family member is archived; restore them first.",
        );
    }
    e.clone().into_result()?;
    let (Some(g), Some(join)) = (g, join) else {
        return Err(e);
    };
    if join < g.start {
        e.push(
            "join",
            format!(
                "{} starts on {}; choose that date or later.",
                g.name,
                human_date(g.start)
            ),
        );
    } else if let Some(end) = g.end.filter(|end| join > *end) {
        e.push("join", format!("{} ended on {}.", g.name, human_date(end)));
    }
    let stint = GroupStint {
        group: group.to_string(),
        join,
        leave: None,
    };
    if let Some(clash) = m
        .groups
        .iter()
        .find(|o| o.group == group && o.leave.is_none_or(|l| l > join))
    {
        e.push(
            "join",
            match clash.leave {
                Some(l) => format!(
                    "{} is already in {} until {}.",
                    m.name,
                    g.name,
                    human_date(l)
                ),
                None => format!(
                    "{} is already in {} (since {}).",
                    m.name,
                    g.name,
                    human_date(clash.join)
                ),
            },
        );
    }
    e.into_result()?;
    let mut changed = m.clone();
    changed.groups.push(stint);
    changed
        .groups
        .sort_by(|a, b| (a.join, &a.group).cmp(&(b.join, &b.group)));
    Ok(changed)
}

/// End `m`'s open place in `group` on `leave` (typed; the first day they are no longer in
/// it). A place that had not started yet is withdrawn.
pub fn leave_group(
    m: &FamilyMember,
    group: &str,
    leave: &str,
) -> Result<FamilyMember, FieldErrors> {
    let mut e = FieldErrors::default();
    let Some(leave) = parse_date(leave.trim()) else {
        e.push("leave", "Enter the date they leave.");
        return Err(e);
    };
    let mut changed = m.clone();
    let Some(stint) = changed
        .groups
        .iter_mut()
        .find(|s| s.group == group && s.leave.is_none_or(|l| l > leave))
    else {
        e.push("form", "They have no place in that group to end.");
        return Err(e);
    };
    stint.leave = Some(leave.max(stint.join));
    changed
        .groups
        .retain(|s| s.leave.is_none_or(|l| l > s.join));
    Ok(changed)
}
