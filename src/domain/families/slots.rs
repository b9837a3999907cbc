//! The slot finder: times for a family session that every hard constraint allows, ranked, or,
//! when nothing fits, why not and the nearest near-misses.
//!
//! As calendar tools do it, per day: start from the programme's opening hours, intersect each
//! person's stated availability (weekly windows in local time, alternate weeks, one-off dates
//! away), subtract what keeps them busy (groups, other family sessions), and keep the free
//! ranges long enough; for a session in person, one room large enough must be free for it too.
//! Every free range offers its start and each quarter hour after it, so no fitting time is
//! missed: a time that fits lies in a free range, and that range's start fits too.

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Timelike};

use super::session::Place;
use crate::domain::Location;
use crate::domain::dates::{clock, human_date};
use crate::domain::people::client::ClientId;
use crate::domain::programme::Programme;

/// Minutes since midnight.
type Min = u32;
/// Half-open ranges `[from, to)` of minutes.
type Ranges = Vec<(Min, Min)>;

/// What to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotQuery {
    pub client: ClientId,
    pub family: Vec<String>,
    /// Every clinician named takes part.
    pub clinicians: Vec<String>,
    pub minutes: u16,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub in_person: bool,
    /// Prefer days the client is at the programme anyway.
    pub prefer_group_day: bool,
    /// Prefer times starting at or after this (e.g. 17:00 for working relatives).
    pub prefer_after: Option<NaiveTime>,
    /// Most slots to list ([`MAX_SLOTS`] on screen).
    pub limit: usize,
}

/// A time that fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// The room (in person), the largest-enough free one with the fewest spare seats.
    pub room: Option<String>,
    /// Why it ranks where it does, in words ("same day as the client's group").
    pub notes: Vec<String>,
    score: i64,
}

/// What the finder says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SlotAnswer {
    /// Best first, at most the query's `limit`.
    pub slots: Vec<Slot>,
    /// When nothing fits: the sentence to show ("No 60-minute time from 2 to 15 Dec. Nearest:
    /// ...").
    pub nothing: Option<String>,
    /// The constraints that rule every time out, in words.
    pub binding: Vec<String>,
    /// Times that would fit if one thing gave way, with what ("if Maria Lopez could come then").
    pub near: Vec<(Slot, String)>,
}

/// Most slots listed.
pub const MAX_SLOTS: usize = 20;

fn minutes(t: NaiveTime) -> Min {
    t.hour() * 60 + t.minute()
}

fn time(m: Min) -> NaiveTime {
    NaiveTime::from_hms_opt(m / 60 % 24, m % 60, 0).unwrap_or(NaiveTime::MIN)
}

/// `a` ∩ `b` (both sorted, disjoint).
fn intersect(a: &Ranges, b: &Ranges) -> Ranges {
    let mut out = Vec::new();
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let (s, e) = (a0.max(b0), a1.min(b1));
            if s < e {
                out.push((s, e));
            }
        }
    }
    normalise(out)
}

/// `a` minus the busy range `[b0, b1)`.
fn subtract(a: &Ranges, (b0, b1): (Min, Min)) -> Ranges {
    let mut out = Vec::new();
    for &(a0, a1) in a {
        if b1 <= a0 || a1 <= b0 {
            out.push((a0, a1));
            continue;
        }
        if a0 < b0 {
            out.push((a0, b0));
        }
        if b1 < a1 {
            out.push((b1, a1));
        }
    }
    out
}

fn normalise(mut r: Ranges) -> Ranges {
    r.sort();
    let mut out: Ranges = Vec::new();
    for (s, e) in r {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// One constraint on a day: a name to give when it binds, and the ranges it allows.
struct Limit {
    what: String,
    /// How to say a near-miss that needs this limit to give way.
    unless: String,
    allowed: Ranges,
}

/// The people and resources of a query, resolved once.
struct Parties<'p> {
    p: &'p Programme,
    q: &'p SlotQuery,
    /// Memberships of the client.
    client_groups: Vec<&'p crate::domain::Membership>,
}

impl<'p> Parties<'p> {
    fn new(p: &'p Programme, q: &'p SlotQuery) -> Self {
        Parties {
            p,
            q,
            client_groups: p
                .memberships
                .values()
                .filter(|m| m.client == q.client)
                .collect(),
        }
    }

    /// Group meetings on `date` as (group, from, to).
    fn meetings(&self, date: NaiveDate) -> Vec<(&'p crate::domain::Group, Min, Min)> {
        let mut out = Vec::new();
        for g in self.p.groups.values() {
            if g.archived || !g.runs_on(date) || g.cancelled.contains(&date) {
                continue;
            }
            for m in g
                .pattern
                .meetings
                .iter()
                .filter(|m| m.weekday == date.weekday())
            {
                let from = minutes(m.start);
                out.push((g, from, from + u32::from(m.minutes)));
            }
        }
        out
    }

    /// Family-session occurrences on `date` as (session, from, to).
    fn family_sessions(&self, date: NaiveDate) -> Vec<(&'p super::FamilySession, Min, Min)> {
        let mut out = Vec::new();
        for s in self.p.family_sessions.values() {
            for o in s.occurrences(date, date) {
                let from = minutes(o.start);
                out.push((s, from, from + u32::from(o.minutes)));
            }
        }
        out
    }

    /// Every limit on `date` except rooms, in a fixed order.
    fn limits(&self, date: NaiveDate) -> Vec<Limit> {
        let p = self.p;
        let s = &p.settings;
        let meetings = self.meetings(date);
        let sessions = self.family_sessions(date);
        let mut out = Vec::new();
        let open = if s.open_days.contains(&date.weekday()) {
            vec![(minutes(s.opens), minutes(s.closes))]
        } else {
            Vec::new()
        };
        out.push(Limit {
            what: "the programme's opening hours".into(),
            unless: "outside opening hours".into(),
            allowed: open,
        });
        // The client: not in a group or another family session.
        let mut client = vec![(0, 24 * 60)];
        for (g, a, b) in &meetings {
            if self
                .client_groups
                .iter()
                .any(|m| m.group == g.id && m.active_on(date))
            {
                client = subtract(&client, (*a, *b));
            }
        }
        for (fs, a, b) in &sessions {
            if fs.client == self.q.client {
                client = subtract(&client, (*a, *b));
            }
        }
        let name = p.client_name(&self.q.client);
        out.push(Limit {
            what: format!("{name}'s groups and sessions"),
            unless: format!("if {name} could miss a group"),
            allowed: client,
        });
        for c in &self.q.clinicians {
            let Some(staff) = p.staff.get(c) else {
                continue;
            };
            let mut free = if staff.availability.is_empty() {
                vec![(0, 24 * 60)]
            } else {
                normalise(
                    staff
                        .availability
                        .iter()
                        .filter(|a| a.weekday == date.weekday())
                        .map(|a| (minutes(a.from), minutes(a.until)))
                        .collect(),
                )
            };
            for (g, a, b) in &meetings {
                if g.lead.as_deref() == Some(c.as_str()) || g.co_facilitators.contains(c) {
                    free = subtract(&free, (*a, *b));
                }
            }
            for (fs, a, b) in &sessions {
                if fs.clinicians.contains(c) {
                    free = subtract(&free, (*a, *b));
                }
            }
            out.push(Limit {
                what: format!("{}'s availability and bookings", staff.name),
                unless: "with another clinician".into(),
                allowed: free,
            });
        }
        for f in &self.q.family {
            let Some(m) = p.family_members.get(f) else {
                continue;
            };
            let mut free = if m.unavailable.contains(&date) {
                Vec::new()
            } else if m.availability.is_empty() {
                vec![(0, 24 * 60)]
            } else {
                normalise(
                    m.availability
                        .iter()
                        .filter(|w| w.applies_on(date))
                        .map(|w| (minutes(w.from), minutes(w.until)))
                        .collect(),
                )
            };
            for (fs, a, b) in &sessions {
                if fs.family.contains(f) {
                    free = subtract(&free, (*a, *b));
                }
            }
            // Their own family-education or multi-family group.
            for (g, a, b) in &meetings {
                if m.in_group_on(&g.id, date) {
                    free = subtract(&free, (*a, *b));
                }
            }
            out.push(Limit {
                what: format!("{}'s availability", m.name),
                unless: format!("if {} could come then", m.name),
                allowed: free,
            });
        }
        out
    }

    /// For each in-person room big enough, the ranges it is free on `date`.
    fn rooms(&self, date: NaiveDate) -> Vec<(String, u32, Ranges)> {
        let people = 1 + self.q.family.len() + self.q.clinicians.len();
        let meetings = self.meetings(date);
        let sessions = self.family_sessions(date);
        let mut out = Vec::new();
        for r in self.p.rooms.values() {
            if r.archived
                || !matches!(r.location, Location::InPerson)
                || (r.capacity as usize) < people
            {
                continue;
            }
            let mut free = vec![(0, 24 * 60)];
            for (g, a, b) in &meetings {
                if g.room.as_deref() == Some(r.id.as_str()) {
                    free = subtract(&free, (*a, *b));
                }
            }
            for (fs, a, b) in &sessions {
                if matches!(&fs.place, Place::Room { room } if room == &r.id) {
                    free = subtract(&free, (*a, *b));
                }
            }
            out.push((r.id.clone(), r.capacity, free));
        }
        out
    }
}

/// The starts a free range offers for a session of `len` minutes: its start, then each quarter
/// hour that still leaves room.
fn starts((s, e): (Min, Min), len: Min) -> Vec<Min> {
    if e < s + len {
        return Vec::new();
    }
    let mut out = vec![s];
    let mut t = (s / 15 + 1) * 15;
    while t + len <= e {
        out.push(t);
        t += 15;
    }
    out
}

/// Slots of one day given its limits (and rooms when in person).
fn day_slots(
    date: NaiveDate,
    limits: &[&Limit],
    rooms: Option<&[(String, u32, Ranges)]>,
    len: Min,
) -> Vec<(Min, Option<String>)> {
    let mut free: Ranges = vec![(0, 24 * 60)];
    for l in limits {
        free = intersect(&free, &l.allowed);
    }
    let _ = date;
    let mut out = Vec::new();
    match rooms {
        None => {
            for r in &free {
                out.extend(starts(*r, len).into_iter().map(|s| (s, None)));
            }
        }
        Some(rooms) => {
            // Smallest room that fits first, so big rooms stay free for groups.
            let mut rooms: Vec<&(String, u32, Ranges)> = rooms.iter().collect();
            rooms.sort_by_key(|(id, cap, _)| (*cap, id.clone()));
            let mut seen = std::collections::BTreeSet::new();
            for (id, _, room_free) in rooms {
                for r in intersect(&free, room_free) {
                    for s in starts(r, len) {
                        if seen.insert(s) {
                            out.push((s, Some(id.clone())));
                        }
                    }
                }
            }
            out.sort();
        }
    }
    out
}

/// Every date from `from` to `to`.
fn days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= to && out.len() < 400 {
        out.push(d);
        match d.checked_add_days(Days::new(1)) {
            Some(n) => d = n,
            None => break,
        }
    }
    out
}

/// Find times for the family session described by `q`.
pub fn find_slots(p: &Programme, q: &SlotQuery) -> SlotAnswer {
    let parties = Parties::new(p, q);
    let len = Min::from(q.minutes.max(1));
    let group_days: std::collections::BTreeSet<NaiveDate> = days(q.from, q.to)
        .into_iter()
        .filter(|d| {
            parties.meetings(*d).iter().any(|(g, ..)| {
                parties
                    .client_groups
                    .iter()
                    .any(|m| m.group == g.id && m.active_on(*d))
            })
        })
        .collect();
    let mut slots = Vec::new();
    let mut per_day = Vec::new();
    for date in days(q.from, q.to) {
        let limits = parties.limits(date);
        let rooms = q.in_person.then(|| parties.rooms(date));
        let all: Vec<&Limit> = limits.iter().collect();
        for (s, room) in day_slots(date, &all, rooms.as_deref(), len) {
            let mut score: i64 = 0;
            let mut notes = Vec::new();
            if q.prefer_group_day && group_days.contains(&date) {
                score += 100;
                notes.push("same day as the client's group".to_string());
            }
            if let Some(after) = q.prefer_after
                && s >= minutes(after)
            {
                score += 50;
                notes.push(format!("after {}", clock(after)));
            }
            if s % 30 == 0 {
                score += 5;
            }
            score -= (date - q.from).num_days() * 3;
            slots.push(Slot {
                date,
                start: time(s),
                end: time(s + len),
                room,
                notes,
                score,
            });
        }
        per_day.push((date, limits, rooms));
    }
    slots.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.date.cmp(&b.date))
            .then(a.start.cmp(&b.start))
    });
    slots.truncate(q.limit);
    if !slots.is_empty() {
        return SlotAnswer {
            slots,
            ..SlotAnswer::default()
        };
    }
    // Nothing fits: which single limit, given way, would let a time through?
    let mut near: Vec<(Slot, String)> = Vec::new();
    let mut binding: Vec<String> = Vec::new();
    let names: Vec<(String, String)> = per_day
        .first()
        .map(|(_, l, _)| {
            l.iter()
                .map(|l| (l.what.clone(), l.unless.clone()))
                .collect()
        })
        .unwrap_or_default();
    let slot = |date, s: Min, room| Slot {
        date,
        start: time(s),
        end: time(s + len),
        room,
        notes: Vec::new(),
        score: 0,
    };
    for (i, (what, unless)) in names.iter().enumerate() {
        let found = per_day.iter().find_map(|(date, limits, rooms)| {
            let others: Vec<&Limit> = limits
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, l)| l)
                .collect();
            day_slots(*date, &others, rooms.as_deref(), len)
                .into_iter()
                .next()
                .map(|(s, room)| slot(*date, s, room))
        });
        if let Some(found) = found {
            binding.push(what.clone());
            near.push((found, unless.clone()));
        }
    }
    if q.in_person {
        let found = per_day.iter().find_map(|(date, limits, _)| {
            let all: Vec<&Limit> = limits.iter().collect();
            day_slots(*date, &all, None, len)
                .into_iter()
                .next()
                .map(|(s, _)| slot(*date, s, None))
        });
        if let Some(found) = found {
            binding.push("a free room large enough".into());
            near.push((
                found,
                "by telehealth, since no room large enough is free".into(),
            ));
        }
    }
    near.sort_by_key(|(s, _)| (s.date, s.start));
    near.truncate(3);
    let range = if q.from.year() == q.to.year() && q.from.month() == q.to.month() {
        format!("{} to {}", q.from.day(), human_date(q.to))
    } else {
        format!("{} to {}", human_date(q.from), human_date(q.to))
    };
    let mut sentence = format!("No {}-minute time from {range}.", q.minutes);
    if near.is_empty() {
        sentence.push_str(" Nothing comes close: try a longer range or other people.");
    } else {
        let options: Vec<String> = near
            .iter()
            .map(|(s, why)| {
                format!(
                    "{} {} {}, {why}",
                    crate::domain::dates::short_day(s.date.weekday()),
                    human_date(s.date),
                    clock(s.start)
                )
            })
            .collect();
        sentence.push_str(&format!(" Nearest: {}.", options.join("; or ")));
    }
    SlotAnswer {
        slots: Vec::new(),
        nothing: Some(sentence),
        binding,
        near,
    }
}
