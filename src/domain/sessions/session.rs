//! Dated sessions: every meeting of every group is a [`Session`]. A curriculum assigned to a
//! group (a [`Plan`]) generates one per meeting with its topic, skipping cancelled dates; a
//! meeting no plan covers is a free session ([`free_session`]), stored the first time someone
//! changes it (attendance, agenda, topic, notes). Sessions carry overrides, an agenda and
//! attendance.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, Months, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::domain::dates::{clock, clock_time, human_date, iso_date};
use crate::domain::library::curriculum::{Curriculum, CurriculumKind, Unit};
use crate::domain::roster::group::{Group, GroupType};
use crate::domain::sessions::agenda::{self, Block};
use crate::domain::text::{Check, Rule};

/// Schema version of stored plan records.
pub const PLAN_SCHEMA: u32 = 1;
/// Schema version of stored session records.
pub const SESSION_SCHEMA: u32 = 1;

/// What a cancelled meeting does to the curriculum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelMode {
    /// The remaining topics move one meeting later.
    Shift,
    /// The topic of the cancelled meeting is dropped ("not delivered").
    Drop,
}

/// A curriculum assigned to a group. One per group: the id is the group id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub id: String,
    pub schema: u32,
    pub group: String,
    pub curriculum: String,
    /// First date sessions are generated for.
    #[serde(with = "iso_date")]
    pub start: NaiveDate,
    pub on_cancel: CancelMode,
}

/// Which curriculum unit a session's meeting slot carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPlace {
    pub curriculum: String,
    pub unit: String,
    /// 0-based position of the unit in the curriculum.
    pub position: u32,
    /// 0-based repetition of a rolling curriculum (always 0 for closed ones).
    pub cycle: u32,
    /// Whether the unit opens its module (entry point for "join at module start").
    pub module_start: bool,
}

/// Which parts of a session a person changed by hand (kept on regeneration).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overrides {
    #[serde(default)]
    pub topic: bool,
    #[serde(default)]
    pub time: bool,
    #[serde(default)]
    pub cancelled: bool,
    #[serde(default)]
    pub agenda: bool,
}

impl Overrides {
    pub fn any(&self) -> bool {
        self.topic || self.time || self.cancelled || self.agenda
    }

    fn is_none(&self) -> bool {
        !self.any()
    }
}

fn is_false(b: &bool) -> bool {
    !b
}

/// How a client attended one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Attended,
    Late,
    LeftEarly,
    Absent,
    Excused,
}

impl Mark {
    pub const ALL: [Mark; 5] = [
        Mark::Attended,
        Mark::Late,
        Mark::LeftEarly,
        Mark::Absent,
        Mark::Excused,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Mark::Attended => "Attended",
            Mark::Late => "Late",
            Mark::LeftEarly => "Left early",
            Mark::Absent => "Absent",
            Mark::Excused => "Excused",
        }
    }

    /// Whether the client was in the room for (some of) the session, so received its topic.
    pub fn present(self) -> bool {
        matches!(self, Mark::Attended | Mark::Late | Mark::LeftEarly)
    }
}

/// One client's attendance at one session. Stored as just its mark (`"attended"`) when no
/// minutes are recorded, as `{"mark": "late", "minutes": 40}` otherwise; both forms are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attendance {
    pub mark: Mark,
    /// Minutes present when late or left early, if recorded; otherwise the whole session counts.
    pub minutes: Option<u16>,
}

#[derive(Serialize, Deserialize)]
struct AttendanceFull {
    mark: Mark,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    minutes: Option<u16>,
}

impl Serialize for Attendance {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.minutes {
            None => self.mark.serialize(s),
            Some(minutes) => AttendanceFull {
                mark: self.mark,
                minutes: Some(minutes),
            }
            .serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Attendance {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Attendance, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = Attendance;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an attendance mark, or a mark with minutes")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Attendance, E> {
                let mark = Mark::deserialize(serde::de::value::StrDeserializer::<E>::new(v))?;
                Ok(Attendance {
                    mark,
                    minutes: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Attendance, A::Error> {
                let full =
                    AttendanceFull::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Attendance {
                    mark: full.mark,
                    minutes: full.minutes,
                })
            }
        }
        d.deserialize_any(Either)
    }
}

/// One dated meeting of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Derived from the group and the meeting slot it was generated for (see [`session_id`]), so
    /// regeneration finds it again even after its date was moved by hand.
    pub id: String,
    pub schema: u32,
    pub group: String,
    /// The meeting slot the session was generated for.
    #[serde(with = "iso_date")]
    pub slot: NaiveDate,
    #[serde(with = "clock_time")]
    pub slot_start: NaiveTime,
    /// When it actually happens (differs from the slot when moved by hand).
    #[serde(with = "iso_date")]
    pub date: NaiveDate,
    #[serde(with = "clock_time")]
    pub start: NaiveTime,
    pub minutes: u16,
    /// The curriculum unit of the slot, if a plan placed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<UnitPlace>,
    /// Topic delivered (from the unit, or chosen by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Skills practice delivered alongside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<String>,
    /// Cancelled sessions deliver nothing; a cancelled session with a unit means that unit was
    /// not delivered.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cancelled: bool,
    #[serde(default, skip_serializing_if = "Overrides::is_none")]
    pub overrides: Overrides,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda: Vec<Block>,
    /// Client id -> attendance.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attendance: BTreeMap<String, Attendance>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// The id of the session generated for `group`'s meeting at `slot` `start`.
pub fn session_id(group: &str, slot: NaiveDate, start: NaiveTime) -> String {
    // Formatted by hand (see `dates`): the same text as chrono's "%Y-%m-%d" and "%H%M".
    format!("{group}@{slot}T{}", crate::domain::dates::hhmm(start))
}

/// The group, meeting slot and start a session id names (see [`session_id`]), if it has that
/// shape.
pub fn slot_of(id: &str) -> Option<(&str, NaiveDate, NaiveTime)> {
    let (group, when) = id.rsplit_once('@')?;
    let (date, time) = when.split_once('T')?;
    let digits = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
    if group.is_empty() || !digits(time) {
        return None;
    }
    let start = NaiveTime::from_hms_opt(time[..2].parse().ok()?, time[2..].parse().ok()?, 0)?;
    Some((group, crate::domain::dates::parse_date(date)?, start))
}

/// The session of `group`'s meeting on `slot` at `start` before anything is stored for it: no
/// curriculum unit and no topic, the group type's agenda, no attendance, cancelled on a date the
/// group is off. `None` when the group does not meet then (outside its dates, or no meeting of
/// its weekly pattern on that weekday at that time).
pub fn free_session(group: &Group, slot: NaiveDate, start: NaiveTime) -> Option<Session> {
    use chrono::Datelike;
    if !group.runs_on(slot) {
        return None;
    }
    let meeting = group
        .pattern
        .meetings
        .iter()
        .find(|m| m.weekday == slot.weekday() && m.start == start)?;
    Some(Session {
        id: session_id(&group.id, slot, start),
        schema: SESSION_SCHEMA,
        group: group.id.clone(),
        slot,
        slot_start: start,
        date: slot,
        start,
        minutes: meeting.minutes,
        unit: None,
        topic: None,
        practice: None,
        cancelled: group.cancelled.contains(&slot),
        overrides: Overrides::default(),
        agenda: Vec::new(),
        attendance: BTreeMap::new(),
        notes: String::new(),
    })
}

impl Session {
    /// Topic ids this session delivers (nothing if cancelled).
    pub fn delivers(&self) -> impl Iterator<Item = &str> {
        let held = !self.cancelled;
        self.topic
            .as_deref()
            .into_iter()
            .chain(self.practice.as_deref())
            .filter(move |_| held)
    }

    /// Minutes a client was present, per their attendance (0 if absent, excused or unmarked).
    pub fn minutes_present(&self, client: &str) -> u32 {
        if self.cancelled {
            return 0;
        }
        match self.attendance.get(client) {
            // Minutes present are recorded for late arrivals and early leavers only.
            Some(a) if matches!(a.mark, Mark::Late | Mark::LeftEarly) => {
                u32::from(a.minutes.unwrap_or(self.minutes).min(self.minutes))
            }
            Some(a) if a.mark.present() => u32::from(self.minutes),
            _ => 0,
        }
    }
}

/// How far ahead sessions of a rolling curriculum are generated (it never ends by itself).
pub const ROLLING_WEEKS_AHEAD: u64 = 26;
/// How far ahead a closed curriculum of a group without an end date may run.
const CLOSED_CAP_MONTHS: u32 = 36;
/// Detail lines a regeneration report lists before summing up the rest.
const REPORT_DETAILS: usize = 20;

/// The last date to generate sessions for: a closed curriculum runs to the group's end date (or
/// at most 3 years past the later of the group's start and today); a rolling one runs to the
/// group's end date or [`ROLLING_WEEKS_AHEAD`] weeks past today, whichever comes first.
pub fn generation_end(curriculum: &Curriculum, group: &Group, today: NaiveDate) -> NaiveDate {
    match curriculum.kind {
        CurriculumKind::Closed => group.end.unwrap_or_else(|| {
            group
                .start
                .max(today)
                .checked_add_months(Months::new(CLOSED_CAP_MONTHS))
                .unwrap_or(NaiveDate::MAX)
        }),
        CurriculumKind::Rolling => {
            let horizon = today
                .checked_add_days(Days::new(ROLLING_WEEKS_AHEAD * 7))
                .unwrap_or(NaiveDate::MAX);
            group.end.map_or(horizon, |end| end.min(horizon))
        }
    }
}

/// The dates a group's session list covers: from the group's start to its end, or, for a group
/// without an end, to the later of its last stored session and [`ROLLING_WEEKS_AHEAD`] weeks
/// past today (its free sessions go on for ever).
pub fn list_range(
    group: &Group,
    last_stored: Option<&Session>,
    today: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let horizon = today
        .checked_add_days(Days::new(ROLLING_WEEKS_AHEAD * 7))
        .unwrap_or(NaiveDate::MAX);
    let to = group
        .end
        .unwrap_or_else(|| last_stored.map_or(horizon, |s| s.date.max(horizon)));
    (group.start, to)
}

/// The sessions a plan produces, and what of a closed curriculum did not fit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// In date order.
    pub sessions: Vec<Session>,
    /// Unit ids of a closed curriculum that did not fit before the end date (always empty for
    /// rolling curricula).
    pub unplaced: Vec<String>,
}

/// Generate the sessions of `plan` for `group` from the later of the plan's and the group's
/// start up to `until` (and never past the group's end).
///
/// Every meeting slot carries the next curriculum unit: a closed curriculum runs once and stops
/// when its units run out; a rolling one starts over, counting cycles. On a cancelled date,
/// [`CancelMode::Shift`] leaves the slot out (later units move one meeting later), while
/// [`CancelMode::Drop`] keeps a cancelled session that uses up its unit ("not delivered").
/// A pattern listing the same weekday and start twice yields one session for it.
pub fn generate(
    plan: &Plan,
    curriculum: &Curriculum,
    group: &Group,
    until: NaiveDate,
) -> Generated {
    let steps = curriculum.steps();
    let closed = curriculum.kind == CurriculumKind::Closed;
    let from = plan.start.max(group.start);
    let to = group.end.map_or(until, |end| end.min(until));
    let mut out = Generated::default();
    let mut next = 0usize;
    if !steps.is_empty() && !group.pattern.meetings.is_empty() && from <= to {
        let cancelled: HashSet<NaiveDate> = group.cancelled.iter().copied().collect();
        let mut cycle = 0u32;
        let mut last: Option<(NaiveDate, NaiveTime)> = None;
        let mut chunk = from;
        // Walk in four-week chunks so a closed curriculum that ends early does not list every
        // meeting up to a far end date.
        'walk: loop {
            let chunk_end = chunk
                .checked_add_days(Days::new(27))
                .unwrap_or(NaiveDate::MAX)
                .min(to);
            for (date, meeting) in group.pattern.dates(chunk, chunk_end, &[]) {
                if last == Some((date, meeting.start)) {
                    continue;
                }
                last = Some((date, meeting.start));
                let off = cancelled.contains(&date);
                if off && plan.on_cancel == CancelMode::Shift {
                    continue;
                }
                let Some(step) = steps.get(next) else {
                    break 'walk;
                };
                out.sessions.push(Session {
                    id: session_id(&group.id, date, meeting.start),
                    schema: SESSION_SCHEMA,
                    group: group.id.clone(),
                    slot: date,
                    slot_start: meeting.start,
                    date,
                    start: meeting.start,
                    minutes: meeting.minutes,
                    unit: Some(UnitPlace {
                        curriculum: curriculum.id.clone(),
                        unit: step.unit.id.clone(),
                        position: u32::try_from(step.position).unwrap_or(u32::MAX),
                        cycle,
                        module_start: step.module_start,
                    }),
                    topic: Some(step.unit.topic.clone()),
                    practice: step.unit.practice.clone(),
                    cancelled: off,
                    overrides: Overrides::default(),
                    // Empty: the session follows its group type's template (see `agenda_of`).
                    agenda: Vec::new(),
                    attendance: BTreeMap::new(),
                    notes: String::new(),
                });
                next += 1;
                if !closed && next == steps.len() {
                    next = 0;
                    cycle = cycle.saturating_add(1);
                }
            }
            match chunk_end.succ_opt() {
                Some(day) if chunk_end < to => chunk = day,
                _ => break,
            }
        }
    }
    if closed {
        out.unplaced = steps.iter().skip(next).map(|s| s.unit.id.clone()).collect();
    }
    out
}

/// Whether a session's unit was not delivered: the session is cancelled but carried a unit.
pub fn not_delivered(s: &Session) -> bool {
    s.cancelled && s.unit.is_some()
}

/// The unit a session's slot carries in `curriculum` as it now stands (for [`set_topic`]).
pub fn planned_unit<'a>(s: &Session, curriculum: &'a Curriculum) -> Option<&'a Unit> {
    let place = s.unit.as_ref().filter(|u| u.curriculum == curriculum.id)?;
    curriculum
        .modules
        .iter()
        .flat_map(|m| &m.units)
        .find(|u| u.id == place.unit)
}

fn blank_is_none(id: Option<String>) -> Option<String> {
    id.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// Choose the topic and practice delivered by hand. `planned` is the unit the slot carries
/// (see [`planned_unit`]; the session itself only stores the unit's id): choosing exactly its
/// topic and practice clears the hand-changed mark, so the session follows the plan again.
/// Blank ids count as none.
pub fn set_topic(
    s: &Session,
    topic: Option<String>,
    practice: Option<String>,
    planned: Option<&Unit>,
) -> Session {
    let mut out = s.clone();
    out.topic = blank_is_none(topic);
    out.practice = blank_is_none(practice);
    out.overrides.topic = match planned {
        Some(u) => {
            out.topic.as_deref() != Some(u.topic.as_str())
                || out.practice.as_deref() != u.practice.as_deref()
        }
        None => out.topic.is_some() || out.practice.is_some(),
    };
    out
}

/// Move a session to another date, start or length (5 minutes to 8 hours).
///
/// The time counts as changed by hand when the date or start differs from the meeting slot's,
/// or the length differs from the generated one. The generated length is only known while the
/// time was never changed, so a session moved back to its slot keeps the mark;
/// [`regenerate`] drops it once date, start and length match the plan again.
pub fn move_session(
    s: &Session,
    date: NaiveDate,
    start: NaiveTime,
    minutes: u16,
) -> Result<Session, String> {
    if !(5..=480).contains(&minutes) {
        return Err("A session must last between 5 minutes and 8 hours.".into());
    }
    let mut out = s.clone();
    let at_slot = date == s.slot && start == s.slot_start;
    out.overrides.time = !at_slot || s.overrides.time || minutes != s.minutes;
    out.date = date;
    out.start = start;
    out.minutes = minutes;
    Ok(out)
}

/// The rule of a session's notes (printed on the facilitator sheet).
pub const NOTES: Rule = Rule::notes("Session notes").plural();

/// The session with its notes as typed (trimmed), or why they are refused.
pub fn set_notes(s: &Session, notes: &str) -> Result<Session, String> {
    let notes = notes.trim();
    if let Some(problem) = NOTES.problem(notes, Check::Typed) {
        return Err(problem);
    }
    Ok(Session {
        notes: notes.to_string(),
        ..s.clone()
    })
}

/// A session's free text (notes, agenda block titles) against its rules, as strictly as
/// `check` says (stored sessions: lengths only).
pub(crate) fn check_texts(s: &Session, check: Check) -> Result<(), String> {
    let titles = s
        .agenda
        .iter()
        .map(|b| (agenda::BLOCK_TITLE, b.title.as_str()));
    match std::iter::once((NOTES, s.notes.as_str()))
        .chain(titles)
        .find_map(|(rule, value)| rule.problem(value, check))
    {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}

/// Cancel or reinstate a session by hand. A cancelled session delivers nothing: its unit is not
/// delivered. Setting it back to what the plan gave (also reinstating a session generated as
/// cancelled, then cancelling it again) clears the hand-changed mark.
pub fn set_cancelled(s: &Session, cancelled: bool) -> Session {
    let mut out = s.clone();
    if cancelled != s.cancelled {
        out.cancelled = cancelled;
        // Cancellation is yes/no: flipping a hand-changed value flips it back to the plan's.
        out.overrides.cancelled = !s.overrides.cancelled;
    }
    out
}

/// The agenda a session runs: its own if one was set by hand, otherwise the template of its
/// group type for its length. Generated sessions store no agenda, so a programme of thousands
/// of sessions does not store thousands of copies of the same template, and a session whose
/// length changes gets a template that fits.
pub fn agenda_of(s: &Session, kind: GroupType) -> Vec<Block> {
    if s.agenda.is_empty() && !s.overrides.agenda {
        agenda::template(kind, s.minutes)
    } else {
        s.agenda.clone()
    }
}

/// Go back to the group type's template (clears the hand-changed mark).
pub fn reset_agenda(s: &Session) -> Session {
    let mut out = s.clone();
    out.agenda = Vec::new();
    out.overrides.agenda = false;
    out
}

/// Replace a session's agenda (kept on regeneration from then on).
pub fn set_agenda(s: &Session, blocks: Vec<Block>) -> Session {
    let mut out = s.clone();
    if blocks != s.agenda {
        out.agenda = blocks;
        out.overrides.agenda = true;
    }
    out
}

/// Record (`Some`) or clear (`None`) a client's attendance.
pub fn set_attendance(s: &Session, client: &str, attendance: Option<Attendance>) -> Session {
    let mut out = s.clone();
    match attendance {
        Some(a) => {
            out.attendance.insert(client.to_string(), a);
        }
        None => {
            out.attendance.remove(client);
        }
    }
    out
}

/// What a regeneration stores, and what it tells the person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Regeneration {
    /// New sessions.
    pub insert: Vec<Session>,
    /// Changed sessions (same id).
    pub put: Vec<Session>,
    /// Ids of sessions to remove.
    pub delete: Vec<String>,
    /// A summary line, then up to 20 dated details (and a line counting the rest).
    pub report: Vec<String>,
}

impl Regeneration {
    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.insert.is_empty() && self.put.is_empty() && self.delete.is_empty()
    }
}

/// Whether a session is history: past, or attendance taken. History is never changed.
fn is_history(s: &Session, today: NaiveDate) -> bool {
    s.date < today || !s.attendance.is_empty()
}

/// The fresh session with every hand change, the notes and the attendance of `old` kept.
fn merge(old: &Session, fresh: Session) -> Session {
    let mut out = fresh;
    let mut marks = old.overrides;
    if marks.topic {
        out.topic.clone_from(&old.topic);
        out.practice.clone_from(&old.practice);
    }
    if marks.time {
        // A time put back exactly where the plan has it is no longer a hand change.
        marks.time = (old.date, old.start, old.minutes) != (out.date, out.start, out.minutes);
        out.date = old.date;
        out.start = old.start;
        out.minutes = old.minutes;
    }
    if marks.cancelled {
        // Likewise a hand cancellation the plan now makes too (a new holiday dropped).
        marks.cancelled = old.cancelled != out.cancelled;
        out.cancelled = old.cancelled;
    }
    if marks.agenda {
        out.agenda.clone_from(&old.agenda);
    }
    out.overrides = marks;
    out.notes.clone_from(&old.notes);
    out.attendance.clone_from(&old.attendance);
    out
}

/// Kinds of change, in the order the summary lists them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Topic,
    Cancelled,
    Reinstated,
    Length,
    Updated,
    Added,
    Removed,
}

impl Change {
    const ALL: [Change; 7] = [
        Change::Topic,
        Change::Cancelled,
        Change::Reinstated,
        Change::Length,
        Change::Updated,
        Change::Added,
        Change::Removed,
    ];

    fn words(self) -> &'static str {
        match self {
            Change::Topic => "changed topic",
            Change::Cancelled => "now cancelled",
            Change::Reinstated => "no longer cancelled",
            Change::Length => "changed length",
            Change::Updated => "updated",
            Change::Added => "added",
            Change::Removed => "removed",
        }
    }
}

fn classify(old: &Session, new: &Session) -> Change {
    if old.cancelled != new.cancelled {
        if new.cancelled {
            Change::Cancelled
        } else {
            Change::Reinstated
        }
    } else if old.topic != new.topic || old.practice != new.practice {
        Change::Topic
    } else if (old.date, old.start, old.minutes) != (new.date, new.start, new.minutes) {
        Change::Length
    } else {
        Change::Updated
    }
}

fn sessions_words(n: usize) -> String {
    if n == 1 {
        "1 session".into()
    } else {
        format!("{n} sessions")
    }
}

/// Compare freshly generated sessions with the stored ones of the same group and decide what to
/// insert, change and delete, keeping history and hand changes.
///
/// - Sessions match by id (group and meeting slot).
/// - History (dated before `today`, or with attendance) is never changed or deleted.
/// - A future session takes the fresh version but keeps whatever a person changed (topic and
///   practice, time, cancellation, agenda), its notes and attendance; the unit always comes
///   from the plan. It is stored only if something actually changed. A hand-changed time or
///   cancellation that now equals the plan's loses its mark (there is nothing left to keep, and
///   the session follows the plan again); topic and agenda marks stay until changed by hand.
/// - A future session the plan no longer has is deleted, unless it was changed by hand: then it
///   stays and the report says so.
/// - A fresh session without a stored one is added from `today` on; the first generation
///   (nothing stored) adds past sessions too.
///
/// `title` turns a topic id into the words the report shows (for example the topic's title).
pub fn regenerate(
    existing: &[&Session],
    fresh: Vec<Session>,
    today: NaiveDate,
    title: impl Fn(&str) -> String,
) -> Regeneration {
    // Free sessions (no unit) are stored meetings of a group without a plan: the first plan
    // still fills in the past meetings nothing is stored for.
    let first = existing.iter().all(|s| s.unit.is_none());
    let mut by_id: HashMap<&str, &Session> = existing.iter().map(|s| (s.id.as_str(), *s)).collect();
    let mut out = Regeneration::default();
    let mut counts = [0usize; Change::ALL.len()];
    let mut kept = 0usize;
    // (date, start, line) so details read in date order.
    let mut details: Vec<(NaiveDate, NaiveTime, String)> = Vec::new();
    let content = |s: &Session| match (&s.topic, &s.practice) {
        (Some(t), Some(p)) => format!("{} + {}", title(t), title(p)),
        (Some(t), None) => title(t),
        (None, Some(p)) => title(p),
        (None, None) => "no topic".to_string(),
    };
    let when = |s: &Session| format!("{} {}", human_date(s.date), clock(s.start));
    let mut note = |s: &Session, line: String| details.push((s.date, s.start, line));

    for f in fresh {
        match by_id.remove(f.id.as_str()) {
            Some(old) if is_history(old, today) => {}
            Some(old) => {
                let plan_moved = old.unit != f.unit;
                let new = merge(old, f);
                if new == *old {
                    continue;
                }
                let change = classify(old, &new);
                let at = when(old);
                if change == Change::Updated && plan_moved && old.overrides.any() {
                    kept += 1;
                    note(old, format!("{at}: kept because it was changed by hand"));
                } else {
                    counts[change as usize] += 1;
                    let line = match change {
                        Change::Topic => format!("{at}: {} -> {}", content(old), content(&new)),
                        Change::Cancelled => {
                            format!("{at}: cancelled, {} not delivered", content(&new))
                        }
                        Change::Reinstated => {
                            format!("{at}: no longer cancelled ({})", content(&new))
                        }
                        Change::Length => format!("{at}: now {} minutes", new.minutes),
                        _ => format!("{at}: updated"),
                    };
                    note(old, line);
                }
                out.put.push(new);
            }
            None if first || f.date >= today => {
                counts[Change::Added as usize] += 1;
                note(&f, format!("{}: added ({})", when(&f), content(&f)));
                out.insert.push(f);
            }
            None => {}
        }
    }
    // Stored sessions the plan no longer has, in the order they were given.
    for old in existing
        .iter()
        .filter(|s| by_id.contains_key(s.id.as_str()))
    {
        if is_history(old, today) {
            continue;
        }
        // Notes are a person's work too: a session with notes is kept like a hand change.
        if old.overrides.any() || !old.notes.trim().is_empty() {
            kept += 1;
            note(
                old,
                format!("{}: kept because it was changed by hand", when(old)),
            );
        } else {
            counts[Change::Removed as usize] += 1;
            note(old, format!("{}: removed ({})", when(old), content(old)));
            out.delete.push(old.id.clone());
        }
    }

    let parts: Vec<String> = Change::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .enumerate()
        .map(|(i, (c, n))| {
            if i == 0 {
                format!("{} {}", sessions_words(n), c.words())
            } else {
                format!("{n} {}", c.words())
            }
        })
        .collect();
    let kept_words = |lead: bool| {
        let verb = if kept == 1 { "was" } else { "were" };
        if lead {
            format!("{} changed by hand {verb} kept", sessions_words(kept))
        } else {
            format!("{kept} changed by hand {verb} kept")
        }
    };
    let summary = match (parts.is_empty(), kept) {
        (true, 0) => "Nothing changed.".to_string(),
        (true, _) => format!("Nothing changed; {}.", kept_words(true)),
        (false, 0) => format!("{}.", parts.join(", ")),
        (false, _) => format!("{}; {}.", parts.join(", "), kept_words(false)),
    };
    details.sort_by_key(|a| (a.0, a.1));
    out.report.push(summary);
    let more = details.len().saturating_sub(REPORT_DETAILS);
    out.report.extend(
        details
            .into_iter()
            .take(REPORT_DETAILS)
            .map(|(_, _, line)| line),
    );
    if more > 0 {
        out.report.push(format!("... and {more} more."));
    }
    out
}

/// What removing a group's plan does to its sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unassigned {
    /// Upcoming sessions a person changed (by hand, or with notes), now free sessions: no unit,
    /// and no topic unless the topic was chosen by hand; everything else kept.
    pub freed: Vec<Session>,
    /// Upcoming sessions nobody changed: deleted (their meetings are free sessions again).
    pub delete: Vec<String>,
}

/// What becomes of a group's sessions when its plan is removed: history (before `today`, or
/// with attendance) stays as it is; of the rest, a person's work is kept as free sessions and
/// the others are deleted (see [`Unassigned`]).
pub fn unassign(existing: &[&Session], today: NaiveDate) -> Unassigned {
    let mut out = Unassigned::default();
    for s in existing.iter().filter(|s| !is_history(s, today)) {
        if s.overrides.any() || !s.notes.trim().is_empty() {
            let mut free = (*s).clone();
            free.unit = None;
            if !free.overrides.topic {
                free.topic = None;
                free.practice = None;
            }
            out.freed.push(free);
        } else {
            out.delete.push(s.id.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::library::curriculum::{CURRICULUM_SCHEMA, EntryRule, Module};
    use crate::domain::people::client::AgeBand;
    use crate::domain::roster::group::{
        AdmissionRule, GROUP_SCHEMA, GroupType, Meeting, MeetingPattern,
    };
    use crate::domain::sessions::agenda::retime_block;
    use chrono::Weekday;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// Mon/Wed/Fri 09:00 for 90 minutes from Mon 23 Nov 2026; the day after Thanksgiving
    /// (Fri 27 Nov) is off, and Thanksgiving itself (Thu) is listed though the group never
    /// meets on Thursdays.
    fn group() -> Group {
        let meeting = |weekday| Meeting {
            weekday,
            start: t(9, 0),
            minutes: 90,
        };
        Group {
            id: "g1".into(),
            schema: GROUP_SCHEMA,
            name: "Early recovery".into(),
            kind: GroupType::RelapsePrevention,
            track: None,
            age_band: AgeBand::Adult,
            gender: None,
            admission: AdmissionRule::Open,
            capacity_min: 4,
            capacity_max: 12,
            pattern: MeetingPattern {
                meetings: vec![
                    meeting(Weekday::Fri),
                    meeting(Weekday::Mon),
                    meeting(Weekday::Wed),
                ],
            },
            start: d(2026, 11, 23),
            end: None,
            lead: None,
            co_facilitators: vec![],
            room: None,
            cancelled: vec![d(2026, 11, 26), d(2026, 11, 27)],
            archived: false,
        }
    }

    const TOPICS: [(&str, &str); 8] = [
        ("cravings", "Managing cravings"),
        ("lapse", "Lapse and relapse"),
        ("triggers", "Triggers"),
        ("sleep", "Sleep"),
        ("refusal", "Refusal skills"),
        ("values", "Values"),
        ("support", "Support networks"),
        ("plan", "Relapse prevention plan"),
    ];

    fn title(id: &str) -> String {
        TOPICS
            .iter()
            .find(|(t, _)| *t == id)
            .map_or(id.to_string(), |(_, title)| title.to_string())
    }

    /// `n` units ("u1".."un") over two modules, topics from [`TOPICS`] in order.
    fn curriculum(kind: CurriculumKind, n: usize) -> Curriculum {
        let unit = |i: usize| Unit {
            id: format!("u{}", i + 1),
            topic: TOPICS[i % TOPICS.len()].0.into(),
            practice: (i == 0).then(|| "breathing".to_string()),
        };
        let half = n.div_ceil(2);
        Curriculum {
            id: "c1".into(),
            schema: CURRICULUM_SCHEMA,
            name: "Relapse prevention".into(),
            description: String::new(),
            kind,
            entry: EntryRule::AnySession,
            modules: vec![
                Module {
                    id: "m1".into(),
                    name: "Early recovery".into(),
                    units: (0..half).map(unit).collect(),
                },
                Module {
                    id: "m2".into(),
                    name: "Staying well".into(),
                    units: (half..n).map(unit).collect(),
                },
            ],
            archived: false,
        }
    }

    fn plan(on_cancel: CancelMode) -> Plan {
        Plan {
            id: "g1".into(),
            schema: PLAN_SCHEMA,
            group: "g1".into(),
            curriculum: "c1".into(),
            start: d(2026, 11, 23),
            on_cancel,
        }
    }

    /// (date, unit id, cancelled) of each session.
    fn outline(g: &Generated) -> Vec<(NaiveDate, &str, bool)> {
        g.sessions
            .iter()
            .map(|s| {
                (
                    s.date,
                    s.unit.as_ref().map_or("", |u| u.unit.as_str()),
                    s.cancelled,
                )
            })
            .collect()
    }

    fn when(s: &Session) -> String {
        format!("{} {}", human_date(s.date), clock(s.start))
    }

    /// The store after applying a regeneration.
    fn apply(store: &mut BTreeMap<String, Session>, r: &Regeneration) {
        for id in &r.delete {
            store.remove(id);
        }
        for s in r.put.iter().chain(&r.insert) {
            store.insert(s.id.clone(), s.clone());
        }
    }

    #[test]
    fn a_holiday_shifts_the_remaining_topics() {
        let c = curriculum(CurriculumKind::Closed, 5);
        let g = generate(&plan(CancelMode::Shift), &c, &group(), d(2027, 6, 30));
        assert_eq!(
            outline(&g),
            [
                (d(2026, 11, 23), "u1", false),
                (d(2026, 11, 25), "u2", false),
                (d(2026, 11, 30), "u3", false),
                (d(2026, 12, 2), "u4", false),
                (d(2026, 12, 4), "u5", false),
            ]
        );
        assert!(g.unplaced.is_empty());
        let first = &g.sessions[0];
        assert_eq!(first.id, "g1@2026-11-23T0900");
        assert_eq!((first.slot, first.slot_start), (first.date, first.start));
        assert_eq!((first.start, first.minutes), (t(9, 0), 90));
        assert_eq!(first.topic.as_deref(), Some("cravings"));
        assert_eq!(first.practice.as_deref(), Some("breathing"));
        assert!(first.agenda.is_empty() && !first.overrides.agenda);
        assert_eq!(
            agenda_of(first, GroupType::RelapsePrevention),
            agenda::template(GroupType::RelapsePrevention, 90)
        );
        let reset = reset_agenda(&set_agenda(first, vec![]));
        assert_eq!(&reset, first);
        assert_eq!(first.schema, SESSION_SCHEMA);
        let places: Vec<(u32, bool)> = g
            .sessions
            .iter()
            .filter_map(|s| s.unit.as_ref().map(|u| (u.position, u.module_start)))
            .collect();
        assert_eq!(
            places,
            [(0, true), (1, false), (2, false), (3, true), (4, false)]
        );
    }

    #[test]
    fn a_holiday_in_drop_mode_leaves_its_topic_undelivered() {
        let c = curriculum(CurriculumKind::Closed, 5);
        let g = generate(&plan(CancelMode::Drop), &c, &group(), d(2027, 6, 30));
        assert_eq!(
            outline(&g),
            [
                (d(2026, 11, 23), "u1", false),
                (d(2026, 11, 25), "u2", false),
                (d(2026, 11, 27), "u3", true),
                (d(2026, 11, 30), "u4", false),
                (d(2026, 12, 2), "u5", false),
            ]
        );
        let dropped = &g.sessions[2];
        assert!(not_delivered(dropped));
        assert_eq!(dropped.delivers().count(), 0);
        assert!(!not_delivered(&g.sessions[3]));
    }

    #[test]
    fn units_that_do_not_fit_before_the_group_ends_are_listed() {
        let c = curriculum(CurriculumKind::Closed, 5);
        let ending = Group {
            end: Some(d(2026, 12, 2)),
            ..group()
        };
        let g = generate(&plan(CancelMode::Shift), &c, &ending, d(2027, 6, 30));
        assert_eq!(g.sessions.len(), 4);
        assert_eq!(g.unplaced, ["u5"]);
        let g = generate(&plan(CancelMode::Shift), &c, &group(), d(2026, 11, 25));
        assert_eq!(g.unplaced, ["u3", "u4", "u5"], "stopped at `until`");
        let late = Plan {
            start: d(2027, 1, 1),
            ..plan(CancelMode::Shift)
        };
        let g = generate(&late, &c, &ending, d(2027, 6, 30));
        assert!(g.sessions.is_empty());
        assert_eq!(g.unplaced.len(), 5, "nothing fits after the group ended");
    }

    #[test]
    fn rolling_curricula_repeat_and_christmas_shifts_or_drops() {
        let c = curriculum(CurriculumKind::Rolling, 3);
        let g = Group {
            cancelled: vec![d(2026, 12, 25)],
            ..group()
        };
        let p = Plan {
            start: d(2026, 12, 14),
            ..plan(CancelMode::Shift)
        };
        let shifted = generate(&p, &c, &g, d(2027, 1, 8));
        assert!(shifted.unplaced.is_empty());
        let cycles: Vec<(NaiveDate, &str, u32)> = shifted
            .sessions
            .iter()
            .map(|s| {
                let u = s.unit.as_ref().unwrap();
                (s.date, u.unit.as_str(), u.cycle)
            })
            .collect();
        assert_eq!(
            cycles,
            [
                (d(2026, 12, 14), "u1", 0),
                (d(2026, 12, 16), "u2", 0),
                (d(2026, 12, 18), "u3", 0),
                (d(2026, 12, 21), "u1", 1),
                (d(2026, 12, 23), "u2", 1),
                (d(2026, 12, 28), "u3", 1),
                (d(2026, 12, 30), "u1", 2),
                (d(2027, 1, 1), "u2", 2),
                (d(2027, 1, 4), "u3", 2),
                (d(2027, 1, 6), "u1", 3),
                (d(2027, 1, 8), "u2", 3),
            ]
        );
        let dropped = generate(
            &Plan {
                on_cancel: CancelMode::Drop,
                ..p
            },
            &c,
            &g,
            d(2027, 1, 8),
        );
        assert_eq!(dropped.sessions.len(), 12);
        let christmas = &dropped.sessions[5];
        assert_eq!(christmas.date, d(2026, 12, 25));
        assert!(christmas.cancelled);
        assert_eq!(christmas.unit.as_ref().unwrap().unit, "u3");
        assert_eq!(dropped.sessions[6].unit.as_ref().unwrap().unit, "u1");
        assert_eq!(dropped.sessions[6].unit.as_ref().unwrap().cycle, 2);
    }

    #[test]
    fn generation_ends_at_the_group_end_or_a_horizon() {
        let today = d(2026, 11, 1);
        let closed = curriculum(CurriculumKind::Closed, 3);
        let rolling = curriculum(CurriculumKind::Rolling, 3);
        assert_eq!(generation_end(&closed, &group(), today), d(2029, 11, 23));
        assert_eq!(generation_end(&rolling, &group(), today), d(2027, 5, 2));
        let ending = Group {
            end: Some(d(2027, 2, 1)),
            ..group()
        };
        assert_eq!(generation_end(&closed, &ending, today), d(2027, 2, 1));
        assert_eq!(generation_end(&rolling, &ending, today), d(2027, 2, 1));
        let old = Group {
            start: d(2020, 1, 6),
            ..group()
        };
        assert_eq!(generation_end(&closed, &old, today), d(2029, 11, 1));
    }

    #[test]
    fn hand_changes_set_and_clear_their_marks() {
        let c = curriculum(CurriculumKind::Closed, 5);
        let g = generate(&plan(CancelMode::Shift), &c, &group(), d(2027, 6, 30));
        let s = &g.sessions[1];
        let unit = planned_unit(s, &c);
        assert_eq!(unit.map(|u| u.topic.as_str()), Some("lapse"));

        let changed = set_topic(s, Some("sleep".into()), None, unit);
        assert!(changed.overrides.topic);
        assert_eq!(changed.delivers().collect::<Vec<_>>(), ["sleep"]);
        let back = set_topic(&changed, Some("lapse".into()), Some(" ".into()), unit);
        assert!(!back.overrides.topic, "back to the planned topic");
        assert_eq!(back, *s);

        assert_eq!(
            move_session(s, d(2026, 11, 26), t(10, 0), 4).unwrap_err(),
            "A session must last between 5 minutes and 8 hours."
        );
        let moved = move_session(s, d(2026, 11, 26), t(10, 0), 90).unwrap();
        assert!(moved.overrides.time);
        assert_eq!((moved.slot, moved.date), (d(2026, 11, 25), d(2026, 11, 26)));
        let same = move_session(s, s.slot, s.slot_start, 90).unwrap();
        assert!(!same.overrides.time, "nothing moved");
        let shorter = move_session(s, s.slot, s.slot_start, 60).unwrap();
        assert!(shorter.overrides.time, "a new length is a hand change");

        let off = set_cancelled(s, true);
        assert!(off.cancelled && off.overrides.cancelled && not_delivered(&off));
        assert_eq!(set_cancelled(&off, false), *s);
        let holiday = generate(&plan(CancelMode::Drop), &c, &group(), d(2027, 6, 30));
        let on = set_cancelled(&holiday.sessions[2], false);
        assert!(!on.cancelled && on.overrides.cancelled);
        assert_eq!(on.delivers().collect::<Vec<_>>(), ["triggers"]);

        let mut blocks = agenda_of(s, GroupType::RelapsePrevention);
        retime_block(&mut blocks, "b1", 25).unwrap();
        assert!(set_agenda(s, blocks).overrides.agenda);
        assert!(!set_agenda(s, s.agenda.clone()).overrides.agenda);

        let present = Attendance {
            mark: Mark::Late,
            minutes: Some(60),
        };
        let marked = set_attendance(s, "client-ash", Some(present));
        assert_eq!(marked.minutes_present("client-ash"), 60);
        assert_eq!(set_attendance(&marked, "client-ash", None), *s);
        assert!(!marked.overrides.any(), "attendance is not a plan change");
    }

    #[test]
    fn first_generation_fills_the_past_and_rerunning_changes_nothing() {
        let c = curriculum(CurriculumKind::Closed, 5);
        let fresh = generate(&plan(CancelMode::Shift), &c, &group(), d(2027, 6, 30)).sessions;
        let today = d(2026, 12, 1);
        let r = regenerate(&[], fresh.clone(), today, title);
        assert_eq!(r.insert.len(), 5, "past sessions too");
        assert_eq!(r.report[0], "5 sessions added.");
        assert_eq!(
            r.report[1],
            format!("{}: added (Managing cravings + breathing)", when(&fresh[0]))
        );
        let mut store = BTreeMap::new();
        apply(&mut store, &r);
        let existing: Vec<&Session> = store.values().collect();
        let again = regenerate(&existing, fresh, today, title);
        assert!(again.is_empty());
        assert_eq!(again.report, ["Nothing changed."]);
    }

    #[test]
    fn hand_changes_survive_a_new_holiday() {
        let c = curriculum(CurriculumKind::Closed, 8);
        let today = d(2026, 11, 23);
        let first = generate(&plan(CancelMode::Shift), &c, &group(), d(2027, 6, 30)).sessions;
        let by_date = |day: u32, month: u32| {
            first
                .iter()
                .find(|s| s.date == d(2026, month, day))
                .unwrap()
        };
        // Mon 30 Nov: topic by hand; Wed 2 Dec: moved to Thursday 10:00; Fri 4 Dec: cancelled
        // by hand; Mon 7 Dec: agenda edited.
        let topic = set_topic(by_date(30, 11), Some("values".into()), None, None);
        let moved = move_session(by_date(2, 12), d(2026, 12, 3), t(10, 0), 90).unwrap();
        let off = set_cancelled(by_date(4, 12), true);
        let mut blocks = agenda_of(by_date(7, 12), GroupType::RelapsePrevention);
        retime_block(&mut blocks, "b2", 30).unwrap();
        let mut agenda = set_agenda(by_date(7, 12), blocks.clone());
        agenda.notes = "Bring the relapse-plan worksheets.".into();
        let mut store: BTreeMap<String, Session> =
            first.iter().map(|s| (s.id.clone(), s.clone())).collect();
        for s in [&topic, &moved, &off, &agenda] {
            store.insert(s.id.clone(), s.clone());
        }

        // Mon 30 Nov becomes a holiday: everything after it moves one meeting later.
        let mut g = group();
        g.cancelled.push(d(2026, 11, 30));
        let fresh = generate(&plan(CancelMode::Shift), &c, &g, d(2027, 6, 30)).sessions;
        let existing: Vec<&Session> = store.values().collect();
        let r = regenerate(&existing, fresh.clone(), today, title);
        assert!(r.delete.is_empty(), "{:?}", r.delete);
        assert_eq!(r.insert.len(), 1, "the last unit now falls on Mon 14 Dec");
        assert_eq!(r.insert[0].date, d(2026, 12, 14));
        assert_eq!(
            r.report[0],
            "5 sessions changed topic, 1 added; 1 changed by hand was kept."
        );
        assert!(r.report.contains(&format!(
            "{}: kept because it was changed by hand",
            when(&topic)
        )));
        assert!(
            r.report
                .contains(&format!("{}: Sleep -> Triggers", when(&moved)))
        );
        assert!(r.report.contains(&format!(
            "{}: Support networks -> Values",
            when(by_date(9, 12))
        )));
        apply(&mut store, &r);

        let kept = &store[&topic.id];
        assert_eq!(kept, &topic, "no meeting any more, but changed by hand");
        let now = &store[&moved.id];
        assert_eq!((now.date, now.start), (d(2026, 12, 3), t(10, 0)));
        assert_eq!(
            now.unit.as_ref().unwrap().unit,
            "u3",
            "took over Mon 30 Nov's unit"
        );
        assert_eq!(now.topic.as_deref(), Some("triggers"));
        let now = &store[&off.id];
        assert!(now.cancelled && now.overrides.cancelled);
        assert_eq!(now.unit.as_ref().unwrap().unit, "u4");
        let now = &store[&agenda.id];
        assert_eq!(now.agenda, blocks);
        assert_eq!(now.notes, agenda.notes);
        assert_eq!(now.topic.as_deref(), Some("refusal"));

        let existing: Vec<&Session> = store.values().collect();
        let again = regenerate(&existing, fresh, today, title);
        assert!(again.is_empty());
        assert_eq!(
            again.report,
            [
                "Nothing changed; 1 session changed by hand was kept.".to_string(),
                format!("{}: kept because it was changed by hand", when(&topic)),
            ]
        );
    }

    #[test]
    fn a_dropped_holiday_is_reported_and_history_stays() {
        let c = curriculum(CurriculumKind::Closed, 8);
        let first = generate(&plan(CancelMode::Drop), &c, &group(), d(2027, 6, 30)).sessions;
        let today = d(2026, 12, 1);
        let mut store: BTreeMap<String, Session> =
            first.iter().map(|s| (s.id.clone(), s.clone())).collect();
        // Attendance was taken early for Wed 2 Dec.
        let taken = set_attendance(
            &first[4],
            "client-bo",
            Some(Attendance {
                mark: Mark::Attended,
                minutes: None,
            }),
        );
        assert_eq!(taken.date, d(2026, 12, 2));
        store.insert(taken.id.clone(), taken.clone());
        let before = store.clone();

        // Mon 23 Nov (past) and Wed 2 Dec (attendance taken) become holidays, and so does
        // Fri 4 Dec.
        let mut g = group();
        g.cancelled
            .extend([d(2026, 11, 23), d(2026, 12, 2), d(2026, 12, 4)]);
        let fresh = generate(&plan(CancelMode::Drop), &c, &g, d(2027, 6, 30)).sessions;
        let existing: Vec<&Session> = store.values().collect();
        let r = regenerate(&existing, fresh, today, title);
        apply(&mut store, &r);
        for (id, s) in &before {
            if s.date < today || !s.attendance.is_empty() {
                assert_eq!(&store[id], s, "history unchanged");
            }
        }
        let fri = &store["g1@2026-12-04T0900"];
        assert!(fri.cancelled && !fri.overrides.cancelled);
        assert_eq!(
            r.report,
            [
                "1 session now cancelled.".to_string(),
                format!("{}: cancelled, Values not delivered", when(fri)),
            ]
        );
        assert!(r.insert.is_empty() && r.delete.is_empty());

        // Removing the plan deletes what is still to come, except sessions with attendance.
        let existing: Vec<&Session> = store.values().collect();
        let gone = unassign(&existing, today);
        assert_eq!(gone.delete.len(), 3);
        assert!(gone.freed.is_empty());
        assert!(!gone.delete.contains(&taken.id));
        assert!(gone.delete.iter().all(|id| store[id].date >= today));
    }

    #[test]
    fn removed_and_reinstated_sessions_are_reported() {
        let c = curriculum(CurriculumKind::Closed, 3);
        let today = d(2026, 11, 23);
        let mut g = group();
        g.cancelled = vec![d(2026, 11, 25)];
        let first = generate(&plan(CancelMode::Drop), &c, &g, d(2027, 6, 30)).sessions;
        let mut store: BTreeMap<String, Session> =
            first.iter().map(|s| (s.id.clone(), s.clone())).collect();
        // The holiday is lifted and a shorter run ends on Wed 25 Nov.
        let short = Group {
            cancelled: vec![],
            end: Some(d(2026, 11, 25)),
            ..group()
        };
        let fresh = generate(&plan(CancelMode::Drop), &c, &short, d(2027, 6, 30)).sessions;
        let existing: Vec<&Session> = store.values().collect();
        let r = regenerate(&existing, fresh, today, title);
        assert_eq!(
            r.report,
            [
                "1 session no longer cancelled, 1 removed.".to_string(),
                format!(
                    "{}: no longer cancelled (Lapse and relapse)",
                    when(&first[1])
                ),
                format!("{}: removed (Triggers)", when(&first[2])),
            ]
        );
        assert_eq!(r.delete, [first[2].id.clone()]);
        apply(&mut store, &r);
        assert_eq!(store.len(), 2);

        // A session that only has notes is kept like a hand change, not deleted.
        let mut noted = first.clone();
        noted[2].notes = "Guest speaker booked.".into();
        let existing: Vec<&Session> = noted.iter().collect();
        let fresh = generate(&plan(CancelMode::Drop), &c, &short, d(2027, 6, 30)).sessions;
        let r = regenerate(&existing, fresh, today, title);
        assert!(r.delete.is_empty());
        assert!(
            r.report[0].ends_with("1 changed by hand was kept."),
            "{:?}",
            r.report
        );
    }

    #[test]
    fn long_reports_sum_up_the_rest() {
        let c = curriculum(CurriculumKind::Rolling, 5);
        let today = d(2026, 11, 23);
        let until = d(2027, 3, 1);
        let first = generate(&plan(CancelMode::Shift), &c, &group(), until).sessions;
        let store: Vec<Session> = first;
        let existing: Vec<&Session> = store.iter().collect();
        let mut g = group();
        g.cancelled.push(d(2026, 11, 23));
        let fresh = generate(&plan(CancelMode::Shift), &c, &g, until).sessions;
        let r = regenerate(&existing, fresh, today, title);
        let changed = r.put.len() + r.delete.len() + r.insert.len();
        assert!(changed > 20);
        assert_eq!(r.report.len(), 22);
        assert_eq!(r.report[21], format!("... and {} more.", changed - 20));
        assert_eq!(
            r.report[0],
            format!("{} sessions changed topic, 1 removed.", r.put.len())
        );
    }
}
