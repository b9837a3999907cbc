//! Auto-assign: a proposal placing every client who has no current or planned group into
//! groups that keep every hard rule, aiming for their level-of-care hours, their time-of-day
//! preference and evenly filled groups. Nothing is changed until the proposal is accepted.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::domain::dates::human_date;
use crate::domain::people::client::{Client, ClientId, SchedulePreference};
use crate::domain::programme::Programme;
use crate::domain::roster::group::{AdmissionRule, Group, planned_weekly_minutes};
use crate::domain::roster::membership::{MEMBERSHIP_SCHEMA, Membership};
use crate::domain::rules::{
    band_plural, demographic_fit, gender_client_words, hours_words, misfits,
};
use crate::domain::sorting;

/// One group a client would join, and from when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedJoin {
    pub group: String,
    pub join: NaiveDate,
}

/// The groups proposed for one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub client: ClientId,
    /// At least one join, in the order they were chosen.
    pub joins: Vec<ProposedJoin>,
    /// Planned minutes per week across the proposed groups.
    pub weekly_minutes: u32,
    /// Plain-words notes, e.g. "Reaches 9 h a week; the IOP minimum is 9 h." or
    /// "Only 6 h of the 9 h minimum: no other group fits."
    pub notes: Vec<String>,
}

/// A client no group can take, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    pub client: ClientId,
    pub reason: String,
}

/// An auto-assign proposal as of `date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub date: NaiveDate,
    pub placements: Vec<Placement>,
    pub unplaced: Vec<Unplaced>,
}

impl Proposal {
    /// The memberships to create, for all clients (`only` = `None`) or one client; `new_id`
    /// gives fresh ids. Each is open-ended with an empty reason.
    pub fn memberships(
        &self,
        only: Option<&ClientId>,
        mut new_id: impl FnMut() -> String,
    ) -> Vec<Membership> {
        let mut out = Vec::new();
        for placement in &self.placements {
            if only.is_some_and(|c| *c != placement.client) {
                continue;
            }
            for j in &placement.joins {
                out.push(Membership {
                    id: new_id(),
                    schema: MEMBERSHIP_SCHEMA,
                    client: placement.client.clone(),
                    group: j.group.clone(),
                    join: j.join,
                    leave: None,
                    reason: String::new(),
                });
            }
        }
        out
    }
}

/// Clients who need placing as of `date`: not archived, admitted by `date` or planned later
/// and not past their expected discharge, with no membership running on `date` or starting
/// after it. Sorted by admission date, then name.
pub fn unassigned(p: &Programme, date: NaiveDate) -> Vec<&Client> {
    let placed: BTreeSet<&ClientId> = p
        .memberships
        .values()
        .filter(|m| m.active_on(date) || m.join > date)
        .map(|m| &m.client)
        .collect();
    let mut list: Vec<&Client> = p
        .clients
        .values()
        .filter(|c| {
            !c.archived && c.expected_discharge.is_none_or(|d| date <= d) && !placed.contains(&c.id)
        })
        .collect();
    sorting::sort_by(&mut list, |a, b| {
        a.admission_date
            .cmp(&b.admission_date)
            .then_with(|| a.display_name().cmp(b.display_name()))
            .then_with(|| a.id.cmp(&b.id))
    });
    list
}

/// Propose groups for every [`unassigned`] client, in that order (earliest admission first).
///
/// Hard rules, counting existing members and clients placed earlier in the same proposal: the
/// group's maximum on every day from the join on, keep-apart pairs, track, age band, gender,
/// no overlapping meetings, the admission rule (the join is the group's next admission date on
/// or after `date` and the admission), the group's dates, the client's window, and the upper
/// limit of their level of care. Soft goals: reach the level-of-care minimum (several groups
/// if needed), the earliest join, emptier groups, and the client's time-of-day preference,
/// which is strong: other groups are used only when preferred ones cannot reach the minimum.
pub fn propose(p: &Programme, date: NaiveDate) -> Proposal {
    let mut state = State::new(p, date);
    let mut proposal = Proposal {
        date,
        placements: Vec::new(),
        unplaced: Vec::new(),
    };
    for client in unassigned(p, date) {
        match state.place(client) {
            Ok(placement) => proposal.placements.push(placement),
            Err(reason) => proposal.unplaced.push(Unplaced {
                client: client.id.clone(),
                reason,
            }),
        }
    }
    proposal
}

/// Headcount of one group from the proposal date on, as joins (+1) and leaves (-1) by date.
#[derive(Default)]
struct Occupancy {
    events: Vec<(NaiveDate, i64)>,
}

impl Occupancy {
    fn add(&mut self, join: NaiveDate, leave: Option<NaiveDate>) {
        self.insert(join, 1);
        if let Some(leave) = leave {
            self.insert(leave, -1);
        }
    }

    fn insert(&mut self, date: NaiveDate, delta: i64) {
        let at = self.events.partition_point(|(d, _)| *d <= date);
        self.events.insert(at, (date, delta));
    }

    /// The most members on any day from `from` on. The count only rises on join dates, so
    /// `from` itself and each later event date are the only days to look at.
    fn peak_from(&self, from: NaiveDate) -> i64 {
        let split = self.events.partition_point(|(d, _)| *d <= from);
        let mut count: i64 = self.events[..split].iter().map(|(_, delta)| delta).sum();
        let mut peak = count;
        let rest = &self.events[split..];
        for (i, (day, delta)) in rest.iter().enumerate() {
            count += delta;
            // Leaves and joins on one day happen together: look after the day's last event.
            if rest.get(i + 1).is_none_or(|(next, _)| next != day) {
                peak = peak.max(count);
            }
        }
        peak
    }
}

/// A group a client could join.
struct Candidate<'p> {
    group: &'p Group,
    join: NaiveDate,
    minutes: u32,
    preferred: bool,
    peak: i64,
}

impl Candidate<'_> {
    /// Earliest join first, then the emptier group (peak / maximum, compared without
    /// division), then by name.
    fn order(&self, other: &Candidate) -> Ordering {
        let fill =
            |c: &Candidate, max_of: &Candidate| c.peak * i64::from(max_of.group.capacity_max);
        self.join
            .cmp(&other.join)
            .then_with(|| fill(self, other).cmp(&fill(other, self)))
            .then_with(|| self.group.name.cmp(&other.group.name))
            .then_with(|| self.group.id.cmp(&other.group.id))
    }
}

/// Why one group cannot take a client.
enum Refusal {
    NoMeetings,
    NotAdmitting,
    AfterDischarge(NaiveDate, NaiveDate),
    Misfit(String),
    OverLimit(u32, u32),
    KeptApart,
    Full(NaiveDate),
}

struct State<'p> {
    p: &'p Programme,
    date: NaiveDate,
    groups: Vec<&'p Group>,
    occupancy: BTreeMap<&'p str, Occupancy>,
    /// Memberships running on the date or later, by client.
    existing: BTreeMap<&'p ClientId, Vec<&'p Membership>>,
    partners: BTreeMap<&'p ClientId, Vec<&'p ClientId>>,
    /// Groups proposed so far, by client.
    proposed: BTreeMap<ClientId, Vec<&'p str>>,
}

impl<'p> State<'p> {
    fn new(p: &'p Programme, date: NaiveDate) -> State<'p> {
        let mut state = State {
            p,
            date,
            groups: p.groups.values().filter(|g| !g.archived).collect(),
            occupancy: BTreeMap::new(),
            existing: BTreeMap::new(),
            partners: BTreeMap::new(),
            proposed: BTreeMap::new(),
        };
        for m in p.memberships.values() {
            if m.leave.is_some_and(|l| l <= date || l <= m.join) {
                continue;
            }
            state
                .occupancy
                .entry(m.group.as_str())
                .or_default()
                .add(m.join, m.leave);
            state.existing.entry(&m.client).or_default().push(m);
        }
        for pair in p.keep_apart.values().filter(|k| k.a != k.b) {
            state.partners.entry(&pair.a).or_default().push(&pair.b);
            state.partners.entry(&pair.b).or_default().push(&pair.a);
        }
        state
    }

    /// Whether someone the client is kept apart from is in `group` at any time from `join`.
    fn kept_apart(&self, client: &ClientId, group: &str, join: NaiveDate) -> bool {
        self.partners.get(client).into_iter().flatten().any(|q| {
            let existing = self
                .existing
                .get(*q)
                .into_iter()
                .flatten()
                .any(|m| m.group == group && m.leave.is_none_or(|l| l > join));
            existing || self.proposed.get(*q).is_some_and(|gs| gs.contains(&group))
        })
    }

    fn candidate(&self, client: &Client, group: &'p Group) -> Result<Candidate<'p>, Refusal> {
        if group.pattern.meetings.is_empty() {
            return Err(Refusal::NoMeetings);
        }
        let from = self.date.max(client.admission_date);
        let join = group.next_admission(from).ok_or(Refusal::NotAdmitting)?;
        if let Some(discharge) = client.expected_discharge
            && join > discharge
        {
            return Err(Refusal::AfterDischarge(join, discharge));
        }
        // The steps above already keep these rules; this guards against any drift between
        // them and the rule checks.
        if let Some((_, why)) = misfits(self.p, client, group, join, None)
            .into_iter()
            .next()
        {
            return Err(Refusal::Misfit(why));
        }
        let minutes = planned_weekly_minutes([group]);
        let range = self
            .p
            .settings
            .hours_for(client.level_of_care, client.age_band);
        if let Some(below) = range.below_minutes
            && minutes >= below
        {
            return Err(Refusal::OverLimit(minutes, below));
        }
        if self.kept_apart(&client.id, &group.id, join) {
            return Err(Refusal::KeptApart);
        }
        let peak = self
            .occupancy
            .get(group.id.as_str())
            .map_or(0, |o| o.peak_from(join));
        if peak >= i64::from(group.capacity_max) {
            return Err(Refusal::Full(join));
        }
        let preferred = match client.schedule {
            SchedulePreference::Any => true,
            SchedulePreference::Day => !group.pattern.is_evening(),
            SchedulePreference::Evening => group.pattern.is_evening(),
        };
        Ok(Candidate {
            group,
            join,
            minutes,
            preferred,
            peak,
        })
    }

    fn place(&mut self, client: &Client) -> Result<Placement, String> {
        let mut options = Vec::new();
        let mut refusals = Vec::new();
        for &group in &self.groups {
            if !demographic_fit(client, group) {
                continue;
            }
            match self.candidate(client, group) {
                Ok(c) => options.push(c),
                Err(why) => refusals.push((group, why)),
            }
        }
        let range = self
            .p
            .settings
            .hours_for(client.level_of_care, client.age_band);
        let min = range.min_minutes.unwrap_or(0);
        // The client's own running memberships (none for an unassigned client, but the rule
        // is the same) count towards clashes.
        let own: Vec<&Group> = self
            .existing
            .get(&client.id)
            .into_iter()
            .flatten()
            .filter_map(|m| self.p.groups.get(&m.group))
            .collect();
        let mut chosen: Vec<&Candidate> = Vec::new();
        let mut total = 0u32;
        for preferred in [true, false] {
            while chosen.is_empty() || total < min {
                let best = options
                    .iter()
                    .filter(|o| o.preferred == preferred)
                    .filter(|o| chosen.iter().all(|c| c.group.id != o.group.id))
                    .filter(|o| range.below_minutes.is_none_or(|b| total + o.minutes < b))
                    .filter(|o| {
                        chosen
                            .iter()
                            .map(|c| c.group)
                            .chain(own.iter().copied())
                            .all(|g| g.pattern.clash_with(&o.group.pattern).is_none())
                    })
                    .min_by(|a, b| a.order(b));
                let Some(best) = best else { break };
                total += best.minutes;
                chosen.push(best);
            }
        }
        if chosen.is_empty() && !options.is_empty() {
            return Err(format!(
                "Every group that fits {} meets at the same time as one of their current groups.",
                client.display_name()
            ));
        }
        if chosen.is_empty() {
            return Err(self.unplaced_reason(client, &refusals));
        }

        let name = client.display_name();
        let level = client.level_of_care.short();
        let from = self.date.max(client.admission_date);
        let mut notes = Vec::new();
        for c in &chosen {
            if c.join > from {
                notes.push(format!(
                    "Joins {} on {}, its next admission date.",
                    c.group.name,
                    human_date(c.join)
                ));
            }
        }
        let any_preferred = chosen.iter().any(|c| c.preferred);
        for c in chosen.iter().filter(|c| !c.preferred) {
            let (when, wanted, kind) = match client.schedule {
                SchedulePreference::Evening => ("during the day", "evenings", "evening"),
                _ => ("in the evening", "daytime", "daytime"),
            };
            let why = if any_preferred {
                format!("{kind} groups alone do not reach the minimum")
            } else {
                format!("no {kind} group fits")
            };
            notes.push(format!(
                "{} meets {when}, though {name} prefers {wanted}: {why}.",
                c.group.name
            ));
        }
        notes.push(match (range.min_minutes, range.below_minutes) {
            (Some(min), _) if total >= min => format!(
                "Reaches {} a week; the {level} minimum is {}.",
                hours_words(total),
                hours_words(min)
            ),
            (Some(min), _) => format!(
                "Only {} of the {} minimum: no other group fits.",
                hours_words(total),
                hours_words(min)
            ),
            (None, Some(below)) => format!(
                "{} a week; {level} is under {}.",
                hours_words(total),
                hours_words(below)
            ),
            (None, None) => format!("{} a week.", hours_words(total)),
        });

        let joins = chosen
            .iter()
            .map(|c| ProposedJoin {
                group: c.group.id.clone(),
                join: c.join,
            })
            .collect();
        for c in &chosen {
            self.occupancy
                .entry(c.group.id.as_str())
                .or_default()
                .add(c.join, None);
        }
        self.proposed.insert(
            client.id.clone(),
            chosen.iter().map(|c| c.group.id.as_str()).collect(),
        );
        Ok(Placement {
            client: client.id.clone(),
            joins,
            weekly_minutes: total,
            notes,
        })
    }

    fn unplaced_reason(&self, client: &Client, refusals: &[(&Group, Refusal)]) -> String {
        let name = client.display_name();
        let who = format!(
            "{} in the {} track",
            band_plural(client.age_band),
            self.p.settings.track_name(&client.track)
        );
        if refusals.is_empty() {
            let gendered = self.groups.iter().any(|g| {
                g.gender.is_some()
                    && g.age_band == client.age_band
                    && g.track.as_ref().is_none_or(|t| *t == client.track)
            });
            return if gendered {
                format!(
                    "Every group for {who} is for a particular gender, and {name} {}.",
                    gender_client_words(client.gender)
                )
            } else {
                format!("No group is set up for {who}.")
            };
        }
        const SHOWN: usize = 4;
        let mut parts: Vec<String> = refusals
            .iter()
            .take(SHOWN)
            .map(|(g, why)| refusal_words(g, why, client))
            .collect();
        if refusals.len() > SHOWN {
            parts.push(format!("and {} more", refusals.len() - SHOWN));
        }
        format!("No group for {who} can take {name}: {}.", parts.join("; "))
    }
}

fn refusal_words(g: &Group, why: &Refusal, client: &Client) -> String {
    let n = &g.name;
    match why {
        Refusal::NoMeetings => format!("{n} has no meetings set"),
        Refusal::NotAdmitting => match g.admission {
            AdmissionRule::Closed if g.end.is_none_or(|e| e >= g.start) => {
                format!("{n} is closed and started on {}", human_date(g.start))
            }
            _ => format!("{n} has no admission date left before it ends"),
        },
        Refusal::AfterDischarge(join, discharge) => format!(
            "{n} next admits on {}, after their expected discharge on {}",
            human_date(*join),
            human_date(*discharge)
        ),
        Refusal::Misfit(why) => why.trim_end_matches('.').to_string(),
        Refusal::OverLimit(minutes, below) => format!(
            "{n} alone is {} a week, over the {} limit (under {})",
            hours_words(*minutes),
            client.level_of_care.short(),
            hours_words(*below)
        ),
        Refusal::KeptApart => format!("{n} has a member they are to be kept apart from"),
        Refusal::Full(join) => format!("{n} is full from {}", human_date(*join)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::client::{AgeBand, Gender, LevelOfCare};
    use crate::domain::people::keep_apart::{KEEP_APART_SCHEMA, KeepApart};
    use crate::domain::roster::group::{GROUP_SCHEMA, GroupType, Meeting, MeetingPattern};
    use crate::domain::rules::check;
    use chrono::{NaiveTime, Weekday};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Wednesday 2 Dec 2026.
    fn today() -> NaiveDate {
        d(2026, 12, 2)
    }

    fn cid(id: &str) -> ClientId {
        ClientId(id.into())
    }

    fn pattern(days: &[Weekday], h: u32, minutes: u16) -> MeetingPattern {
        MeetingPattern {
            meetings: days
                .iter()
                .map(|&weekday| Meeting {
                    weekday,
                    start: NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
                    minutes,
                })
                .collect(),
        }
    }

    fn client(id: &str, name: &str) -> Client {
        Client {
            expected_discharge: Some(d(2027, 2, 5)),
            ..crate::domain::testkit::client(id, name, d(2026, 11, 30))
        }
    }

    /// An open adult substance-use group meeting Mon/Wed/Fri 09:00-12:00 (9 h), for 2-8.
    fn group(id: &str, name: &str) -> Group {
        Group {
            id: id.into(),
            schema: GROUP_SCHEMA,
            name: name.into(),
            kind: GroupType::Process,
            track: Some("substance-use".into()),
            age_band: AgeBand::Adult,
            gender: None,
            admission: AdmissionRule::Open,
            capacity_min: 2,
            capacity_max: 8,
            pattern: pattern(&[Weekday::Mon, Weekday::Wed, Weekday::Fri], 9, 180),
            start: d(2026, 11, 2),
            end: None,
            lead: None,
            co_facilitators: Vec::new(),
            room: None,
            cancelled: Vec::new(),
            archived: false,
        }
    }

    fn programme(groups: Vec<Group>, clients: Vec<Client>) -> Programme {
        let mut p = Programme::default();
        for g in groups {
            p.groups.insert(g.id.clone(), g);
        }
        for c in clients {
            p.clients.insert(c.id.clone(), c);
        }
        p
    }

    fn add_member(p: &mut Programme, client: Client, group: &str, join: NaiveDate) {
        let id = format!("m{}", p.memberships.len() + 1);
        p.memberships.insert(
            id.clone(),
            Membership {
                id,
                schema: MEMBERSHIP_SCHEMA,
                client: client.id.clone(),
                group: group.into(),
                join,
                leave: None,
                reason: String::new(),
            },
        );
        p.clients.insert(client.id.clone(), client);
    }

    fn groups_of(proposal: &Proposal, client: &str) -> Vec<String> {
        proposal
            .placements
            .iter()
            .find(|pl| pl.client == cid(client))
            .map(|pl| pl.joins.iter().map(|j| j.group.clone()).collect())
            .unwrap_or_default()
    }

    fn apply(p: &Programme, proposal: &Proposal) -> Programme {
        let mut after = p.clone();
        let mut n = 0;
        for m in proposal.memberships(None, || {
            n += 1;
            format!("new-{n}")
        }) {
            after.memberships.insert(m.id.clone(), m);
        }
        after
    }

    #[test]
    fn unassigned_clients_are_those_without_current_or_planned_groups() {
        let mut p = programme(
            vec![group("g1", "Morning process")],
            vec![
                Client {
                    admission_date: d(2026, 12, 10),
                    ..client("planned", "Zed Planned")
                },
                client("new", "Ana New"),
                Client {
                    archived: true,
                    ..client("gone", "Gone Archived")
                },
                Client {
                    expected_discharge: Some(d(2026, 12, 1)),
                    ..client("done", "Done Discharged")
                },
            ],
        );
        add_member(&mut p, client("in", "In Group"), "g1", d(2026, 11, 30));
        add_member(&mut p, client("soon", "Soon Joining"), "g1", d(2026, 12, 9));
        let names: Vec<&str> = unassigned(&p, today())
            .into_iter()
            .map(|c| c.display_name())
            .collect();
        assert_eq!(names, ["Ana New", "Zed Planned"]);
    }

    #[test]
    fn an_iop_client_gets_enough_hours_in_the_emptier_fitting_group() {
        let mut p = programme(
            vec![
                group("g1", "Morning process A"),
                Group {
                    pattern: pattern(&[Weekday::Tue, Weekday::Thu], 9, 180),
                    ..group("g2", "Morning process B")
                },
                Group {
                    age_band: AgeBand::Adolescent,
                    ..group("teen", "Teen process")
                },
            ],
            vec![client("c1", "Ana Example")],
        );
        add_member(&mut p, client("x1", "Existing One"), "g1", d(2026, 11, 30));
        let proposal = propose(&p, today());
        assert!(proposal.unplaced.is_empty(), "{proposal:?}");
        let placement = &proposal.placements[0];
        // B is emptier but gives only 6 h, so A is added to reach the 9 h minimum.
        assert_eq!(groups_of(&proposal, "c1"), ["g2", "g1"]);
        assert_eq!(placement.weekly_minutes, 900);
        assert_eq!(
            placement.notes,
            ["Reaches 15 h a week; the IOP minimum is 9 h."]
        );
        assert_eq!(placement.joins[0].join, today());
        let after = apply(&p, &proposal);
        let hard: Vec<_> = check(&after, today())
            .into_iter()
            .filter(|v| v.kind.is_hard())
            .collect();
        assert!(hard.is_empty(), "{hard:#?}");
    }

    #[test]
    fn a_keep_apart_pair_is_split_across_two_groups() {
        let mut p = programme(
            vec![
                group("g1", "Morning process A"),
                Group {
                    pattern: pattern(&[Weekday::Tue, Weekday::Thu], 9, 270),
                    ..group("g2", "Morning process B")
                },
            ],
            vec![client("c1", "Ana Example"), client("c2", "Ben Sample")],
        );
        p.keep_apart.insert(
            "k1".into(),
            KeepApart {
                id: "k1".into(),
                schema: KEEP_APART_SCHEMA,
                a: cid("c1"),
                b: cid("c2"),
                reason: "PRIVATE".into(),
            },
        );
        let proposal = propose(&p, today());
        let (a, b) = (groups_of(&proposal, "c1"), groups_of(&proposal, "c2"));
        assert_eq!(a.len(), 1, "{proposal:?}");
        assert_eq!(b.len(), 1, "{proposal:?}");
        assert_ne!(a, b);
        let after = apply(&p, &proposal);
        assert!(check(&after, today()).iter().all(|v| !v.kind.is_hard()));
    }

    #[test]
    fn a_closed_group_that_has_started_is_refused_with_a_reason() {
        let p = programme(
            vec![Group {
                admission: AdmissionRule::Closed,
                ..group("g1", "Closed cohort")
            }],
            vec![client("c1", "Ana Example")],
        );
        let proposal = propose(&p, today());
        assert!(proposal.placements.is_empty());
        assert_eq!(
            proposal.unplaced,
            [Unplaced {
                client: cid("c1"),
                reason: "No group for adults in the Substance use track can take Ana Example: \
                         Closed cohort is closed and started on 2 Nov 2026."
                    .into()
            }]
        );
    }

    #[test]
    fn a_module_group_is_joined_at_its_next_module_start() {
        let p = programme(
            vec![Group {
                admission: AdmissionRule::ModuleBoundaries { every_weeks: 3 },
                ..group("g1", "DBT skills")
            }],
            vec![client("c1", "Ana Example")],
        );
        let proposal = propose(&p, today());
        assert_eq!(proposal.placements[0].joins[0].join, d(2026, 12, 14));
        assert_eq!(
            proposal.placements[0].notes[0],
            "Joins DBT skills on 14 Dec 2026, its next admission date."
        );
    }

    #[test]
    fn the_evening_preference_is_honoured_and_departures_are_explained() {
        let evening = |id: &str, name: &str| Group {
            pattern: pattern(&[Weekday::Mon, Weekday::Wed, Weekday::Fri], 17, 180),
            ..group(id, name)
        };
        let p = programme(
            vec![
                group("day", "Day process"),
                evening("eve", "Evening process"),
            ],
            vec![
                Client {
                    schedule: SchedulePreference::Evening,
                    ..client("c1", "Ana Example")
                },
                Client {
                    schedule: SchedulePreference::Day,
                    ..client("c2", "Ben Sample")
                },
            ],
        );
        let proposal = propose(&p, today());
        assert_eq!(groups_of(&proposal, "c1"), ["eve"]);
        assert_eq!(groups_of(&proposal, "c2"), ["day"]);

        // With the evening group full, the daytime one is used and the note says why.
        let mut full = p.clone();
        full.groups.get_mut("eve").unwrap().capacity_max = 1;
        add_member(&mut full, client("x", "Existing"), "eve", d(2026, 11, 30));
        let proposal = propose(&full, today());
        assert_eq!(groups_of(&proposal, "c1"), ["day"]);
        let notes = &proposal.placements[0].notes;
        assert!(
            notes.contains(
                &"Day process meets during the day, though Ana Example prefers evenings: no evening group fits."
                    .to_string()
            ),
            "{notes:?}"
        );
    }

    #[test]
    fn capacity_counts_planned_joins_and_clients_placed_earlier() {
        let mut p = programme(
            vec![Group {
                capacity_max: 2,
                ..group("g1", "Small group")
            }],
            vec![client("c1", "Ana Example"), client("c2", "Ben Sample")],
        );
        // A planned admission fills the second place from 14 Dec.
        add_member(&mut p, client("x", "Planned Later"), "g1", d(2026, 12, 14));
        let proposal = propose(&p, today());
        assert_eq!(groups_of(&proposal, "c1"), ["g1"]);
        assert_eq!(proposal.unplaced.len(), 1);
        assert_eq!(
            proposal.unplaced[0].reason,
            "No group for adults in the Substance use track can take Ben Sample: \
             Small group is full from 2 Dec 2026."
        );
    }

    #[test]
    fn reasons_name_what_is_missing() {
        let teen = Client {
            age_band: AgeBand::Adolescent,
            expected_discharge: Some(d(2026, 12, 20)),
            ..client("c1", "Ana Example")
        };
        let op = Client {
            level_of_care: LevelOfCare::Op,
            ..client("c2", "Ben Sample")
        };
        let man = Client {
            gender: Gender::Man,
            track: "mental-health".into(),
            ..client("c3", "Cy Test")
        };
        let p = programme(
            vec![
                group("g1", "Morning process"),
                Group {
                    age_band: AgeBand::Adolescent,
                    admission: AdmissionRule::ModuleBoundaries { every_weeks: 8 },
                    ..group("g2", "Teen skills")
                },
                Group {
                    track: Some("mental-health".into()),
                    gender: Some(Gender::Woman),
                    ..group("g3", "Women's group")
                },
            ],
            vec![teen, op, man],
        );
        let proposal = propose(&p, today());
        let reasons: BTreeMap<&str, &str> = proposal
            .unplaced
            .iter()
            .map(|u| (u.client.0.as_str(), u.reason.as_str()))
            .collect();
        assert_eq!(
            reasons["c1"],
            "No group for adolescents in the Substance use track can take Ana Example: \
             Teen skills next admits on 28 Dec 2026, after their expected discharge on 20 Dec 2026."
        );
        assert!(
            reasons["c2"]
                .contains("Morning process alone is 9 h a week, over the OP limit (under 9 h)")
        );
        assert_eq!(
            reasons["c3"],
            "Every group for adults in the Mental health track is for a particular gender, and Cy Test is recorded as a man."
        );
    }

    #[test]
    fn memberships_are_exactly_the_proposed_joins() {
        let p = programme(
            vec![
                group("g1", "Morning process A"),
                Group {
                    pattern: pattern(&[Weekday::Tue], 9, 120),
                    ..group("g2", "Tuesday skills")
                },
            ],
            vec![
                Client {
                    level_of_care: LevelOfCare::Php,
                    ..client("c1", "Ana Example")
                },
                client("c2", "Ben Sample"),
            ],
        );
        let proposal = propose(&p, today());
        let mut n = 0;
        let all = proposal.memberships(None, || {
            n += 1;
            format!("id-{n}")
        });
        let expected: Vec<(ClientId, String, NaiveDate)> = proposal
            .placements
            .iter()
            .flat_map(|pl| {
                pl.joins
                    .iter()
                    .map(|j| (pl.client.clone(), j.group.clone(), j.join))
            })
            .collect();
        let got: Vec<(ClientId, String, NaiveDate)> = all
            .iter()
            .map(|m| (m.client.clone(), m.group.clone(), m.join))
            .collect();
        assert_eq!(got, expected);
        assert!(all.iter().all(|m| m.leave.is_none() && m.reason.is_empty()));
        assert_eq!(all[0].id, "id-1");
        let only = proposal.memberships(Some(&cid("c2")), || "x".into());
        assert!(only.iter().all(|m| m.client == cid("c2")) && !only.is_empty());
        // PHP needs 20 h: both groups (11 h) are taken, and the shortfall is explained.
        let php = proposal
            .placements
            .iter()
            .find(|pl| pl.client == cid("c1"))
            .unwrap();
        assert_eq!(php.weekly_minutes, 660);
        assert_eq!(
            php.notes,
            ["Only 11 h of the 20 h minimum: no other group fits."]
        );
    }

    #[test]
    fn peaks_look_at_every_later_join() {
        let mut o = Occupancy::default();
        o.add(d(2026, 12, 1), Some(d(2026, 12, 10)));
        o.add(d(2026, 12, 10), None);
        o.add(d(2026, 12, 20), None);
        assert_eq!(o.peak_from(d(2026, 12, 2)), 2);
        assert_eq!(o.peak_from(d(2026, 12, 21)), 2);
        assert_eq!(o.peak_from(d(2026, 11, 1)), 2);
        // Leaving and joining on the same day is not an overlap.
        o.add(d(2026, 11, 1), Some(d(2026, 12, 15)));
        assert_eq!(o.peak_from(d(2026, 11, 1)), 2);
        o.add(d(2026, 12, 12), None);
        assert_eq!(o.peak_from(d(2026, 12, 16)), 3);
    }
}
