//! Topic states: where each client (or family member) stands with each core topic (received,
//! planned, missed with the next chance, not reachable), per client, family member and group.

use chrono::{NaiveDate, NaiveTime};

use crate::domain::coverage::index::SessionIndex;
use crate::domain::dates::human_date;
use crate::domain::library::curriculum::Curriculum;
use crate::domain::people::client::{Client, ClientId};
use crate::domain::programme::Programme;
use crate::domain::roster::membership::Membership;
use crate::domain::rules;
use crate::domain::sessions::session::{Mark, Plan};
use crate::domain::sorting;

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

pub(super) fn curriculum_of<'a>(
    p: &'a Programme,
    group: &str,
) -> Option<(&'a Plan, &'a Curriculum)> {
    let plan = p.plans.get(group)?;
    Some((plan, p.curricula.get(&plan.curriculum)?))
}

/// A membership clipped to before the expected discharge: `[from, until)`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Stay<'a> {
    pub(super) group: &'a str,
    pub(super) from: NaiveDate,
    pub(super) until: Option<NaiveDate>,
}

impl Stay<'_> {
    pub(super) fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|u| date < u)
    }
}

/// The client's memberships clipped to before `discharge` (an exclusive end), empty ones left
/// out.
pub(super) fn stays<'a>(
    idx: &'a SessionIndex,
    person: &str,
    discharge: Option<NaiveDate>,
) -> Vec<Stay<'a>> {
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
    let keys: Vec<Option<u32>> = topics.iter().map(|t| idx.topic_key(t)).collect();
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
pub(super) fn current_and_upcoming<'a>(
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
