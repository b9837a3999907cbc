//! The programme's calendar: every meeting of every group and every family session in a date
//! range, for the Schedule page and the family projection.
//!
//! A group meets as its stored sessions say (so a session moved by hand shows on its new date,
//! and a cancelled one as cancelled), and as its weekly pattern says on every other day it runs.
//! Every meeting names its session: a meeting nothing is stored for yet (a group without a
//! curriculum, or past the end of its plan) is a free session (`session::free_session`).

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Timelike};

use crate::domain::dates::end_time;
use crate::domain::families::session::Place;
use crate::domain::people::client::ClientId;
use crate::domain::programme::Programme;
use crate::domain::record::Kind;
use crate::domain::roster::group::Group;
use crate::domain::sessions::month::month_of_session;
use crate::domain::sessions::session::{Session, free_session, session_id, slot_of};
use crate::domain::sorting;

/// What a calendar entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A group meeting; `session` is the id of its session (stored, or free: see
    /// [`Programme::session`]).
    Group {
        group: String,
        session: String,
        topic: Option<String>,
    },
    /// One occurrence of a family-session series.
    Family {
        series: String,
        client: ClientId,
        family: Vec<String>,
        telehealth: bool,
    },
}

/// One meeting on the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub kind: EntryKind,
    /// Staff ids leading it.
    pub staff: Vec<String>,
    /// Room id, if it has one.
    pub room: Option<String>,
    /// The clients taking part: a group's roster on the date, or the family session's client.
    pub clients: Vec<ClientId>,
    pub cancelled: bool,
}

impl CalendarEntry {
    /// Minutes from midnight when it starts and ends (a meeting ending at midnight ends at 1440).
    pub fn span(&self) -> (u32, u32) {
        let m = |t: NaiveTime| t.hour() * 60 + t.minute();
        let (s, e) = (m(self.start), m(self.end));
        (s, if e <= s { 24 * 60 } else { e })
    }
}

/// Who the Schedule is showing: everyone, or one clinician's, room's or client's meetings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarFilter {
    pub staff: Option<String>,
    pub room: Option<String>,
    pub client: Option<ClientId>,
}

impl CalendarFilter {
    /// Whether the entry passes every filter that is set.
    pub fn keeps(&self, e: &CalendarEntry) -> bool {
        self.staff.as_ref().is_none_or(|s| e.staff.contains(s))
            && self
                .room
                .as_ref()
                .is_none_or(|r| e.room.as_ref() == Some(r))
            && self.client.as_ref().is_none_or(|c| e.clients.contains(c))
    }
}

/// Whether a session may stand for a meeting from `from` to `to`: dated or slotted within a
/// fortnight of the range (sessions are moved by a few days at most).
fn near(s: &Session, from: NaiveDate, to: NaiveDate) -> bool {
    let (lo, hi) = (from - Days::new(14), to + Days::new(14));
    (lo <= s.date && s.date <= hi) || (lo <= s.slot && s.slot <= hi)
}

/// The meetings of `g` from `from` to `to` (inclusive), from its sessions where they exist and
/// its pattern on the other days it runs; `sessions` are the group's sessions (any dates).
fn group_meetings(
    g: &Group,
    sessions: &[&Session],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<CalendarEntry> {
    let staff: Vec<String> = g
        .lead
        .iter()
        .chain(g.co_facilitators.iter())
        .cloned()
        .collect();
    let entry =
        |date, start, minutes, id: String, topic: Option<String>, cancelled| CalendarEntry {
            date,
            start,
            end: end_time(start, minutes),
            kind: EntryKind::Group {
                group: g.id.clone(),
                session: id,
                topic,
            },
            staff: staff.clone(),
            room: g.room.clone(),
            clients: Vec::new(),
            cancelled,
        };
    let mut out: Vec<CalendarEntry> = sessions
        .iter()
        .filter(|s| from <= s.date && s.date <= to)
        .map(|s| {
            let (id, topic) = (s.id.clone(), s.topic.clone());
            entry(s.date, s.start, s.minutes, id, topic, s.cancelled)
        })
        .collect();
    let mut day = from;
    while day <= to {
        if g.runs_on(day) {
            for m in g
                .pattern
                .meetings
                .iter()
                .filter(|m| m.weekday == day.weekday())
            {
                // A generated session stands for this slot, wherever it was moved to.
                if sessions
                    .iter()
                    .any(|s| s.slot == day && s.slot_start == m.start)
                {
                    continue;
                }
                out.push(entry(
                    day,
                    m.start,
                    m.minutes,
                    session_id(&g.id, day, m.start),
                    None,
                    g.cancelled.contains(&day),
                ));
            }
        }
        day = match day.checked_add_days(Days::new(1)) {
            Some(d) => d,
            None => break,
        };
    }
    out
}

/// Every group meeting (archived groups only before `today`, as history) and every family
/// session from `from` to `to`, inclusive, by date and time. Group entries list the group's
/// roster on their date.
pub fn calendar(
    p: &Programme,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Vec<CalendarEntry> {
    let mut by_group: HashMap<&str, Vec<&Session>> = HashMap::new();
    for s in p.sessions.values().filter(|s| near(s, from, to)) {
        by_group.entry(s.group.as_str()).or_default().push(s);
    }
    let mut members: HashMap<&str, Vec<&crate::domain::Membership>> = HashMap::new();
    for m in p.memberships.values() {
        members.entry(m.group.as_str()).or_default().push(m);
    }
    let mut out = Vec::new();
    for g in p.groups.values() {
        let mut list = group_meetings(
            g,
            by_group.get(g.id.as_str()).map_or(&[][..], Vec::as_slice),
            from,
            to,
        );
        list.retain(|e| !g.archived || e.date < today);
        for e in &mut list {
            e.clients = members
                .get(g.id.as_str())
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter(|m| m.active_on(e.date))
                .map(|m| m.client.clone())
                .collect();
        }
        out.extend(list);
    }
    for s in p.family_sessions.values() {
        for o in s.occurrences(from, to) {
            let (room, telehealth) = match &s.place {
                Place::Room { room } => (Some(room.clone()), false),
                Place::Telehealth { .. } => (None, true),
            };
            out.push(CalendarEntry {
                date: o.date,
                start: o.start,
                end: o.end(),
                kind: EntryKind::Family {
                    series: s.id.clone(),
                    client: s.client.clone(),
                    family: s.family.clone(),
                    telehealth,
                },
                staff: s.clinicians.clone(),
                room,
                clients: vec![s.client.clone()],
                cancelled: false,
            });
        }
    }
    sorting::sort_by(&mut out, |a, b| {
        (a.date, a.start, a.end).cmp(&(b.date, b.start, b.end))
    });
    out
}

/// The hours (0-23) a week grid shows as rows: from the programme's opening hour to the hour
/// it closes in, widened to every hour an entry starts in.
pub fn hour_rows(entries: &[CalendarEntry], opens: NaiveTime, closes: NaiveTime) -> Vec<u32> {
    let first = entries
        .iter()
        .map(|e| e.start.hour())
        .chain(std::iter::once(opens.hour()))
        .min()
        .unwrap_or(8);
    let closing = if closes.minute() == 0 {
        closes.hour().saturating_sub(1)
    } else {
        closes.hour()
    };
    let last = entries
        .iter()
        .map(|e| e.start.hour())
        .chain(std::iter::once(closing))
        .max()
        .unwrap_or(first);
    (first..=last.max(first)).collect()
}

/// The meetings of one group from `from` to `to` (inclusive), as [`calendar`] shows them but
/// without rosters.
pub fn meetings_of(
    p: &Programme,
    group: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<CalendarEntry> {
    let Some(g) = p.groups.get(group) else {
        return Vec::new();
    };
    let sessions: Vec<&Session> = p
        .sessions
        .values()
        .filter(|s| s.group == group && near(s, from, to))
        .collect();
    let mut list = group_meetings(g, &sessions, from, to);
    sorting::sort_by(&mut list, |a, b| (a.date, a.start).cmp(&(b.date, b.start)));
    list
}

impl Programme {
    /// Session `id` as stored, or, for a meeting nothing is stored for yet, its free session
    /// (see [`crate::domain::sessions::session::free_session`]); `None` when the id names no
    /// meeting of a group, or its month could not be read (a newer version or damage: what is
    /// stored there is not known, so no free session stands in for it).
    pub fn session(&self, id: &str) -> Option<Session> {
        if let Some(s) = self.sessions.get(id) {
            return Some(s.clone());
        }
        let month = month_of_session(id)?;
        if self.quarantined(Kind::SessionMonth, month).is_some() {
            return None;
        }
        let (group, slot, start) = slot_of(id)?;
        free_session(self.groups.get(group)?, slot, start)
    }
}

/// Every session of `group` from `from` to `to` (inclusive), by date and time: the stored ones
/// dated then, and the free session of every other meeting its pattern has then.
pub fn sessions_between(
    p: &Programme,
    group: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Session> {
    meetings_of(p, group, from, to)
        .into_iter()
        .filter_map(|e| match e.kind {
            EntryKind::Group { session, .. } => p.session(&session),
            EntryKind::Family { .. } => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample::{SampleParams, generate};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn every_group_meets_on_the_calendar_with_or_without_a_curriculum() {
        let today = d(11, 30);
        let mut p = generate(&SampleParams::demo(), today, "t-");
        let (from, to) = (d(11, 30), d(12, 6));
        // A group without a plan (so without sessions) still meets by its pattern.
        let bare = p
            .groups
            .values()
            .find(|g| !g.archived && !p.plans.contains_key(&g.id))
            .map(|g| g.id.clone())
            .expect("the sample has a group without a curriculum");
        let week = calendar(&p, from, to, today);
        let expected: usize = p.groups.get(&bare).unwrap().pattern.meetings.len();
        let of = |week: &[CalendarEntry], id: &str| {
            week.iter()
                .filter(|e| matches!(&e.kind, EntryKind::Group { group, .. } if group == id))
                .count()
        };
        assert_eq!(of(&week, &bare), expected);
        // A session moved by hand shows on its new day only.
        let (sid, group) = p
            .sessions
            .values()
            .find(|s| s.date == d(12, 1) && !s.cancelled)
            .map(|s| (s.id.clone(), s.group.clone()))
            .unwrap();
        let before = of(&week, &group);
        p.sessions.get_mut(&sid).unwrap().date = d(12, 5);
        let week = calendar(&p, from, to, today);
        assert_eq!(of(&week, &group), before);
        assert!(week.iter().any(|e| e.date == d(12, 5)
            && matches!(&e.kind, EntryKind::Group { session, .. } if *session == sid)));
        // Family sessions are on it, and every filter narrows it to what it names.
        assert!(
            week.iter()
                .any(|e| matches!(e.kind, EntryKind::Family { .. }))
        );
        let entry = week
            .iter()
            .find(|e| !e.staff.is_empty() && e.room.is_some())
            .unwrap();
        for filter in [
            CalendarFilter {
                staff: entry.staff.first().cloned(),
                ..Default::default()
            },
            CalendarFilter {
                room: entry.room.clone(),
                ..Default::default()
            },
            CalendarFilter {
                client: entry.clients.first().cloned(),
                ..Default::default()
            },
        ] {
            let kept: Vec<_> = week.iter().filter(|e| filter.keeps(e)).collect();
            assert!(!kept.is_empty() && kept.len() < week.len(), "{filter:?}");
        }
        // Sorted by day and time.
        assert!(
            week.windows(2)
                .all(|w| (w[0].date, w[0].start) <= (w[1].date, w[1].start))
        );
    }

    #[test]
    fn every_meeting_is_a_session_with_or_without_a_curriculum() {
        use crate::domain::sessions::session::{Attendance, Mark, free_session, set_attendance};
        let today = d(11, 30);
        let mut p = generate(&SampleParams::demo(), today, "t-");
        let bare = p
            .groups
            .values()
            .find(|g| !g.archived && !p.plans.contains_key(&g.id) && !g.pattern.meetings.is_empty())
            .map(|g| g.id.clone())
            .expect("the sample has a group without a curriculum");
        // The sample took attendance at its past meetings, so its members have hours.
        let past: Vec<Session> = p.sessions_of(&bare).into_iter().cloned().collect();
        assert!(!past.is_empty() && past.iter().all(|s| s.date < today && s.unit.is_none()));
        assert!(
            past.iter()
                .any(|s| s.attendance.values().any(|a| a.mark.present()))
        );
        // Every calendar entry of every group names a session the programme can open.
        for e in calendar(&p, d(11, 16), d(12, 13), today) {
            if let EntryKind::Group { session, .. } = &e.kind {
                let s = p
                    .session(session)
                    .expect("every meeting opens as a session");
                assert_eq!(
                    (s.date, s.start, s.cancelled),
                    (e.date, e.start, e.cancelled)
                );
            }
        }
        // This week's meetings of the bare group: free sessions, none stored yet.
        let week = sessions_between(&p, &bare, d(11, 30), d(12, 6));
        assert_eq!(week.len(), p.groups[&bare].pattern.meetings.len());
        assert!(
            week.iter()
                .all(|s| !p.sessions.contains_key(&s.id) && s.topic.is_none())
        );
        // Marking attendance stores it; the list shows the stored one.
        let first = &week[0];
        let mark = Some(Attendance {
            mark: Mark::Attended,
            minutes: None,
        });
        let marked = set_attendance(first, "someone", mark);
        p.sessions.insert(marked.id.clone(), marked.clone());
        assert_eq!(sessions_between(&p, &bare, d(11, 30), d(12, 6))[0], marked);
        // Ids that name no meeting open nothing: another weekday, another time, no such group.
        let g = &p.groups[&bare];
        let other_day = (1..7)
            .map(|n| first.slot + Days::new(n))
            .find(|day| {
                !g.pattern
                    .meetings
                    .iter()
                    .any(|m| m.weekday == day.weekday())
            })
            .unwrap();
        assert_eq!(free_session(g, other_day, first.start), None);
        assert_eq!(p.session(&format!("{bare}@{}T0317", first.slot)), None);
        assert_eq!(p.session(&format!("nobody@{}T0900", first.slot)), None);
        assert_eq!(p.session("not an id"), None);
        // Before the group starts, nothing.
        assert_eq!(free_session(g, g.start - Days::new(7), first.start), None);
    }
}
