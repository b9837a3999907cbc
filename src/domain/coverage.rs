//! Coverage of core topics per client under rolling admission (received, planned, missed and
//! where to catch up), attended hours per week, and warnings when a client joins a group
//! part-way through its curriculum.
//!
//! Everything reads a [`SessionIndex`] built once per programme state, so a whole caseload can
//! be checked without scanning every session for every client and topic. The index owns its
//! data (ids, dates, interned topics) and reads sessions and memberships from the programme it
//! was built from, so the app can build it once per change and share it between screens.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{Days, NaiveDate, NaiveTime};

use crate::domain::dates::{human_date, week_start};
use crate::domain::library::curriculum::{Curriculum, CurriculumKind, EntryRule, Unit};
use crate::domain::people::client::{Client, ClientId};
use crate::domain::programme::Programme;
use crate::domain::roster::membership::Membership;
use crate::domain::rules;
use crate::domain::sessions::session::{Attendance, Mark, Plan, Session};
use crate::domain::sorting;

// ---------------------------------------------------------------------------------------------
// Index

/// A small multiply-rotate hasher (the "Fx" hash) for the index's string keys: building the
/// index hashes a group and a topic id per session, and the standard SipHash made that the
/// largest cost of a coverage run. Keys are our own ids, so flooding resistance is not needed.
#[derive(Debug, Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            if let Ok(word) = <[u8; 8]>::try_from(chunk) {
                self.add(u64::from_le_bytes(word));
            }
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            if let Some(head) = word.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Topic ids (interned) a session delivers or, when cancelled, failed to deliver. A session
/// names at most a topic and a practice, and its unit at most two more, so four slots do.
#[derive(Debug, Clone, Copy, Default)]
struct TopicSet {
    ids: [u32; 4],
    len: u8,
}

impl TopicSet {
    fn add(&mut self, id: u32) {
        let n = usize::from(self.len);
        if n < self.ids.len() && !self.iter().any(|t| t == id) {
            self.ids[n] = id;
            self.len += 1;
        }
    }

    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.ids.iter().copied().take(usize::from(self.len))
    }
}

/// One session in its group's list.
#[derive(Debug, Clone)]
struct Entry {
    /// Copied out of the session so sorting and binary searches stay in this list instead of
    /// looking the session up per comparison.
    date: NaiveDate,
    start: NaiveTime,
    /// The session's id, to read it from the programme: `ids[from..to]` of the index.
    id: (u32, u32),
    cancelled: bool,
    minutes: u16,
    /// Its attendance: `marks[from..to]` of the index, by interned client.
    marks: (u32, u32),
    /// Delivered topics if held; the topics of its unit (and any chosen by hand) if cancelled.
    topics: TopicSet,
}

/// One held session delivering a topic, in that topic's list.
#[derive(Debug, Clone, Copy)]
struct Hit {
    date: NaiveDate,
    start: NaiveTime,
    group: u32,
    /// Position in the group's list.
    pos: u32,
}

/// Sessions and memberships arranged for coverage questions; build it once with [`index`] and
/// pass it, with the programme it was built from, to every call while the programme is
/// unchanged. It owns its data, so it can be kept (and shared) next to the programme.
#[derive(Debug, Default)]
pub struct SessionIndex {
    group_pos: FxMap<String, u32>,
    group_ids: Vec<String>,
    /// Per group: every session (held or cancelled), sorted by (date, start).
    by_group: Vec<Vec<Entry>>,
    topic_pos: FxMap<String, u32>,
    /// Per topic: the held sessions delivering it, sorted by (date, start), for finding the
    /// next recurrence by binary search.
    by_topic: Vec<Vec<Hit>>,
    /// Client ids (of memberships and attendance marks) interned.
    client_pos: FxMap<String, u32>,
    /// Per interned client: memberships sorted by join date (then id).
    memberships: Vec<Vec<Stint>>,
    /// Every session's attendance in one list, so the coverage and hours loops read it here
    /// instead of looking sessions up.
    marks: Vec<(u32, Attendance)>,
    /// Every session's id, one after the other (one allocation instead of one per session).
    ids: String,
}

/// A membership as the index keeps it.
#[derive(Debug, Clone, Copy)]
struct Stint {
    group: u32,
    join: NaiveDate,
    leave: Option<NaiveDate>,
}

impl Stint {
    /// The same as `Membership::active_on`.
    fn active_on(&self, date: NaiveDate) -> bool {
        self.join <= date && self.leave.is_none_or(|leave| date < leave)
    }
}

impl SessionIndex {
    fn group(&mut self, id: &str) -> u32 {
        if let Some(&g) = self.group_pos.get(id) {
            return g;
        }
        let g = self.group_ids.len() as u32;
        self.group_pos.insert(id.to_string(), g);
        self.group_ids.push(id.to_string());
        self.by_group.push(Vec::new());
        g
    }

    fn topic(&mut self, id: &str) -> u32 {
        if let Some(&t) = self.topic_pos.get(id) {
            return t;
        }
        let t = self.by_topic.len() as u32;
        self.topic_pos.insert(id.to_string(), t);
        self.by_topic.push(Vec::new());
        t
    }

    fn client(&mut self, id: &str) -> u32 {
        if let Some(&c) = self.client_pos.get(id) {
            return c;
        }
        let c = self.client_pos.len() as u32;
        self.client_pos.insert(id.to_string(), c);
        self.memberships.push(Vec::new());
        c
    }

    fn group_id(&self, g: u32) -> &str {
        self.group_ids.get(g as usize).map_or("", String::as_str)
    }

    fn id_of(&self, e: &Entry) -> &str {
        self.ids.get(e.id.0 as usize..e.id.1 as usize).unwrap_or("")
    }

    /// The interned id of a client (or family member) with any membership or attendance mark.
    fn client_key(&self, client: &ClientId) -> Option<u32> {
        self.key_of(&client.0)
    }

    fn key_of(&self, person: &str) -> Option<u32> {
        self.client_pos.get(person).copied()
    }

    /// The client's attendance at the entry's session.
    fn attendance(&self, e: &Entry, client: Option<u32>) -> Option<Attendance> {
        let client = client?;
        self.marks
            .get(e.marks.0 as usize..e.marks.1 as usize)?
            .iter()
            .find(|(c, _)| *c == client)
            .map(|(_, a)| *a)
    }

    fn entry_at(&self, h: &Hit) -> Option<&Entry> {
        self.by_group
            .get(h.group as usize)
            .and_then(|list| list.get(h.pos as usize))
    }

    fn entries(&self, group: &str) -> &[Entry] {
        self.group_pos
            .get(group)
            .and_then(|&g| self.by_group.get(g as usize))
            .map_or(&[], Vec::as_slice)
    }

    /// The sessions of `group` dated in `[from, until)` (`None` = open-ended).
    fn entries_between(&self, group: &str, from: NaiveDate, until: Option<NaiveDate>) -> &[Entry] {
        let list = self.entries(group);
        let lo = list.partition_point(|e| e.date < from);
        let hi = until.map_or(list.len(), |u| list.partition_point(|e| e.date < u));
        list.get(lo..hi.max(lo)).unwrap_or(&[])
    }

    /// How many sessions the index holds.
    pub fn len(&self) -> usize {
        self.by_group.iter().map(Vec::len).sum()
    }

    /// Whether the index holds no session.
    pub fn is_empty(&self) -> bool {
        self.by_group.iter().all(Vec::is_empty)
    }

    /// A client's (or family member's) memberships by join date.
    fn memberships_of(&self, person: &str) -> &[Stint] {
        self.key_of(person)
            .and_then(|c| self.memberships.get(c as usize))
            .map_or(&[], Vec::as_slice)
    }

    /// Every session of a group (held or cancelled), by date and start time, read from `p`.
    pub fn sessions_of<'a>(
        &'a self,
        p: &'a Programme,
        group: &str,
    ) -> impl Iterator<Item = &'a Session> + 'a {
        self.sessions(p, self.entries(group))
    }

    /// The sessions of `entries`, read from `p` (an entry whose session is gone is skipped:
    /// the index is rebuilt with the programme, so that does not happen in practice).
    fn sessions<'a>(
        &'a self,
        p: &'a Programme,
        entries: &'a [Entry],
    ) -> impl Iterator<Item = &'a Session> + 'a {
        entries.iter().filter_map(|e| p.sessions.get(self.id_of(e)))
    }

    /// The held sessions delivering a topic (as topic or practice), in any group, by date.
    pub fn held_delivering<'a>(
        &'a self,
        p: &'a Programme,
        topic: &str,
    ) -> impl Iterator<Item = &'a Session> + 'a {
        let hits = self
            .topic_pos
            .get(topic)
            .and_then(|&t| self.by_topic.get(t as usize))
            .map_or(&[][..], Vec::as_slice);
        hits.iter().filter_map(move |h| self.session_at(p, h))
    }

    fn session_at<'a>(&self, p: &'a Programme, h: &Hit) -> Option<&'a Session> {
        self.entry_at(h).and_then(|e| p.sessions.get(self.id_of(e)))
    }
}

/// Build the index: sessions per group by date, held sessions per topic by date, and
/// memberships per client.
pub fn index(p: &Programme) -> SessionIndex {
    let mut ix = SessionIndex::default();
    for id in p.groups.keys() {
        ix.group(id);
    }
    let units: FxMap<(&str, &str), &Unit> = p
        .curricula
        .values()
        .flat_map(|c| {
            c.modules.iter().flat_map(move |m| {
                m.units
                    .iter()
                    .map(move |u| ((c.id.as_str(), u.id.as_str()), u))
            })
        })
        .collect();
    // Session ids start with the group id, so a group's sessions mostly come in a run.
    let mut last: Option<(&str, u32)> = None;
    let mut recent: Vec<(&str, u32)> = Vec::new();
    for s in p.sessions.values() {
        let g = match last {
            Some((id, g)) if id == s.group => g,
            _ => ix.group(&s.group),
        };
        last = Some((&s.group, g));
        let mut topics = TopicSet::default();
        if !s.cancelled {
            for t in s.delivers() {
                topics.add(ix.topic(t));
            }
        } else if let Some(place) = &s.unit {
            // A cancelled slot did not deliver its unit, nor a topic someone chose for it.
            let unit = units.get(&(place.curriculum.as_str(), place.unit.as_str()));
            let from_unit = unit
                .into_iter()
                .flat_map(|u| std::iter::once(u.topic.as_str()).chain(u.practice.as_deref()));
            for t in s
                .topic
                .as_deref()
                .into_iter()
                .chain(s.practice.as_deref())
                .chain(from_unit)
            {
                topics.add(ix.topic(t));
            }
        }
        // A group's sessions mostly mark the same people, so the previous session's clients
        // are tried before hashing.
        let from = ix.marks.len() as u32;
        let mut seen = 0;
        for (client, a) in &s.attendance {
            let known = recent
                .get(seen..)
                .and_then(|rest| rest.iter().position(|(id, _)| *id == client.as_str()))
                .map(|i| seen + i);
            let c = match known.and_then(|i| recent.get(i).map(|&(_, c)| (i, c))) {
                Some((i, c)) => {
                    seen = i + 1;
                    c
                }
                None => ix.client(client),
            };
            ix.marks.push((c, *a));
        }
        recent.clear();
        recent.extend(
            s.attendance.keys().map(String::as_str).zip(
                ix.marks
                    .get(from as usize..)
                    .unwrap_or(&[])
                    .iter()
                    .map(|&(c, _)| c),
            ),
        );
        let marks = (from, ix.marks.len() as u32);
        let at = ix.ids.len() as u32;
        ix.ids.push_str(&s.id);
        let id = (at, ix.ids.len() as u32);
        if let Some(list) = ix.by_group.get_mut(g as usize) {
            list.push(Entry {
                date: s.date,
                start: s.start,
                id,
                cancelled: s.cancelled,
                minutes: s.minutes,
                marks,
                topics,
            });
        }
    }
    for list in &mut ix.by_group {
        sorting::sort_by(list, |a, b| {
            (a.date, a.start).cmp(&(b.date, b.start)).then_with(|| {
                let ids = &ix.ids;
                ids.get(a.id.0 as usize..a.id.1 as usize)
                    .cmp(&ids.get(b.id.0 as usize..b.id.1 as usize))
            })
        });
    }
    for (g, list) in ix.by_group.iter().enumerate() {
        for (pos, e) in list.iter().enumerate() {
            if e.cancelled {
                continue;
            }
            for t in e.topics.iter() {
                if let Some(hits) = ix.by_topic.get_mut(t as usize) {
                    hits.push(Hit {
                        date: e.date,
                        start: e.start,
                        group: g as u32,
                        pos: pos as u32,
                    });
                }
            }
        }
    }
    for hits in &mut ix.by_topic {
        sorting::sort_by_key(hits, |h| (h.date, h.start, h.group));
    }
    // In id order, so a stable sort by join date orders by (join, id).
    for m in p.memberships.values() {
        let c = ix.client(&m.client.0);
        let group = ix.group(&m.group);
        if let Some(list) = ix.memberships.get_mut(c as usize) {
            list.push(Stint {
                group,
                join: m.join,
                leave: m.leave,
            });
        }
    }
    // Family members' places in family-education and multi-family groups, under their own
    // ids (record ids are unique across kinds, so they never meet a client's).
    for f in p.family_members.values() {
        for stint in &f.groups {
            let c = ix.client(&f.id);
            let group = ix.group(&stint.group);
            if let Some(list) = ix.memberships.get_mut(c as usize) {
                list.push(Stint {
                    group,
                    join: stint.join,
                    leave: stint.leave,
                });
            }
        }
    }
    for list in &mut ix.memberships {
        sorting::sort_by_key(list, |m| m.join);
    }
    ix
}

// ---------------------------------------------------------------------------------------------
// Topic states

/// Why a client did not receive a topic at a session during their membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissReason {
    Absent,
    Excused,
    /// A past session with no attendance recorded for the client.
    NotMarked,
    /// The session was cancelled, so its unit was not delivered.
    NotDelivered,
}

impl MissReason {
    /// Words shown in brackets after the date ("absent").
    pub fn words(self) -> &'static str {
        match self {
            MissReason::Absent => "absent",
            MissReason::Excused => "excused",
            MissReason::NotMarked => "attendance not marked",
            MissReason::NotDelivered => "session cancelled",
        }
    }

    fn of(mark: Mark) -> MissReason {
        match mark {
            Mark::Excused => MissReason::Excused,
            _ => MissReason::Absent,
        }
    }
}

/// Where one client stands with one core topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicState {
    /// Present at a held session delivering it (the earliest such date).
    Received { date: NaiveDate },
    /// Not received yet; the earliest held session from today delivering it in one of their
    /// groups while they are a member (and before discharge). Sessions they are already marked
    /// absent or excused for do not count.
    Planned { date: NaiveDate, group: String },
    /// Not received and not planned, but it comes round again before discharge in a group they
    /// could attend.
    Missed {
        /// The latest session during their membership that delivered (or should have
        /// delivered) it without them: a past session they were not marked present at, one
        /// marked absent or excused (even ahead of time), or a cancelled session carrying its
        /// unit. `None` if it never came round while they were a member.
        missed_on: Option<NaiveDate>,
        /// Why they did not receive it then (set when `missed_on` is).
        reason: Option<MissReason>,
        /// The earliest held session from today in a group they could attend (date, group id).
        next: Option<(NaiveDate, String)>,
    },
    /// As `Missed`, but the next chance is on or after their expected discharge, or there is
    /// none at all.
    Unreachable {
        missed_on: Option<NaiveDate>,
        reason: Option<MissReason>,
        next: Option<(NaiveDate, String)>,
    },
}

impl TopicState {
    /// Short status for a grid cell.
    pub fn label(&self) -> &'static str {
        match self {
            TopicState::Received { .. } => "Received",
            TopicState::Planned { .. } => "Planned",
            TopicState::Missed { .. } => "Missed",
            TopicState::Unreachable { .. } => "Not reachable before discharge",
        }
    }

    /// The date the topic is (or can be) received: received, planned or next chance; `None`
    /// when it cannot be received before discharge.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            TopicState::Received { date } | TopicState::Planned { date, .. } => Some(*date),
            TopicState::Missed { next, .. } => next.as_ref().map(|(d, _)| *d),
            TopicState::Unreachable { .. } => None,
        }
    }

    /// The state in one sentence, e.g. "Missed on 7 Dec 2026 (absent); next in Evening RP on
    /// 6 Jan 2027."
    pub fn words(&self, p: &Programme) -> String {
        let missed = |missed_on: &Option<NaiveDate>, reason: &Option<MissReason>| match missed_on {
            Some(d) => match reason {
                Some(r) => format!("Missed on {} ({})", human_date(*d), r.words()),
                None => format!("Missed on {}", human_date(*d)),
            },
            None => "Does not come round during their membership".to_string(),
        };
        match self {
            TopicState::Received { date } => format!("Received on {}.", human_date(*date)),
            TopicState::Planned { date, group } => {
                format!(
                    "Planned in {} on {}.",
                    p.group_name(group),
                    human_date(*date)
                )
            }
            TopicState::Missed {
                missed_on,
                reason,
                next,
            } => match next {
                Some((d, g)) => format!(
                    "{}; next in {} on {}.",
                    missed(missed_on, reason),
                    p.group_name(g),
                    human_date(*d)
                ),
                None => format!("{}.", missed(missed_on, reason)),
            },
            TopicState::Unreachable {
                missed_on,
                reason,
                next,
            } => match next {
                Some((d, g)) => format!(
                    "{}; next in {} on {}, after their expected discharge.",
                    missed(missed_on, reason),
                    p.group_name(g),
                    human_date(*d)
                ),
                None => format!(
                    "{}; not scheduled again in any group they could attend.",
                    missed(missed_on, reason)
                ),
            },
        }
    }
}

/// One core topic and the client's state for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicCoverage {
    /// Topic id.
    pub topic: String,
    pub state: TopicState,
}

/// One client's coverage of the core topics of every group they have (had) memberships in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCoverage {
    pub client: ClientId,
    /// Core topics in order of first appearance (memberships by join date, then curriculum
    /// order).
    pub topics: Vec<TopicCoverage>,
    /// The earliest date by which every core topic is received (the latest received, planned
    /// or next date); `None` if a topic cannot be received before discharge, or there are no
    /// core topics.
    pub completion: Option<NaiveDate>,
}

impl ClientCoverage {
    /// How many core topics the client has received.
    pub fn received_count(&self) -> usize {
        self.topics
            .iter()
            .filter(|t| matches!(t.state, TopicState::Received { .. }))
            .count()
    }

    /// Topics neither received nor planned: missed (with a next chance) or not reachable.
    pub fn missed(&self) -> impl Iterator<Item = &TopicCoverage> + '_ {
        self.topics.iter().filter(|t| {
            matches!(
                t.state,
                TopicState::Missed { .. } | TopicState::Unreachable { .. }
            )
        })
    }
}

/// The core topics of a group: the topics of its plan's curriculum, in curriculum order, that
/// are core and not archived in the library.
pub fn group_core_topics<'a>(p: &'a Programme, group: &str) -> Vec<&'a str> {
    let Some(curriculum) = curriculum_of(p, group).map(|(_, c)| c) else {
        return Vec::new();
    };
    curriculum
        .topic_ids()
        .into_iter()
        .filter(|t| p.topics.get(*t).is_some_and(|t| t.core && !t.archived))
        .collect()
}

fn curriculum_of<'a>(p: &'a Programme, group: &str) -> Option<(&'a Plan, &'a Curriculum)> {
    let plan = p.plans.get(group)?;
    Some((plan, p.curricula.get(&plan.curriculum)?))
}

/// A membership clipped to before the expected discharge: `[from, until)`.
#[derive(Debug, Clone, Copy)]
struct Stay<'a> {
    group: &'a str,
    from: NaiveDate,
    until: Option<NaiveDate>,
}

impl Stay<'_> {
    fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|u| date < u)
    }
}

/// The client's memberships clipped to before `discharge` (an exclusive end), empty ones left
/// out.
fn stays<'a>(idx: &'a SessionIndex, person: &str, discharge: Option<NaiveDate>) -> Vec<Stay<'a>> {
    idx.memberships_of(person)
        .iter()
        .map(|m| Stay {
            group: idx.group_id(m.group),
            from: m.join,
            until: match (m.leave, discharge) {
                (Some(l), Some(d)) => Some(l.min(d)),
                (l, d) => l.or(d),
            },
        })
        .filter(|s| s.until.is_none_or(|u| s.from < u))
        .collect()
}

/// What one pass over a client's sessions found about one topic.
#[derive(Debug, Clone, Copy, Default)]
struct Found<'a> {
    received: Option<NaiveDate>,
    planned: Option<(NaiveDate, NaiveTime, &'a str)>,
    missed: Option<(NaiveDate, MissReason)>,
}

impl<'a> Found<'a> {
    fn receive(&mut self, date: NaiveDate) {
        if self.received.is_none_or(|r| date < r) {
            self.received = Some(date);
        }
    }

    fn plan(&mut self, date: NaiveDate, start: NaiveTime, group: &'a str) {
        if self.planned.is_none_or(|(d, s, _)| (date, start) < (d, s)) {
            self.planned = Some((date, start, group));
        }
    }

    fn miss(&mut self, date: NaiveDate, reason: MissReason) {
        if self.missed.is_none_or(|(d, _)| date >= d) {
            self.missed = Some((date, reason));
        }
    }
}

/// The earliest date the client could join `group`: today for a group they are a member of
/// today; otherwise the first admission date from today (and their admission, and the group's
/// start) on which [`rules::misfits`] finds nothing. `None` = not a group they could attend.
fn could_join(
    p: &Programme,
    who: Attendee<'_>,
    group: &str,
    member_today: bool,
    today: NaiveDate,
) -> Option<NaiveDate> {
    if member_today {
        return Some(today);
    }
    let client = match who {
        Attendee::Client(client) => client?,
        // A family member can join any running family-education or multi-family group at
        // its next admission date, if it meets at a time they said they can come (when they
        // said).
        Attendee::Family(f) => {
            let g = p.groups.get(group)?;
            if g.archived || !g.kind.is_family() {
                return None;
            }
            let can_come = f.availability.is_empty()
                || g.pattern.meetings.iter().any(|m| {
                    f.availability
                        .iter()
                        .any(|w| w.weekday == m.weekday && w.from <= m.start && m.end() <= w.until)
                });
            return can_come
                .then(|| g.next_admission(today.max(g.start)))
                .flatten();
        }
    };
    let g = p.groups.get(group)?;
    // Cheap refusals first: misfits formats a message per problem.
    if g.archived || !rules::demographic_fit(client, g) {
        return None;
    }
    let from = today.max(client.admission_date).max(g.start);
    let join = g.next_admission(from)?;
    rules::misfits(p, client, g, join, None)
        .is_empty()
        .then_some(join)
}

/// Whose coverage is asked for: a client (with their record, if it exists), or a family member
/// in family-education and multi-family groups (who has no discharge date and can join any
/// such group).
#[derive(Debug, Clone, Copy)]
enum Attendee<'a> {
    Client(Option<&'a Client>),
    Family(&'a crate::domain::families::FamilyMember),
}

/// The state of each of `topics` for one client or family member (`person` is their id).
fn states(
    p: &Programme,
    idx: &SessionIndex,
    person: &str,
    topics: &[&str],
    today: NaiveDate,
) -> Vec<TopicState> {
    let who = match p.family_members.get(person) {
        Some(f) => Attendee::Family(f),
        None => Attendee::Client(p.clients.get(&ClientId(person.to_string()))),
    };
    let discharge = match who {
        Attendee::Client(record) => record.and_then(|c| c.expected_discharge),
        Attendee::Family(_) => None,
    };
    let stays = stays(idx, person, discharge);
    let me = idx.key_of(person);
    let keys: Vec<Option<u32>> = topics
        .iter()
        .map(|t| idx.topic_pos.get(*t).copied())
        .collect();
    let mut found = vec![Found::default(); topics.len()];

    // One pass over the sessions during each membership settles received, planned and the
    // latest miss of every topic at once.
    for stay in &stays {
        for e in idx.entries_between(stay.group, stay.from, stay.until) {
            let mark = idx.attendance(e, me).map(|a| a.mark);
            for t in e.topics.iter() {
                let Some(f) = keys
                    .iter()
                    .position(|k| *k == Some(t))
                    .and_then(|slot| found.get_mut(slot))
                else {
                    continue;
                };
                if e.cancelled {
                    f.miss(e.date, MissReason::NotDelivered);
                    continue;
                }
                match mark {
                    Some(m) if m.present() && e.date <= today => f.receive(e.date),
                    Some(m) if !m.present() => f.miss(e.date, MissReason::of(m)),
                    None if e.date < today => f.miss(e.date, MissReason::NotMarked),
                    _ => f.plan(e.date, e.start, stay.group),
                }
            }
        }
    }

    // Groups the client is in today, with the (exclusive) date they leave each, if planned.
    let member_today: Vec<(&str, Option<NaiveDate>)> = idx
        .memberships_of(person)
        .iter()
        .filter(|m| m.active_on(today))
        .map(|m| (idx.group_id(m.group), m.leave))
        .collect();
    let mut joinable: Vec<Option<Option<NaiveDate>>> = vec![None; idx.group_ids.len()];
    let mut next_of = |t: u32| -> Option<(NaiveDate, String)> {
        let hits = idx.by_topic.get(t as usize)?;
        let first = hits.partition_point(|h| h.date < today);
        hits.get(first..)?.iter().find_map(|h| {
            let group = idx.group_ids.get(h.group as usize)?.as_str();
            let cached = joinable.get_mut(h.group as usize)?;
            let membership = member_today.iter().find(|(g, _)| *g == group);
            // A current group counts only until the client leaves it.
            if membership.is_some_and(|(_, leave)| leave.is_some_and(|l| h.date >= l)) {
                return None;
            }
            let from = *cached
                .get_or_insert_with(|| could_join(p, who, group, membership.is_some(), today));
            let away = idx
                .attendance(idx.entry_at(h)?, me)
                .is_some_and(|a| !a.mark.present());
            (from.is_some_and(|from| h.date >= from) && !away).then(|| (h.date, group.to_string()))
        })
    };

    found
        .iter()
        .zip(&keys)
        .map(|(f, key)| {
            if let Some(date) = f.received {
                return TopicState::Received { date };
            }
            if let Some((date, _, group)) = f.planned {
                return TopicState::Planned {
                    date,
                    group: group.to_string(),
                };
            }
            let next = key.and_then(&mut next_of);
            let (missed_on, reason) = f.missed.map_or((None, None), |(d, r)| (Some(d), Some(r)));
            let in_time = next
                .as_ref()
                .is_some_and(|(d, _)| discharge.is_none_or(|x| *d < x));
            if in_time {
                TopicState::Missed {
                    missed_on,
                    reason,
                    next,
                }
            } else {
                TopicState::Unreachable {
                    missed_on,
                    reason,
                    next,
                }
            }
        })
        .collect()
}

/// Coverage of one client's core topics as of `today`.
pub fn client_coverage(
    p: &Programme,
    idx: &SessionIndex,
    client: &ClientId,
    today: NaiveDate,
) -> ClientCoverage {
    let (topics, completion) = coverage_of(p, idx, &client.0, today);
    ClientCoverage {
        client: client.clone(),
        topics,
        completion,
    }
}

/// One family member's coverage of the core topics of the family-education and multi-family
/// groups they are (or were) in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyCoverage {
    pub member: String,
    /// Core topics in order of first appearance.
    pub topics: Vec<TopicCoverage>,
}

/// Coverage of a family member's core topics as of `today`: which they attended, missed (and
/// the next date each recurs in a family group they could attend) or have still to come. The
/// same machinery as a client's, reading their group places and attendance marks.
pub fn family_coverage(
    p: &Programme,
    idx: &SessionIndex,
    member: &str,
    today: NaiveDate,
) -> FamilyCoverage {
    FamilyCoverage {
        member: member.to_string(),
        topics: coverage_of(p, idx, member, today).0,
    }
}

/// The core topics of every group `person` has (had) a place in with their states, and the
/// completion date.
fn coverage_of(
    p: &Programme,
    idx: &SessionIndex,
    person: &str,
    today: NaiveDate,
) -> (Vec<TopicCoverage>, Option<NaiveDate>) {
    let mut topics: Vec<&str> = Vec::new();
    for m in idx.memberships_of(person) {
        for t in group_core_topics(p, idx.group_id(m.group)) {
            if !topics.contains(&t) {
                topics.push(t);
            }
        }
    }
    let states = states(p, idx, person, &topics, today);
    let completion = if states.is_empty() {
        None
    } else {
        states
            .iter()
            .map(TopicState::date)
            .try_fold(NaiveDate::MIN, |latest, d| d.map(|d| latest.max(d)))
    };
    let topics = topics
        .into_iter()
        .zip(states)
        .map(|(topic, state)| TopicCoverage {
            topic: topic.to_string(),
            state,
        })
        .collect();
    (topics, completion)
}

/// A group's coverage grid: its core topics across, its current and upcoming members down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageGrid {
    pub group: String,
    /// Core topic ids of the group, in curriculum order.
    pub topics: Vec<String>,
    /// Per member (by preferred name), the state of each topic, across all their groups.
    pub rows: Vec<(ClientId, Vec<TopicState>)>,
}

/// The coverage grid of `group` as of `today`: rows are clients whose membership of the group
/// is active today or starts later (archived clients left out), sorted by the name shown for
/// them.
pub fn group_grid(
    p: &Programme,
    idx: &SessionIndex,
    group: &str,
    today: NaiveDate,
) -> CoverageGrid {
    let topics = group_core_topics(p, group);
    let mut members: Vec<&Client> = Vec::new();
    for m in current_and_upcoming(p, group, today) {
        if let Some(c) = p.clients.get(&m.client)
            && !c.archived
            && !members.iter().any(|x| x.id == c.id)
        {
            members.push(c);
        }
    }
    sorting::sort_by(&mut members, |a, b| {
        (a.display_name().to_lowercase(), &a.id).cmp(&(b.display_name().to_lowercase(), &b.id))
    });
    let rows = members
        .into_iter()
        .map(|c| (c.id.clone(), states(p, idx, &c.id.0, &topics, today)))
        .collect();
    CoverageGrid {
        group: group.to_string(),
        topics: topics.into_iter().map(str::to_string).collect(),
        rows,
    }
}

/// Memberships of a group active on `today` or starting later, by join date.
fn current_and_upcoming<'a>(
    p: &'a Programme,
    group: &'a str,
    today: NaiveDate,
) -> Vec<&'a Membership> {
    let mut list: Vec<&Membership> = p
        .memberships
        .values()
        .filter(|m| m.group == group && (m.active_on(today) || m.join > today))
        .collect();
    sorting::sort_by(&mut list, |a, b| (a.join, &a.id).cmp(&(b.join, &b.id)));
    list
}

// ---------------------------------------------------------------------------------------------
// Entry rule

/// Whether the session carries a unit of this curriculum.
fn carries(s: &Session, curriculum: &str) -> bool {
    s.unit.as_ref().is_some_and(|u| u.curriculum == curriculum)
}

/// A warning when a membership enters its group's curriculum where the curriculum does not
/// take newcomers: after a closed curriculum began, or mid-module where entry is at module
/// starts. `None` when the entry is fine or the group has no plan.
pub fn entry_warning(p: &Programme, idx: &SessionIndex, membership: &Membership) -> Option<String> {
    let (plan, curriculum) = curriculum_of(p, &membership.group)?;
    let held = idx.entries(&membership.group);
    let group = p.group_name(&membership.group);
    let join = membership.join;
    match (curriculum.kind, curriculum.entry) {
        (CurriculumKind::Closed, _) => {
            let began = idx
                .sessions(p, held)
                .find(|s| s.date >= plan.start && carries(s, &curriculum.id))
                .map_or(plan.start, |s| s.date);
            if join <= began {
                return None;
            }
            let mut delivered: Vec<&str> = Vec::new();
            for s in idx.sessions(p, idx.entries_between(&membership.group, began, Some(join))) {
                for t in s.delivers() {
                    if carries(s, &curriculum.id) && !delivered.contains(&t) {
                        delivered.push(t);
                    }
                }
            }
            let head = format!(
                "Joins {group} after its closed curriculum began on {}",
                human_date(began)
            );
            Some(match delivered.len() {
                0 => format!("{head}."),
                1 => format!("{head}: 1 topic already delivered will be missed."),
                n => format!("{head}: {n} topics already delivered will be missed."),
            })
        }
        (CurriculumKind::Rolling, EntryRule::ModuleStart) => {
            let held = idx
                .sessions(
                    p,
                    idx.entries_between(&membership.group, join, membership.leave),
                )
                .filter(|s| !s.cancelled && carries(s, &curriculum.id));
            let mut held = held.filter_map(|s| s.unit.as_ref().map(|u| (s, u)));
            let (first, unit) = held.next()?;
            if unit.module_start {
                return None;
            }
            let module = curriculum
                .modules
                .iter()
                .find(|m| m.units.iter().any(|u| u.id == unit.unit))
                .map(|m| format!(" ({})", m.name))
                .unwrap_or_default();
            // The next module start may fall after the membership ends; it is still the date to
            // suggest, so look past the leave date.
            let next = idx
                .sessions(p, idx.entries_between(&membership.group, first.date, None))
                .find(|s| {
                    s.date > first.date
                        && !s.cancelled
                        && carries(s, &curriculum.id)
                        && s.unit.as_ref().is_some_and(|u| u.module_start)
                });
            let tail = match next {
                Some(s) => format!("the next module starts on {}.", human_date(s.date)),
                None => "no later module start is scheduled yet.".to_string(),
            };
            Some(format!(
                "Joins {group} on {} in the middle of a module{module}; {tail}",
                human_date(join)
            ))
        }
        (CurriculumKind::Rolling, EntryRule::AnySession) => None,
    }
}

/// Entry warnings of a group's memberships active on `today` or starting later, by join date:
/// `(membership id, warning)`.
pub fn entry_warnings(
    p: &Programme,
    idx: &SessionIndex,
    group: &str,
    today: NaiveDate,
) -> Vec<(String, String)> {
    current_and_upcoming(p, group, today)
        .into_iter()
        .filter_map(|m| entry_warning(p, idx, m).map(|w| (m.id.clone(), w)))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Attended hours

/// One week of a client's hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekHours {
    /// The Monday of the week.
    pub week: NaiveDate,
    /// Minutes present (late arrivals and early leavers count their recorded minutes).
    pub attended_minutes: u32,
    /// Minutes of held sessions of groups they were a member of on the day.
    pub scheduled_minutes: u32,
    /// Attended hours outside their level of care's range, for complete weeks only.
    pub warning: Option<String>,
}

/// Minutes present at a held session of `minutes` with this attendance: what
/// `Session::minutes_present` says, read from the index.
fn minutes_present(attendance: Option<Attendance>, minutes: u16) -> u32 {
    match attendance {
        // Minutes present are recorded for late arrivals and early leavers only.
        Some(a) if matches!(a.mark, Mark::Late | Mark::LeftEarly) => {
            u32::from(a.minutes.unwrap_or(minutes).min(minutes))
        }
        Some(a) if a.mark.present() => u32::from(minutes),
        _ => 0,
    }
}

fn plus_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// Attended against scheduled minutes per week (Monday to Sunday) for every week overlapping
/// `[from, to]` in which the client had a held session during a membership (before their
/// expected discharge). Whole weeks are counted, even where they reach outside the range.
///
/// The hours warning compares attended minutes with the client's level-of-care range only for
/// weeks that are over (Sunday before `today`) and in which they were a member every day: a
/// first week joined mid-week or a last week left mid-week is naturally short, so it is not
/// flagged.
pub fn weekly_hours(
    p: &Programme,
    idx: &SessionIndex,
    client: &ClientId,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Vec<WeekHours> {
    if to < from {
        return Vec::new();
    }
    let record = p.clients.get(client);
    let stays = stays(idx, &client.0, record.and_then(|c| c.expected_discharge));
    let me = idx.client_key(client);
    let first = week_start(from);
    let end = plus_days(week_start(to), 7);
    let mut weeks: BTreeMap<NaiveDate, (u32, u32)> = BTreeMap::new();
    for stay in &stays {
        let lo = stay.from.max(first);
        let hi = stay.until.map_or(end, |u| u.min(end));
        for e in idx.entries_between(stay.group, lo, Some(hi)) {
            if e.cancelled {
                continue;
            }
            let week = weeks.entry(week_start(e.date)).or_default();
            week.0 += minutes_present(idx.attendance(e, me), e.minutes);
            week.1 += u32::from(e.minutes);
        }
    }
    weeks
        .into_iter()
        .map(|(week, (attended, scheduled))| {
            let sunday = plus_days(week, 6);
            let whole_week = (0..7).all(|i| {
                let day = plus_days(week, i);
                stays.iter().any(|s| s.covers(day))
            });
            let warning = record
                .filter(|_| sunday < today && whole_week)
                .and_then(|c| {
                    p.settings
                        .hours_for(c.level_of_care, c.age_band)
                        .check_attended(attended, c.level_of_care.short())
                });
            WeekHours {
                week,
                attended_minutes: attended,
                scheduled_minutes: scheduled,
                warning,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::library::curriculum::{CURRICULUM_SCHEMA, Module};
    use crate::domain::library::topic::{TOPIC_SCHEMA, Topic, TopicKind};
    use crate::domain::people::client::{
        AgeBand, CLIENT_SCHEMA, Gender, LevelOfCare, SchedulePreference,
    };
    use crate::domain::roster::group::MeetingPattern;
    use crate::domain::roster::group::{AdmissionRule, GROUP_SCHEMA, Group, GroupType, Meeting};
    use crate::domain::roster::membership::MEMBERSHIP_SCHEMA;
    use crate::domain::sessions::session::{
        Attendance, CancelMode, Overrides, PLAN_SCHEMA, SESSION_SCHEMA, UnitPlace, session_id,
    };
    use chrono::Weekday;

    fn nov(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn dec(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    /// The checking date: Wednesday 18 Nov 2026.
    fn today() -> NaiveDate {
        nov(18)
    }

    fn topic(id: &str, title: &str, core: bool, archived: bool) -> Topic {
        Topic {
            id: id.into(),
            schema: TOPIC_SCHEMA,
            title: title.into(),
            kind: TopicKind::Psychoeducation,
            modalities: Vec::new(),
            summary: String::new(),
            objectives: Vec::new(),
            minutes: 60,
            materials: Vec::new(),
            homework: String::new(),
            facilitator_notes: String::new(),
            core,
            archived,
        }
    }

    fn unit(id: &str, topic: &str, practice: Option<&str>) -> Unit {
        Unit {
            id: id.into(),
            topic: topic.into(),
            practice: practice.map(Into::into),
        }
    }

    fn curriculum(
        id: &str,
        name: &str,
        kind: CurriculumKind,
        entry: EntryRule,
        modules: &[(&str, Vec<Unit>)],
    ) -> Curriculum {
        Curriculum {
            id: id.into(),
            schema: CURRICULUM_SCHEMA,
            name: name.into(),
            description: String::new(),
            kind,
            entry,
            modules: modules
                .iter()
                .enumerate()
                .map(|(i, (name, units))| Module {
                    id: format!("{id}-m{i}"),
                    name: (*name).into(),
                    units: units.clone(),
                })
                .collect(),
            archived: false,
        }
    }

    fn group(
        id: &str,
        name: &str,
        track: Option<&str>,
        days: &[Weekday],
        h: u32,
        minutes: u16,
        start: NaiveDate,
    ) -> Group {
        Group {
            id: id.into(),
            schema: GROUP_SCHEMA,
            name: name.into(),
            kind: GroupType::RelapsePrevention,
            track: track.map(Into::into),
            age_band: AgeBand::Adult,
            gender: None,
            admission: AdmissionRule::Open,
            capacity_min: 2,
            capacity_max: 12,
            pattern: MeetingPattern {
                meetings: days
                    .iter()
                    .map(|&weekday| Meeting {
                        weekday,
                        start: NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
                        minutes,
                    })
                    .collect(),
            },
            start,
            end: None,
            lead: None,
            co_facilitators: Vec::new(),
            room: None,
            cancelled: Vec::new(),
            archived: false,
        }
    }

    /// Plan `curriculum` on `group` and write its first `n` sessions by hand, starting at unit
    /// `offset` of the cycle (what session generation would do, without cancellations).
    fn run(p: &mut Programme, group: &str, curriculum: &str, offset: usize, n: usize) {
        let g = p.groups[group].clone();
        let c = p.curricula[curriculum].clone();
        p.plans.insert(
            group.into(),
            Plan {
                id: group.into(),
                schema: PLAN_SCHEMA,
                group: group.into(),
                curriculum: curriculum.into(),
                start: g.start,
                on_cancel: CancelMode::Drop,
            },
        );
        let steps = c.steps();
        let until = g.start + Days::new(400);
        for (i, (date, m)) in g
            .pattern
            .dates(g.start, until, &[])
            .into_iter()
            .take(n)
            .enumerate()
        {
            let step = steps[(i + offset) % steps.len()];
            let s = Session {
                id: session_id(group, date, m.start),
                schema: SESSION_SCHEMA,
                group: group.into(),
                slot: date,
                slot_start: m.start,
                date,
                start: m.start,
                minutes: m.minutes,
                unit: Some(UnitPlace {
                    curriculum: curriculum.into(),
                    unit: step.unit.id.clone(),
                    position: step.position as u32,
                    cycle: ((i + offset) / steps.len()) as u32,
                    module_start: step.module_start,
                }),
                topic: Some(step.unit.topic.clone()),
                practice: step.unit.practice.clone(),
                cancelled: false,
                overrides: Overrides::default(),
                agenda: Vec::new(),
                attendance: BTreeMap::new(),
                notes: String::new(),
            };
            p.sessions.insert(s.id.clone(), s);
        }
    }

    fn session_on<'p>(p: &'p mut Programme, group: &str, date: NaiveDate) -> &'p mut Session {
        p.sessions
            .values_mut()
            .find(|s| s.group == group && s.date == date)
            .unwrap_or_else(|| panic!("no {group} session on {date}"))
    }

    fn mark(
        p: &mut Programme,
        group: &str,
        date: NaiveDate,
        client: &str,
        mark: Mark,
        minutes: Option<u16>,
    ) {
        session_on(p, group, date)
            .attendance
            .insert(client.into(), Attendance { mark, minutes });
    }

    fn attended(p: &mut Programme, group: &str, client: &str, dates: &[NaiveDate]) {
        for &d in dates {
            mark(p, group, d, client, Mark::Attended, None);
        }
    }

    fn client(p: &mut Programme, id: &str, name: &str, discharge: Option<NaiveDate>) {
        let c = Client {
            id: ClientId(id.into()),
            schema: CLIENT_SCHEMA,
            full_name: format!("{name} Example"),
            preferred_name: name.into(),
            pronouns: String::new(),
            age_band: AgeBand::Adult,
            gender: Gender::Unspecified,
            track: "substance-use".into(),
            level_of_care: LevelOfCare::Iop,
            schedule: SchedulePreference::Any,
            admission_date: nov(1),
            expected_discharge: discharge,
            notes: String::new(),
            archived: false,
        };
        p.clients.insert(c.id.clone(), c);
    }

    fn join(
        p: &mut Programme,
        client: &str,
        group: &str,
        join: NaiveDate,
        leave: Option<NaiveDate>,
    ) -> String {
        let id = format!("m{}", p.memberships.len() + 1);
        p.memberships.insert(
            id.clone(),
            Membership {
                id: id.clone(),
                schema: MEMBERSHIP_SCHEMA,
                client: ClientId(client.into()),
                group: group.into(),
                join,
                leave,
                reason: String::new(),
            },
        );
        id
    }

    /// Five groups on sessions written by hand from early Nov 2026:
    /// - Morning RP (Mon/Wed/Fri 09:00, 3 h) runs the rolling relapse-prevention curriculum
    ///   from unit 1: 2 Nov t1, 4 t2, 6 t3, 9 t4, 11 t5, 13 t6, 16 t1, 18 t2, 20 t3, 23 t4, ...
    /// - Evening RP (Tue/Thu 18:00) runs it from unit 5: 3 Nov t5, 5 t6, 10 t1, 12 t2, 17 t3,
    ///   19 t4, 24 t5, 26 t6, 1 Dec t1, 3 t2, 8 t3, 10 t4, ...
    /// - Mood group (Wed 13:00, mental-health track) from unit 2: 4 Nov t2, 11 t3, 18 t4, ...
    /// - Skills course (Mon/Wed/Fri 13:00) runs a closed curriculum of t1-t3 from 2 Nov.
    /// - DBT skills (Tue 10:00) rolling, joined at module starts: 3 Nov m1*, 10 m2, 17 e1*,
    ///   24 e2, 1 Dec e3, 8 m1*, ...
    fn fixture() -> Programme {
        let mut p = Programme::default();
        for (id, title, core, archived) in [
            ("t1", "Triggers", true, false),
            ("t2", "Cravings", true, false),
            ("t3", "Refusal skills", true, false),
            ("t4", "Warning signs", true, false),
            ("t5", "Sleep", true, false),
            ("t6", "Support networks", true, false),
            ("x1", "Breathing practice", false, false),
            ("old", "Old handout", true, true),
            ("m1", "Observe", false, false),
            ("m2", "Describe", false, false),
            ("e1", "Check the facts", false, false),
            ("e2", "Opposite action", false, false),
            ("e3", "PLEASE skills", false, false),
        ] {
            p.topics.insert(id.into(), topic(id, title, core, archived));
        }
        for c in [
            curriculum(
                "rp",
                "Relapse prevention",
                CurriculumKind::Rolling,
                EntryRule::AnySession,
                &[
                    (
                        "Early recovery",
                        vec![
                            unit("u1", "t1", None),
                            unit("u2", "t2", None),
                            unit("u3", "t3", Some("old")),
                        ],
                    ),
                    (
                        "Staying well",
                        vec![
                            unit("u4", "t4", None),
                            unit("u5", "t5", Some("x1")),
                            unit("u6", "t6", None),
                        ],
                    ),
                ],
            ),
            curriculum(
                "course",
                "Basics course",
                CurriculumKind::Closed,
                EntryRule::AnySession,
                &[(
                    "Basics",
                    vec![
                        unit("c1", "t1", None),
                        unit("c2", "t2", None),
                        unit("c3", "t3", None),
                    ],
                )],
            ),
            curriculum(
                "dbt",
                "DBT skills",
                CurriculumKind::Rolling,
                EntryRule::ModuleStart,
                &[
                    (
                        "Mindfulness",
                        vec![unit("d1", "m1", None), unit("d2", "m2", None)],
                    ),
                    (
                        "Emotion regulation",
                        vec![
                            unit("d3", "e1", None),
                            unit("d4", "e2", None),
                            unit("d5", "e3", None),
                        ],
                    ),
                ],
            ),
        ] {
            p.curricula.insert(c.id.clone(), c);
        }
        use Weekday::*;
        let su = Some("substance-use");
        for g in [
            group("am", "Morning RP", su, &[Mon, Wed, Fri], 9, 180, nov(2)),
            group("pm", "Evening RP", su, &[Tue, Thu], 18, 90, nov(3)),
            group(
                "mh",
                "Mood group",
                Some("mental-health"),
                &[Wed],
                13,
                90,
                nov(4),
            ),
            group("cl", "Skills course", su, &[Mon, Wed, Fri], 13, 60, nov(2)),
            group("dbt", "DBT skills", None, &[Tue], 10, 120, nov(3)),
        ] {
            p.groups.insert(g.id.clone(), g);
        }
        run(&mut p, "am", "rp", 0, 36);
        run(&mut p, "pm", "rp", 4, 24);
        run(&mut p, "mh", "rp", 1, 12);
        run(&mut p, "cl", "course", 0, 3);
        run(&mut p, "dbt", "dbt", 0, 10);
        p
    }

    pub(super) fn fixture_for_families() -> Programme {
        fixture()
    }

    /// Ana in Morning RP from 11 Nov, present on the 11th and 13th.
    pub(super) fn add_ana(p: &mut Programme) {
        client(p, "c1", "Ana", None);
        join(p, "c1", "am", nov(11), None);
        attended(p, "am", "c1", &[nov(11), nov(13)]);
    }

    fn received(date: NaiveDate) -> TopicState {
        TopicState::Received { date }
    }

    fn planned(date: NaiveDate, group: &str) -> TopicState {
        TopicState::Planned {
            date,
            group: group.into(),
        }
    }

    fn states_of(cov: &ClientCoverage) -> Vec<(&str, TopicState)> {
        cov.topics
            .iter()
            .map(|t| (t.topic.as_str(), t.state.clone()))
            .collect()
    }

    fn coverage(p: &Programme, client: &str) -> ClientCoverage {
        client_coverage(p, &index(p), &ClientId(client.into()), today())
    }

    #[test]
    fn a_mid_cycle_joiner_gets_the_earlier_topics_in_the_next_cycle() {
        let mut p = fixture();
        client(&mut p, "c1", "Ana", None);
        join(&mut p, "c1", "am", nov(11), None);
        attended(&mut p, "am", "c1", &[nov(11), nov(13), nov(16)]);

        let cov = coverage(&p, "c1");
        // Non-core and archived topics of the curriculum are not tracked.
        assert_eq!(
            states_of(&cov),
            [
                ("t1", received(nov(16))),
                ("t2", planned(nov(18), "am")),
                ("t3", planned(nov(20), "am")),
                ("t4", planned(nov(23), "am")),
                ("t5", received(nov(11))),
                ("t6", received(nov(13))),
            ]
        );
        assert_eq!(cov.completion, Some(nov(23)));
        assert_eq!(cov.received_count(), 3);
        assert_eq!(cov.missed().count(), 0);
        assert_eq!(
            cov.topics[1].state.words(&p),
            format!("Planned in Morning RP on {}.", human_date(nov(18)))
        );

        // Leaving on 21 Nov: warning signs (t4) never comes round during the membership; the
        // earliest chance is Evening RP on 19 Nov, before Morning RP's 23 Nov.
        p.memberships.get_mut("m1").unwrap().leave = Some(nov(21));
        let cov = coverage(&p, "c1");
        assert_eq!(
            cov.topics[3].state,
            TopicState::Missed {
                missed_on: None,
                reason: None,
                next: Some((nov(19), "pm".into())),
            }
        );
        assert_eq!(cov.topics[2].state, planned(nov(20), "am"));
        assert_eq!(cov.completion, Some(nov(20)));
    }

    #[test]
    fn topics_after_an_early_discharge_are_not_reachable() {
        let mut p = fixture();
        client(&mut p, "c2", "Ben", Some(nov(20)));
        join(&mut p, "c2", "am", nov(11), None);
        attended(&mut p, "am", "c2", &[nov(11), nov(13), nov(16)]);

        let cov = coverage(&p, "c2");
        let s = states_of(&cov);
        assert_eq!(s[1], ("t2", planned(nov(18), "am")));
        // Refusal skills next comes round on his discharge date.
        assert_eq!(
            s[2],
            (
                "t3",
                TopicState::Unreachable {
                    missed_on: None,
                    reason: None,
                    next: Some((nov(20), "am".into())),
                }
            )
        );
        // Warning signs can still be caught in Evening RP the day before discharge.
        assert_eq!(
            s[3].1,
            TopicState::Missed {
                missed_on: None,
                reason: None,
                next: Some((nov(19), "pm".into())),
            }
        );
        assert_eq!(cov.completion, None);
        assert_eq!(cov.missed().count(), 2);
        assert_eq!(s[2].1.label(), "Not reachable before discharge");
        assert_eq!(
            s[2].1.words(&p),
            format!(
                "Does not come round during their membership; next in Morning RP on {}, after \
                 their expected discharge.",
                human_date(nov(20))
            )
        );
    }

    #[test]
    fn absences_and_cancelled_sessions_are_missed_with_the_next_chance_in_a_fitting_group() {
        let mut p = fixture();
        client(&mut p, "c3", "Cy", None);
        join(&mut p, "c3", "am", nov(2), Some(nov(20)));
        attended(
            &mut p,
            "am",
            "c3",
            &[nov(2), nov(4), nov(11), nov(13), nov(16)],
        );
        mark(&mut p, "am", nov(9), "c3", Mark::Absent, None);
        session_on(&mut p, "am", nov(6)).cancelled = true;

        let cov = coverage(&p, "c3");
        assert_eq!(
            states_of(&cov),
            [
                ("t1", received(nov(2))),
                ("t2", received(nov(4))),
                (
                    "t3",
                    TopicState::Missed {
                        missed_on: Some(nov(6)),
                        reason: Some(MissReason::NotDelivered),
                        // Morning RP has it again on 20 Nov, the day Cy leaves it, so the next
                        // chance is in Evening RP.
                        next: Some((NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(), "pm".into())),
                    }
                ),
                (
                    "t4",
                    // The Mood group delivers it on 18 Nov, but it is for another track.
                    TopicState::Missed {
                        missed_on: Some(nov(9)),
                        reason: Some(MissReason::Absent),
                        next: Some((nov(19), "pm".into())),
                    }
                ),
                ("t5", received(nov(11))),
                ("t6", received(nov(13))),
            ]
        );
        assert_eq!(cov.completion, NaiveDate::from_ymd_opt(2026, 12, 8));
        assert_eq!(
            cov.topics[3].state.words(&p),
            format!(
                "Missed on {} (absent); next in Evening RP on {}.",
                human_date(nov(9)),
                human_date(nov(19))
            )
        );
        assert_eq!(
            cov.topics[2].state.words(&p),
            format!(
                "Missed on {} (session cancelled); next in Evening RP on {}.",
                human_date(nov(6)),
                human_date(NaiveDate::from_ymd_opt(2026, 12, 8).unwrap())
            )
        );
        let missed: Vec<&str> = cov.missed().map(|t| t.topic.as_str()).collect();
        assert_eq!(missed, ["t3", "t4"]);
        // The index lists the held sessions of a topic across groups by date, without the
        // cancelled one.
        let idx = index(&p);
        let t3: Vec<(NaiveDate, &str)> = idx
            .held_delivering(&p, "t3")
            .take(4)
            .map(|s| (s.date, s.group.as_str()))
            .collect();
        assert_eq!(
            t3,
            [
                (nov(6), "cl"),
                (nov(11), "mh"),
                (nov(17), "pm"),
                (nov(20), "am")
            ]
        );
        assert_eq!(
            idx.sessions_of(&p, "am").nth(2).map(|s| s.cancelled),
            Some(true)
        );

        // Opened to every track, the Mood group becomes the earliest chance.
        p.groups.get_mut("mh").unwrap().track = None;
        let cov = coverage(&p, "c3");
        assert_eq!(
            cov.topics[3].state,
            TopicState::Missed {
                missed_on: Some(nov(9)),
                reason: Some(MissReason::Absent),
                next: Some((nov(18), "mh".into())),
            }
        );
    }

    #[test]
    fn the_group_grid_shows_current_and_upcoming_members_by_name() {
        let mut p = fixture();
        client(&mut p, "c9", "Dee", None);
        client(&mut p, "c1", "Ana", None);
        client(&mut p, "c5", "Eve", None);
        client(&mut p, "c3", "cy", None);
        join(&mut p, "c9", "am", nov(25), None); // upcoming
        join(&mut p, "c1", "am", nov(11), None);
        join(&mut p, "c5", "am", nov(2), Some(nov(10))); // left
        join(&mut p, "c3", "am", nov(2), None);
        attended(&mut p, "am", "c1", &[nov(11)]);
        attended(&mut p, "am", "c3", &[nov(2), nov(4)]);

        let grid = group_grid(&p, &index(&p), "am", today());
        assert_eq!(grid.topics, ["t1", "t2", "t3", "t4", "t5", "t6"]);
        let names: Vec<String> = grid.rows.iter().map(|(c, _)| p.client_name(c)).collect();
        assert_eq!(names, ["Ana", "cy", "Dee"]);
        let labels =
            |row: usize| -> Vec<&str> { grid.rows[row].1.iter().map(TopicState::label).collect() };
        assert_eq!(
            labels(0),
            [
                "Planned", "Planned", "Planned", "Planned", "Received", "Planned"
            ]
        );
        assert_eq!(
            labels(1),
            [
                "Received", "Received", "Planned", "Planned", "Planned", "Planned"
            ]
        );
        assert_eq!(grid.rows[2].1[0], planned(nov(30), "am"));
    }

    #[test]
    fn entry_warnings_follow_the_curriculum_kind() {
        let mut p = fixture();
        for (id, name) in [
            ("g", "Gil"),
            ("h", "Hal"),
            ("i", "Ivy"),
            ("j", "Jo"),
            ("k", "Kim"),
            ("a", "Ana"),
        ] {
            client(&mut p, id, name, None);
        }
        let gil = join(&mut p, "g", "cl", nov(2), None);
        let hal = join(&mut p, "h", "cl", nov(6), None);
        let ivy = join(&mut p, "i", "cl", nov(4), None);
        let jo = join(&mut p, "j", "dbt", nov(24), None);
        let kim = join(&mut p, "k", "dbt", nov(11), None);
        let ana = join(&mut p, "a", "am", nov(11), None);
        let idx = index(&p);
        let warn = |id: &str| entry_warning(&p, &idx, &p.memberships[id]);

        assert_eq!(warn(&gil), None);
        let began = format!(
            "Joins Skills course after its closed curriculum began on {}",
            human_date(nov(2))
        );
        assert_eq!(
            warn(&hal),
            Some(format!(
                "{began}: 2 topics already delivered will be missed."
            ))
        );
        assert_eq!(
            warn(&ivy),
            Some(format!(
                "{began}: 1 topic already delivered will be missed."
            ))
        );
        assert_eq!(
            entry_warnings(&p, &idx, "cl", today()),
            [
                (ivy.clone(), warn(&ivy).unwrap()),
                (hal.clone(), warn(&hal).unwrap())
            ]
        );

        let jo_warning = format!(
            "Joins DBT skills on {} in the middle of a module (Emotion regulation); the next \
             module starts on {}.",
            human_date(nov(24)),
            human_date(dec(8))
        );
        assert_eq!(warn(&jo), Some(jo_warning.clone()));
        // Joining between sessions is fine when the next one opens a module.
        assert_eq!(warn(&kim), None);
        assert_eq!(entry_warnings(&p, &idx, "dbt", today()), [(jo, jo_warning)]);
        // Rolling curricula open at any session never warn.
        assert_eq!(warn(&ana), None);

        // With the module start on 17 Nov cancelled, Kim's first session is mid-module.
        session_on(&mut p, "dbt", nov(17)).cancelled = true;
        let idx = index(&p);
        assert_eq!(
            entry_warning(&p, &idx, &p.memberships[&kim]),
            Some(format!(
                "Joins DBT skills on {} in the middle of a module (Emotion regulation); the \
                 next module starts on {}.",
                human_date(nov(11)),
                human_date(dec(8))
            ))
        );
    }

    #[test]
    fn weekly_hours_count_partial_attendance_and_warn_only_on_complete_weeks() {
        let mut p = fixture();
        client(&mut p, "f", "Fay", None);
        join(&mut p, "f", "am", nov(4), None);
        mark(&mut p, "am", nov(4), "f", Mark::Late, Some(150));
        session_on(&mut p, "am", nov(6)).cancelled = true;
        attended(&mut p, "am", "f", &[nov(9), nov(16)]);
        mark(&mut p, "am", nov(11), "f", Mark::LeftEarly, Some(90));
        mark(&mut p, "am", nov(13), "f", Mark::Late, None); // no minutes: whole session

        let idx = index(&p);
        let fay = ClientId("f".into());
        let weeks = weekly_hours(&p, &idx, &fay, nov(1), nov(22), today());
        let week = |week, attended_minutes, scheduled_minutes, warning: Option<&str>| WeekHours {
            week,
            attended_minutes,
            scheduled_minutes,
            warning: warning.map(Into::into),
        };
        assert_eq!(
            weeks,
            [
                // Joined on the Wednesday: short, but not flagged.
                week(nov(2), 150, 180, None),
                week(
                    nov(9),
                    450,
                    540,
                    Some("7.5 h attended this week, below the 9 h minimum for IOP.")
                ),
                // The current week is not over yet.
                week(nov(16), 180, 540, None),
            ]
        );

        attended(&mut p, "am", "f", &[nov(18)]);
        mark(&mut p, "am", nov(20), "f", Mark::Absent, None);
        let idx = index(&p);
        let weeks = weekly_hours(&p, &idx, &fay, nov(16), nov(16), nov(30));
        assert_eq!(
            weeks,
            [week(
                nov(16),
                360,
                540,
                Some("6 h attended this week, below the 9 h minimum for IOP.")
            )]
        );
        attended(&mut p, "am", "f", &[nov(20)]);
        let idx = index(&p);
        let weeks = weekly_hours(&p, &idx, &fay, nov(16), nov(16), nov(30));
        assert_eq!(weeks, [week(nov(16), 540, 540, None)]);

        // Leaving on Thursday 12 Nov makes that week partial: short, but not flagged.
        p.memberships.get_mut("m1").unwrap().leave = Some(nov(12));
        let idx = index(&p);
        let weeks = weekly_hours(&p, &idx, &fay, nov(9), nov(15), nov(30));
        assert_eq!(weeks, [week(nov(9), 270, 360, None)]);
    }

    #[test]
    fn the_index_counts_minutes_present_as_the_session_does() {
        let mut p = fixture();
        let s = session_on(&mut p, "am", nov(4));
        for mark in Mark::ALL {
            for minutes in [None, Some(30), Some(500)] {
                s.attendance
                    .insert("x".into(), Attendance { mark, minutes });
                let a = s.attendance.get("x").copied();
                assert_eq!(
                    minutes_present(a, s.minutes),
                    s.minutes_present("x"),
                    "{mark:?} {minutes:?}"
                );
            }
        }
    }
}

#[cfg(test)]
mod family_tests {
    //! Family members in family-education and multi-family groups, through the same machinery.
    use super::*;
    use crate::domain::families::member::GroupStint;
    use crate::domain::roster::group::GroupType;
    use crate::domain::sessions::session::Attendance;

    fn nov(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    /// The coverage fixture with Morning RP and Evening RP run as multi-family groups, and
    /// Maria (supporting Ana) in Morning RP from 11 to 25 Nov: present on the 11th (t5) and
    /// 16th (t1), absent on the 13th (t6).
    fn fixture(evening_is_family: bool) -> Programme {
        let mut p = super::tests::fixture_for_families();
        for (id, family) in [("am", true), ("pm", evening_is_family)] {
            if family {
                p.groups.get_mut(id).unwrap().kind = GroupType::MultiFamily;
            }
        }
        let mut maria = crate::domain::families::member::tests::member("f1", &["c1"]);
        maria.groups.push(GroupStint {
            group: "am".into(),
            join: nov(11),
            leave: Some(nov(25)),
        });
        p.family_members.insert("f1".into(), maria);
        for (day, mark) in [
            (11, Mark::Attended),
            (16, Mark::Attended),
            (13, Mark::Absent),
        ] {
            p.sessions
                .values_mut()
                .find(|s| s.group == "am" && s.date == nov(day))
                .unwrap()
                .attendance
                .insert(
                    "f1".into(),
                    Attendance {
                        mark,
                        minutes: None,
                    },
                );
        }
        p
    }

    #[test]
    fn a_family_member_sees_attended_missed_and_to_come_with_the_next_family_group_date() {
        let p = fixture(true);
        let cov = family_coverage(&p, &index(&p), "f1", nov(18));
        let states: Vec<(&str, TopicState)> = cov
            .topics
            .iter()
            .map(|t| (t.topic.as_str(), t.state.clone()))
            .collect();
        assert_eq!(
            states,
            [
                ("t1", TopicState::Received { date: nov(16) }),
                (
                    "t2",
                    TopicState::Planned {
                        date: nov(18),
                        group: "am".into()
                    }
                ),
                (
                    "t3",
                    TopicState::Planned {
                        date: nov(20),
                        group: "am".into()
                    }
                ),
                (
                    "t4",
                    TopicState::Planned {
                        date: nov(23),
                        group: "am".into()
                    }
                ),
                ("t5", TopicState::Received { date: nov(11) }),
                // Morning RP brings it round again on the 27th, after they leave; Evening RP
                // (a multi-family group they could join) on the 26th.
                (
                    "t6",
                    TopicState::Missed {
                        missed_on: Some(nov(13)),
                        reason: Some(MissReason::Absent),
                        next: Some((nov(26), "pm".into())),
                    }
                ),
            ]
        );
        assert_eq!(
            cov.topics[5].state.words(&p),
            "Missed on 13 Nov 2026 (absent); next in Evening RP on 26 Nov 2026."
        );
    }

    #[test]
    fn only_family_groups_count_as_places_a_family_member_could_catch_up() {
        // Evening RP and the Mood group are client groups, and Morning RP's next cycle comes
        // after they leave it: nowhere to catch up.
        let p = fixture(false);
        let cov = family_coverage(&p, &index(&p), "f1", nov(18));
        assert_eq!(
            cov.topics[5].state,
            TopicState::Unreachable {
                missed_on: Some(nov(13)),
                reason: Some(MissReason::Absent),
                next: None,
            }
        );
        assert_eq!(
            cov.topics[5].state.words(&p),
            "Missed on 13 Nov 2026 (absent); not scheduled again in any group they could attend."
        );
        // Staying on in Morning RP, the next cycle is simply still to come.
        let mut p = fixture(false);
        p.family_members.get_mut("f1").unwrap().groups[0].leave = None;
        let cov = family_coverage(&p, &index(&p), "f1", nov(18));
        assert_eq!(
            cov.topics[5].state,
            TopicState::Planned {
                date: nov(27),
                group: "am".into()
            }
        );
    }

    #[test]
    fn a_family_group_at_times_they_cannot_come_is_not_offered() {
        use crate::domain::families::member::FreeTime;
        let mut p = fixture(true);
        // Maria comes on Mondays, Wednesdays and Fridays only: Evening RP (Tue/Thu) is out.
        p.family_members.get_mut("f1").unwrap().availability = [
            chrono::Weekday::Mon,
            chrono::Weekday::Wed,
            chrono::Weekday::Fri,
        ]
        .into_iter()
        .map(|weekday| FreeTime {
            weekday,
            from: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            until: NaiveTime::from_hms_opt(21, 0, 0).unwrap(),
            alternate_from: None,
        })
        .collect();
        let cov = family_coverage(&p, &index(&p), "f1", nov(18));
        assert_eq!(
            cov.topics[5].state,
            TopicState::Unreachable {
                missed_on: Some(nov(13)),
                reason: Some(MissReason::Absent),
                next: None,
            }
        );
    }

    #[test]
    fn a_family_member_who_left_is_not_planned_and_others_are_untouched() {
        let mut p = fixture(true);
        p.family_members.get_mut("f1").unwrap().groups[0].leave = Some(nov(17));
        let cov = family_coverage(&p, &index(&p), "f1", nov(18));
        // t2 is no longer planned for them: it is offered again where they could rejoin.
        assert!(matches!(cov.topics[1].state, TopicState::Missed { .. }));
        // Someone with no family-group place has nothing to cover.
        let mut p = fixture(true);
        p.family_members.insert(
            "f2".into(),
            crate::domain::families::member::tests::member("f2", &["c1"]),
        );
        assert!(
            family_coverage(&p, &index(&p), "f2", nov(18))
                .topics
                .is_empty()
        );
        // Family marks do not change a client's coverage.
        let without = {
            let mut q = p.clone();
            q.family_members = Default::default();
            for s in q.sessions.values_mut() {
                s.attendance.remove("f1");
            }
            q
        };
        super::tests::add_ana(&mut p);
        let mut q = without;
        super::tests::add_ana(&mut q);
        let ana = ClientId("c1".into());
        assert_eq!(
            client_coverage(&p, &index(&p), &ana, nov(18)),
            client_coverage(&q, &index(&q), &ana, nov(18))
        );
    }
}
