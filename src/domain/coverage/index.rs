//! The session index: every session per group by date, held sessions per topic, memberships per
//! person, built once per programme state for the coverage questions.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{NaiveDate, NaiveTime};

use crate::domain::library::curriculum::Unit;
use crate::domain::people::client::ClientId;
use crate::domain::programme::Programme;
use crate::domain::sessions::session::{Attendance, Session};
use crate::domain::sorting;

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
pub(super) struct TopicSet {
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

    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.ids.iter().copied().take(usize::from(self.len))
    }
}

/// One session in its group's list.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// Copied out of the session so sorting and binary searches stay in this list instead of
    /// looking the session up per comparison.
    pub(super) date: NaiveDate,
    pub(super) start: NaiveTime,
    /// The session's id, to read it from the programme: `ids[from..to]` of the index.
    id: (u32, u32),
    pub(super) cancelled: bool,
    pub(super) minutes: u16,
    /// Its attendance: `marks[from..to]` of the index, by interned client.
    marks: (u32, u32),
    /// Delivered topics if held; the topics of its unit (and any chosen by hand) if cancelled.
    pub(super) topics: TopicSet,
}

/// One held session delivering a topic, in that topic's list.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub(super) date: NaiveDate,
    start: NaiveTime,
    pub(super) group: u32,
    /// Position in the group's list.
    pos: u32,
}

/// Sessions and memberships arranged for coverage questions; build it once with [`index`] and
/// pass it, with the programme it was built from, to every call while the programme is
/// unchanged. It owns its data, so it can be kept (and shared) next to the programme.
#[derive(Debug, Default)]
pub struct SessionIndex {
    group_pos: FxMap<String, u32>,
    pub(super) group_ids: Vec<String>,
    /// Per group: every session (held or cancelled), sorted by (date, start).
    by_group: Vec<Vec<Entry>>,
    topic_pos: FxMap<String, u32>,
    /// Per topic: the held sessions delivering it, sorted by (date, start), for finding the
    /// next recurrence by binary search.
    pub(super) by_topic: Vec<Vec<Hit>>,
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
pub(super) struct Stint {
    pub(super) group: u32,
    pub(super) join: NaiveDate,
    pub(super) leave: Option<NaiveDate>,
}

impl Stint {
    /// The same as `Membership::active_on`.
    pub(super) fn active_on(&self, date: NaiveDate) -> bool {
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

    pub(super) fn group_id(&self, g: u32) -> &str {
        self.group_ids.get(g as usize).map_or("", String::as_str)
    }

    fn id_of(&self, e: &Entry) -> &str {
        self.ids.get(e.id.0 as usize..e.id.1 as usize).unwrap_or("")
    }

    /// The interned id of a client (or family member) with any membership or attendance mark.
    pub(super) fn client_key(&self, client: &ClientId) -> Option<u32> {
        self.key_of(&client.0)
    }

    pub(super) fn key_of(&self, person: &str) -> Option<u32> {
        self.client_pos.get(person).copied()
    }

    /// The interned id of a topic some session delivers (or failed to deliver).
    pub(super) fn topic_key(&self, topic: &str) -> Option<u32> {
        self.topic_pos.get(topic).copied()
    }

    /// The client's attendance at the entry's session.
    pub(super) fn attendance(&self, e: &Entry, client: Option<u32>) -> Option<Attendance> {
        let client = client?;
        self.marks
            .get(e.marks.0 as usize..e.marks.1 as usize)?
            .iter()
            .find(|(c, _)| *c == client)
            .map(|(_, a)| *a)
    }

    pub(super) fn entry_at(&self, h: &Hit) -> Option<&Entry> {
        self.by_group
            .get(h.group as usize)
            .and_then(|list| list.get(h.pos as usize))
    }

    pub(super) fn entries(&self, group: &str) -> &[Entry] {
        self.group_pos
            .get(group)
            .and_then(|&g| self.by_group.get(g as usize))
            .map_or(&[], Vec::as_slice)
    }

    /// The sessions of `group` dated in `[from, until)` (`None` = open-ended).
    pub(super) fn entries_between(
        &self,
        group: &str,
        from: NaiveDate,
        until: Option<NaiveDate>,
    ) -> &[Entry] {
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
    pub(super) fn memberships_of(&self, person: &str) -> &[Stint] {
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
    pub(super) fn sessions<'a>(
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
