//! iCalendar files (RFC 5545): a group's sessions, a clinician's meetings (groups and family
//! sessions) and a family member's schedule.
//!
//! Staff calendars keep series as series: one event per weekly meeting (or family series) with
//! an RRULE, EXDATE for dates that do not happen and RECURRENCE-ID events for a moved
//! occurrence, so a calendar app shows the same meetings the app does. Family calendars are
//! expanded single events with neutral titles, made from the consent-bound family projection
//! only. Times carry the programme's time zone as TZID with a VTIMEZONE built from the zone's
//! real offsets ([`Zone`]: `Intl` in the browser), so Outlook does not shift them. UIDs are
//! stable (record ids, never names), SEQUENCE is the revision of the records an event comes
//! from (it rises with every saved change) and lines are folded at 75 octets without splitting
//! a character.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use crate::domain::Kind;
use crate::domain::families::projection::{ItemKind, family_view};
use crate::domain::families::session::{FamilySession, Repeat, nth_of_month};
use crate::domain::people::client::sign_in_name;
use crate::domain::programme::Programme;
use crate::domain::roster::group::Group;
use crate::domain::sessions::month::month_key;

/// A time zone: its IANA name and its offset from UTC at any instant.
pub trait Zone {
    /// The IANA name ("America/New_York"), used as TZID.
    fn tzid(&self) -> &str;
    /// Minutes east of UTC at the UTC instant `utc` (New York in winter: -300).
    fn offset_minutes(&self, utc: NaiveDateTime) -> i32;
}

/// The UTC instant of a local wall time in `zone` (a time skipped by a clock change moves
/// forward with it).
pub fn to_utc(zone: &dyn Zone, local: NaiveDateTime) -> NaiveDateTime {
    let first = local - Duration::minutes(i64::from(zone.offset_minutes(local)));
    local - Duration::minutes(i64::from(zone.offset_minutes(first)))
}

/// How a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Every `interval` weeks on the first date's weekday.
    Weekly { interval: u8 },
    /// On the `nth` (1-4, -1 last) weekday of the month of the first date's weekday.
    MonthlyNth { nth: i8 },
}

impl Rule {
    /// The dates of the rule from `first` to `last`, inclusive.
    fn dates(self, first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        match self {
            Rule::Weekly { interval } => {
                let mut d = first;
                while d <= last {
                    out.push(d);
                    match d.checked_add_days(Days::new(7 * u64::from(interval.max(1)))) {
                        Some(n) => d = n,
                        None => break,
                    }
                }
            }
            Rule::MonthlyNth { nth } => {
                let mut month = first.with_day(1).unwrap_or(first);
                while month <= last {
                    if let Some(d) =
                        crate::domain::families::session::nth_weekday(month, first.weekday(), nth)
                        && first <= d
                        && d <= last
                    {
                        out.push(d);
                    }
                    match month.checked_add_months(chrono::Months::new(1)) {
                        Some(n) => month = n,
                        None => break,
                    }
                }
            }
        }
        out
    }
}

/// One VEVENT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub uid: String,
    pub sequence: u64,
    pub summary: String,
    pub location: String,
    pub description: String,
    /// Local wall time in the calendar's zone.
    pub start: NaiveDateTime,
    pub minutes: u16,
    /// For a series: the rule and its last occurrence (local).
    pub rule: Option<(Rule, NaiveDateTime)>,
    pub exdates: Vec<NaiveDateTime>,
    /// For one moved or changed occurrence of a series: the series time it replaces.
    pub recurrence_id: Option<NaiveDateTime>,
}

/// One occurrence that happens: the series date it stands for and when it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Happening {
    pub slot: NaiveDate,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub minutes: u16,
}

/// A series as events: the main event over `slots` (the series dates in range, in order) with
/// EXDATE for slots nothing happens on and a RECURRENCE-ID event for each happening that is not
/// at its slot's time and length.
pub fn series(
    template: &Event,
    rule: Rule,
    slots: &[NaiveDate],
    start: NaiveTime,
    minutes: u16,
    happenings: &[Happening],
) -> Vec<Event> {
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Vec::new();
    };
    let at = |d: NaiveDate| d.and_time(start);
    let mut main = Event {
        start: at(*first),
        minutes,
        rule: Some((rule, at(*last))),
        ..template.clone()
    };
    let mut out = Vec::new();
    let happening_slots: BTreeSet<NaiveDate> = happenings.iter().map(|h| h.slot).collect();
    for d in rule.dates(*first, *last) {
        if !happening_slots.contains(&d) {
            main.exdates.push(at(d));
        }
    }
    for h in happenings {
        if (h.date, h.start, h.minutes) != (h.slot, start, minutes) {
            out.push(Event {
                start: h.date.and_time(h.start),
                minutes: h.minutes,
                rule: None,
                exdates: Vec::new(),
                recurrence_id: Some(at(h.slot)),
                ..template.clone()
            });
        }
    }
    out.insert(0, main);
    out
}

/// A single event from `start` to `end` on `date` (an end at or before the start is the next
/// day's): what family calendars and share links are made of.
pub fn single(
    uid: String,
    summary: String,
    location: String,
    description: String,
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
) -> Event {
    let from = date.and_time(start);
    let mut until = date.and_time(end);
    if until <= from {
        until += Duration::days(1);
    }
    Event {
        location,
        description,
        start: from,
        minutes: u16::try_from((until - from).num_minutes()).unwrap_or(0),
        ..blank(uid, 0, summary)
    }
}

fn blank(uid: String, sequence: u64, summary: String) -> Event {
    Event {
        uid,
        sequence,
        summary,
        location: String::new(),
        description: String::new(),
        start: NaiveDateTime::default(),
        minutes: 0,
        rule: None,
        exdates: Vec::new(),
        recurrence_id: None,
    }
}

fn hhmm(t: NaiveTime) -> String {
    format!("{:02}{:02}", t.hour(), t.minute())
}

fn weekday_code(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

fn room_name(p: &Programme, room: Option<&String>) -> String {
    room.and_then(|r| p.rooms.get(r))
        .map(|r| r.name.clone())
        .unwrap_or_default()
}

/// The events of one group from `from` to `to` (inclusive): a series per weekly meeting, and
/// single events for sessions that belong to no current meeting (the pattern changed since).
pub fn group_events(p: &Programme, g: &Group, from: NaiveDate, to: NaiveDate) -> Vec<Event> {
    let sessions: Vec<_> = p.sessions.values().filter(|s| s.group == g.id).collect();
    // SEQUENCE: the group's revision plus its months', which rises with any saved change.
    let months: BTreeSet<String> = sessions.iter().map(|s| month_key(&g.id, s.slot)).collect();
    let sequence = p.revision(Kind::Group, &g.id)
        + months
            .iter()
            .map(|m| p.revision(Kind::SessionMonth, m))
            .sum::<u64>();
    let topic = |id: &Option<String>| {
        id.as_ref()
            .and_then(|t| p.topics.get(t))
            .map(|t| t.title.clone())
    };
    let mut out = Vec::new();
    let mut covered = BTreeSet::new();
    for m in &g.pattern.meetings {
        let mut slots = Vec::new();
        let mut happenings = Vec::new();
        let mut topics = Vec::new();
        let mut d = from;
        while d <= to {
            if d.weekday() == m.weekday && g.runs_on(d) {
                slots.push(d);
                match sessions
                    .iter()
                    .find(|s| s.slot == d && s.slot_start == m.start)
                {
                    Some(s) => {
                        covered.insert(s.id.clone());
                        if !s.cancelled && from <= s.date && s.date <= to {
                            happenings.push(Happening {
                                slot: d,
                                date: s.date,
                                start: s.start,
                                minutes: s.minutes,
                            });
                            if let Some(t) = topic(&s.topic) {
                                topics.push(format!(
                                    "{}: {t}",
                                    crate::domain::dates::human_date(s.date)
                                ));
                            }
                        }
                    }
                    None if !g.cancelled.contains(&d) => happenings.push(Happening {
                        slot: d,
                        date: d,
                        start: m.start,
                        minutes: m.minutes,
                    }),
                    None => {}
                }
            }
            d = match d.succ_opt() {
                Some(n) => n,
                None => break,
            };
        }
        let mut template = blank(
            format!(
                "group-{}-{}-{}@iop-planner",
                g.id,
                weekday_code(m.weekday).to_lowercase(),
                hhmm(m.start)
            ),
            sequence,
            g.name.clone(),
        );
        template.location = room_name(p, g.room.as_ref());
        if !topics.is_empty() {
            template.description = format!("Topics: {}", topics.join("; "));
        }
        out.extend(series(
            &template,
            Rule::Weekly { interval: 1 },
            &slots,
            m.start,
            m.minutes,
            &happenings,
        ));
    }
    for s in sessions {
        if covered.contains(&s.id) || s.cancelled || s.date < from || s.date > to {
            continue;
        }
        let mut e = blank(
            format!("session-{}@iop-planner", s.id),
            sequence,
            g.name.clone(),
        );
        e.location = room_name(p, g.room.as_ref());
        e.description = topic(&s.topic)
            .map(|t| format!("Topic: {t}"))
            .unwrap_or_default();
        e.start = s.date.and_time(s.start);
        e.minutes = s.minutes;
        out.push(e);
    }
    out
}

/// The events of one family session (for staff) from `from` to `to`: a series with its
/// cancelled and moved dates, or a single event. The title names the client by first name and
/// initial, as sign-in sheets do.
pub fn family_session_events(
    p: &Programme,
    s: &FamilySession,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Event> {
    let who = p
        .clients
        .get(&s.client)
        .map(|c| sign_in_name(&c.full_name, &c.preferred_name))
        .unwrap_or_default();
    let mut template = blank(
        format!("family-{}@iop-planner", s.id),
        p.revision(Kind::FamilySession, &s.id),
        if who.is_empty() {
            "Family session".into()
        } else {
            format!("Family session: {who}")
        },
    );
    template.location = match &s.place {
        crate::domain::families::session::Place::Room { room } => room_name(p, Some(room)),
        crate::domain::families::session::Place::Telehealth { link } => {
            format!("Online: {link}")
        }
    };
    let slots: Vec<NaiveDate> = s
        .series_dates()
        .into_iter()
        .filter(|d| from <= *d && *d <= to)
        .collect();
    let happenings: Vec<Happening> = s
        .occurrences(NaiveDate::MIN, NaiveDate::MAX)
        .into_iter()
        .filter(|o| slots.contains(&o.series_date))
        .map(|o| Happening {
            slot: o.series_date,
            date: o.date,
            start: o.start,
            minutes: o.minutes,
        })
        .collect();
    let rule = match s.repeat {
        Repeat::Once => {
            return happenings
                .iter()
                .map(|h| Event {
                    start: h.date.and_time(h.start),
                    minutes: h.minutes,
                    ..template.clone()
                })
                .collect();
        }
        Repeat::Weekly { every } => Rule::Weekly { interval: every },
        Repeat::MonthlyNth { nth } => Rule::MonthlyNth { nth },
    };
    series(&template, rule, &slots, s.start, s.minutes, &happenings)
}

/// A clinician's meetings from `from` to `to`: the groups they lead or co-facilitate and the
/// family sessions they run.
pub fn clinician_events(p: &Programme, staff: &str, from: NaiveDate, to: NaiveDate) -> Vec<Event> {
    let mut out = Vec::new();
    for g in p.groups.values() {
        if g.lead.as_deref() == Some(staff) || g.co_facilitators.iter().any(|c| c == staff) {
            out.extend(group_events(p, g, from, to));
        }
    }
    for s in p.family_sessions.values() {
        if s.clinicians.iter().any(|c| c == staff) {
            out.extend(family_session_events(p, s, from, to));
        }
    }
    out
}

/// A family member's schedule from `from` to `to` as single events: only what the family
/// projection shows them (their consents' scopes), with its neutral titles.
pub fn family_member_events(
    p: &Programme,
    member: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Event> {
    let Some(view) = family_view(p, member, from, to) else {
        return Vec::new();
    };
    view.items
        .iter()
        .map(|item| {
            let kind = match item.kind {
                ItemKind::FamilySession => "family",
                ItemKind::FamilyEducation => "education",
                ItemKind::ClientGroup => "group",
            };
            single(
                format!(
                    "{kind}-{member}-{}-{}@iop-planner",
                    compact_date(item.date),
                    hhmm(item.start)
                ),
                item.title.clone(),
                item.place.clone(),
                item.link.clone().unwrap_or_default(),
                item.date,
                item.start,
                item.end,
            )
        })
        .collect()
}

/// What goes around the events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The calendar's name (X-WR-CALNAME), neutral for families.
    pub name: String,
    /// A reminder this many minutes before each event.
    pub alarm_minutes: Option<u16>,
    /// The reminder's text ("Reminder"; a family's calendar has it in their language).
    pub reminder: String,
}

/// The iCalendar text of `events` in `zone`, stamped `now_utc`. The same inputs give the same
/// bytes.
pub fn write(
    events: &[Event],
    zone: &dyn Zone,
    now_utc: NaiveDateTime,
    options: &Options,
) -> String {
    let mut out = String::new();
    let tzid = zone.tzid();
    let mut line = |s: &str| fold_into(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//IOP Planner//IOP Planner//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(&options.name)));
    line(&format!("X-WR-TIMEZONE:{tzid}"));
    let dates: Vec<NaiveDate> = events
        .iter()
        .flat_map(|e| std::iter::once(e.start.date()).chain(e.rule.map(|(_, last)| last.date())))
        .collect();
    if let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) {
        for l in vtimezone(zone, first.year() - 1, last.year() + 1) {
            line(&l);
        }
    }
    let stamp = utc_stamp(now_utc);
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by(|a, b| {
        (&a.uid, a.recurrence_id.is_some(), a.recurrence_id, a.start).cmp(&(
            &b.uid,
            b.recurrence_id.is_some(),
            b.recurrence_id,
            b.start,
        ))
    });
    for e in sorted {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", e.uid));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("SEQUENCE:{}", e.sequence));
        if let Some(r) = e.recurrence_id {
            line(&format!("RECURRENCE-ID;TZID={tzid}:{}", local(r)));
        }
        line(&format!("DTSTART;TZID={tzid}:{}", local(e.start)));
        let end = e.start + Duration::minutes(i64::from(e.minutes));
        line(&format!("DTEND;TZID={tzid}:{}", local(end)));
        if let Some((rule, last)) = e.rule {
            let until = utc_stamp(to_utc(zone, last));
            let body = match rule {
                Rule::Weekly { interval } => format!(
                    "FREQ=WEEKLY;INTERVAL={};BYDAY={}",
                    interval.max(1),
                    weekday_code(e.start.weekday())
                ),
                Rule::MonthlyNth { nth } => {
                    let nth = if nth == 0 {
                        nth_of_month(e.start.date())
                    } else {
                        nth
                    };
                    format!(
                        "FREQ=MONTHLY;BYDAY={nth}{}",
                        weekday_code(e.start.weekday())
                    )
                }
            };
            line(&format!("RRULE:{body};UNTIL={until}"));
            if !e.exdates.is_empty() {
                let list: Vec<String> = e.exdates.iter().map(|d| local(*d)).collect();
                line(&format!("EXDATE;TZID={tzid}:{}", list.join(",")));
            }
        }
        line(&format!("SUMMARY:{}", escape(&e.summary)));
        if !e.location.is_empty() {
            line(&format!("LOCATION:{}", escape(&e.location)));
        }
        if !e.description.is_empty() {
            line(&format!("DESCRIPTION:{}", escape(&e.description)));
        }
        line("TRANSP:OPAQUE");
        if let Some(m) = options.alarm_minutes {
            line("BEGIN:VALARM");
            line("ACTION:DISPLAY");
            line(&format!("DESCRIPTION:{}", escape(&options.reminder)));
            line(&format!("TRIGGER:-PT{m}M"));
            line("END:VALARM");
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

// By hand: chrono's `format()` would bring its format-string interpreter into the wasm.
fn local(t: NaiveDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn utc_stamp(t: NaiveDateTime) -> String {
    format!("{}Z", local(t))
}

/// `20261208` for a date.
pub fn compact_date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn offset_text(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}{:02}", m / 60, m % 60)
}

/// A VTIMEZONE for `zone` covering the years `from` to `to`: one observance per clock change
/// found in that time (to the minute), or one fixed observance for a zone without changes.
pub fn vtimezone(zone: &dyn Zone, from: i32, to: i32) -> Vec<String> {
    let start = NaiveDate::from_ymd_opt(from, 1, 1)
        .unwrap_or_default()
        .and_time(NaiveTime::MIN);
    let end = NaiveDate::from_ymd_opt(to, 12, 31)
        .unwrap_or_default()
        .and_time(NaiveTime::MIN);
    let mut changes = Vec::new();
    let mut t = start;
    let mut before = zone.offset_minutes(t);
    while t < end {
        let next = t + Duration::hours(12);
        let after = zone.offset_minutes(next);
        if after != before {
            // Narrow down to the minute it changes.
            let (mut lo, mut hi) = (0i64, 12 * 60i64);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if zone.offset_minutes(t + Duration::minutes(mid)) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            changes.push((t + Duration::minutes(hi), before, after));
            before = after;
        }
        t = next;
    }
    let mut out = vec![
        "BEGIN:VTIMEZONE".to_string(),
        format!("TZID:{}", zone.tzid()),
    ];
    if changes.is_empty() {
        let o = offset_text(before);
        out.extend([
            "BEGIN:STANDARD".to_string(),
            "DTSTART:19700101T000000".into(),
            format!("TZOFFSETFROM:{o}"),
            format!("TZOFFSETTO:{o}"),
            "END:STANDARD".into(),
        ]);
    }
    for (at, from, to) in changes {
        let kind = if to > from { "DAYLIGHT" } else { "STANDARD" };
        // DTSTART is the wall-clock time the change happens at, in the offset before it.
        let wall = at + Duration::minutes(i64::from(from));
        out.extend([
            format!("BEGIN:{kind}"),
            format!("DTSTART:{}", local(wall)),
            format!("TZOFFSETFROM:{}", offset_text(from)),
            format!("TZOFFSETTO:{}", offset_text(to)),
            format!("END:{kind}"),
        ]);
    }
    out.push("END:VTIMEZONE".into());
    out
}

/// TEXT value escaping (RFC 5545 3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Append one content line, folded so no line is longer than 75 octets (continuations start
/// with a space), never inside a UTF-8 character, each ending in CRLF.
pub fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// A file name for a calendar: `iop-planner-<what>-<from>.ics`.
pub fn file_name(what: &str, from: NaiveDate) -> String {
    let mut slug = String::new();
    for c in what.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    format!("iop-planner-{}-{from}.ics", slug.trim_matches('-'))
}

#[cfg(test)]
mod tests;
