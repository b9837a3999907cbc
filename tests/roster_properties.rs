//! Property tests of rosters (native only): auto-assign proposals on random small programmes
//! never add a hard rule violation, place every unassigned client exactly once and turn into
//! exactly the proposed memberships; per-client and per-group checks match the full check.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate, NaiveTime, Weekday};
use iop_planner::domain::people::client::CLIENT_SCHEMA;
use iop_planner::domain::people::keep_apart::KEEP_APART_SCHEMA;
use iop_planner::domain::people::staff::STAFF_SCHEMA;
use iop_planner::domain::roster::assign::{Proposal, propose, unassigned};
use iop_planner::domain::roster::group::GROUP_SCHEMA;
use iop_planner::domain::roster::membership::{MEMBERSHIP_SCHEMA, roster_on};
use iop_planner::domain::rules::{RuleKind, Violation, check, check_client, check_group, misfits};
use iop_planner::domain::{
    AdmissionRule, AgeBand, Client, ClientId, Gender, Group, GroupType, KeepApart, LevelOfCare,
    Location, Meeting, MeetingPattern, Membership, Programme, Room, SchedulePreference, Staff,
};
use proptest::prelude::*;

/// Wednesday 2 Dec 2026, the proposal date.
fn base_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

fn shift(days: i64) -> NaiveDate {
    if days >= 0 {
        base_date()
            .checked_add_days(Days::new(days as u64))
            .unwrap()
    } else {
        base_date()
            .checked_sub_days(Days::new((-days) as u64))
            .unwrap()
    }
}

const TRACKS: [&str; 3] = ["substance-use", "mental-health", "co-occurring"];
const DAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

#[derive(Debug, Clone)]
struct GroupSpec {
    track: Option<usize>,
    adolescent: bool,
    gender: Option<Gender>,
    admission: u8,
    capacity: (u32, u32),
    meetings: Vec<(usize, u32, u16)>,
    start: i64,
    length: Option<i64>,
    lead: usize,
    room: usize,
    archived: bool,
}

#[derive(Debug, Clone)]
struct ClientSpec {
    track: usize,
    adolescent: bool,
    gender: usize,
    level: usize,
    schedule: usize,
    admission: i64,
    stay: Option<i64>,
    archived: bool,
}

#[derive(Debug, Clone)]
struct Spec {
    groups: Vec<GroupSpec>,
    clients: Vec<ClientSpec>,
    memberships: Vec<(usize, usize, i64, Option<i64>)>,
    pairs: Vec<(usize, usize)>,
}

fn group_spec() -> impl Strategy<Value = GroupSpec> {
    let meeting = (0usize..5, 8u32..20, 1u16..7);
    (
        (
            prop::option::weighted(0.6, 0usize..3),
            prop::bool::weighted(0.3),
            prop_oneof![
                6 => Just(None),
                1 => Just(Some(Gender::Woman)),
                1 => Just(Some(Gender::Man)),
            ],
            0u8..6,
            (0u32..3, 1u32..8),
        ),
        (
            prop::collection::vec(meeting, 1..4),
            -40i64..30,
            prop::option::weighted(0.3, 14i64..120),
            0usize..3,
            0usize..3,
            prop::bool::weighted(0.1),
        ),
    )
        .prop_map(
            |(
                (track, adolescent, gender, admission, (min, max)),
                (meetings, start, length, lead, room, archived),
            )| GroupSpec {
                track,
                adolescent,
                gender,
                admission,
                capacity: (min, max.max(min).max(1)),
                meetings,
                start,
                length,
                lead,
                room,
                archived,
            },
        )
}

fn client_spec() -> impl Strategy<Value = ClientSpec> {
    (
        0usize..3,
        prop::bool::weighted(0.3),
        0usize..4,
        0usize..3,
        0usize..3,
        -30i64..40,
        prop::option::weighted(0.7, 10i64..150),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(track, adolescent, gender, level, schedule, admission, stay, archived)| ClientSpec {
                track,
                adolescent,
                gender,
                level,
                schedule,
                admission,
                stay,
                archived,
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(group_spec(), 1..=8),
        prop::collection::vec(client_spec(), 0..=30),
        prop::collection::vec(
            (
                any::<usize>(),
                any::<usize>(),
                -60i64..40,
                prop::option::of(1i64..100),
            ),
            0..20,
        ),
        prop::collection::vec((any::<usize>(), any::<usize>()), 0..6),
    )
        .prop_map(|(groups, clients, memberships, pairs)| Spec {
            groups,
            clients,
            memberships,
            pairs,
        })
}

fn build(spec: &Spec) -> Programme {
    let mut p = Programme::default();
    // Two staff and two rooms exist; index 2 points at a removed one.
    for i in 0..2 {
        let id = format!("s{i}");
        p.staff.insert(
            id.clone(),
            Staff {
                id,
                schema: STAFF_SCHEMA,
                name: format!("Staff {i}"),
                credentials: String::new(),
                roles: Vec::new(),
                availability: Vec::new(),
                archived: false,
            },
        );
        let id = format!("r{i}");
        p.rooms.insert(
            id.clone(),
            Room {
                id,
                schema: STAFF_SCHEMA,
                name: format!("Room {i}"),
                capacity: 12,
                location: Location::InPerson,
                archived: false,
            },
        );
    }
    for (i, g) in spec.groups.iter().enumerate() {
        let id = format!("g{i}");
        let start = shift(g.start);
        let admission = match g.admission {
            0..=2 => AdmissionRule::Open,
            3 => AdmissionRule::Closed,
            4 => AdmissionRule::ModuleBoundaries { every_weeks: 2 },
            _ => AdmissionRule::ModuleBoundaries { every_weeks: 4 },
        };
        let meetings = g
            .meetings
            .iter()
            .map(|&(day, hour, halves)| Meeting {
                weekday: DAYS[day],
                start: NaiveTime::from_hms_opt(hour, 0, 0).unwrap(),
                minutes: halves * 30,
            })
            .collect();
        p.groups.insert(
            id.clone(),
            Group {
                id,
                schema: GROUP_SCHEMA,
                name: format!("Group {i}"),
                kind: GroupType::Process,
                track: g.track.map(|t| TRACKS[t].to_string()),
                age_band: if g.adolescent {
                    AgeBand::Adolescent
                } else {
                    AgeBand::Adult
                },
                gender: g.gender,
                admission,
                capacity_min: g.capacity.0,
                capacity_max: g.capacity.1,
                pattern: MeetingPattern { meetings },
                start,
                end: g
                    .length
                    .map(|n| start.checked_add_days(Days::new(n as u64)).unwrap()),
                lead: Some(format!("s{}", g.lead)),
                co_facilitators: Vec::new(),
                room: Some(format!("r{}", g.room)),
                cancelled: Vec::new(),
                archived: g.archived,
            },
        );
    }
    for (i, c) in spec.clients.iter().enumerate() {
        let id = ClientId(format!("c{i:02}"));
        let admission_date = shift(c.admission);
        p.clients.insert(
            id.clone(),
            Client {
                id,
                schema: CLIENT_SCHEMA,
                full_name: format!("Client {i:02}"),
                preferred_name: String::new(),
                pronouns: String::new(),
                age_band: if c.adolescent {
                    AgeBand::Adolescent
                } else {
                    AgeBand::Adult
                },
                gender: Gender::ALL[c.gender],
                track: TRACKS[c.track].into(),
                level_of_care: LevelOfCare::ALL[c.level],
                schedule: SchedulePreference::ALL[c.schedule],
                admission_date,
                expected_discharge: c.stay.map(|n| {
                    admission_date
                        .checked_add_days(Days::new(n as u64))
                        .unwrap()
                }),
                notes: String::new(),
                archived: c.archived,
            },
        );
    }
    if !spec.clients.is_empty() {
        let n = spec.clients.len();
        for (i, &(ci, gi, join, length)) in spec.memberships.iter().enumerate() {
            let join = shift(join);
            let id = format!("m{i}");
            p.memberships.insert(
                id.clone(),
                Membership {
                    id,
                    schema: MEMBERSHIP_SCHEMA,
                    client: ClientId(format!("c{:02}", ci % n)),
                    group: format!("g{}", gi % spec.groups.len()),
                    join,
                    leave: length.map(|l| join.checked_add_days(Days::new(l as u64)).unwrap()),
                    reason: String::new(),
                },
            );
        }
        for (i, &(a, b)) in spec.pairs.iter().enumerate() {
            let id = format!("k{i}");
            p.keep_apart.insert(
                id.clone(),
                KeepApart {
                    id,
                    schema: KEEP_APART_SCHEMA,
                    a: ClientId(format!("c{:02}", a % n)),
                    b: ClientId(format!("c{:02}", b % n)),
                    reason: "SECRET clinical reason".into(),
                },
            );
        }
    }
    p
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

type Key = (
    RuleKind,
    Vec<ClientId>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
);

/// What a violation is about, ignoring wording (headcounts in messages may change).
fn key(v: &Violation) -> Key {
    let sorted = |mut xs: Vec<String>| {
        xs.sort();
        xs
    };
    let mut clients = v.clients.clone();
    clients.sort();
    (
        v.kind,
        clients,
        sorted(v.groups.clone()),
        sorted(v.staff.clone()),
        sorted(v.rooms.clone()),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Applying a proposal never adds a hard violation about a placed client (on any proposed
    /// join date within that client's expected stay) or about a group as a whole, and never
    /// pushes a group past its maximum.
    #[test]
    fn proposals_never_add_hard_violations(spec in spec()) {
        let p = build(&spec);
        let proposal = propose(&p, base_date());
        let after = apply(&p, &proposal);
        let placed: BTreeSet<&ClientId> = proposal.placements.iter().map(|pl| &pl.client).collect();
        let mut dates: BTreeSet<NaiveDate> = proposal
            .placements
            .iter()
            .flat_map(|pl| pl.joins.iter().map(|j| j.join))
            .collect();
        dates.insert(base_date());
        for &d in &dates {
            let before: BTreeSet<Key> = check(&p, d).iter().filter(|v| v.kind.is_hard()).map(key).collect();
            for v in check(&after, d).iter().filter(|v| v.kind.is_hard()) {
                let about_placed = v.clients.iter().any(|c| {
                    placed.contains(c)
                        && p.clients[c].expected_discharge.is_none_or(|x| d <= x)
                });
                if about_placed || v.clients.is_empty() {
                    prop_assert!(before.contains(&key(v)), "new on {}: {:?}", d, v);
                }
            }
            for g in p.groups.values() {
                let was = roster_on(p.memberships.values(), &g.id, d).len();
                let now = roster_on(after.memberships.values(), &g.id, d).len();
                prop_assert!(now == was || now <= g.capacity_max as usize, "{} on {}", g.id, d);
            }
        }
        for pl in &proposal.placements {
            let c = &p.clients[&pl.client];
            let mut minutes = 0;
            for j in &pl.joins {
                let g = &p.groups[&j.group];
                prop_assert!(j.join >= base_date());
                prop_assert_eq!(misfits(&p, c, g, j.join, None), Vec::new());
                minutes += g.pattern.weekly_minutes();
            }
            prop_assert_eq!(pl.weekly_minutes, minutes);
            let range = p.settings.hours_for(c.level_of_care, c.age_band);
            prop_assert!(range.below_minutes.is_none_or(|b| minutes < b));
            prop_assert!(!pl.notes.is_empty());
        }
        prop_assert_eq!(propose(&p, base_date()), proposal, "deterministic");
    }

    /// Every unassigned client is either placed (with at least one group) or unplaced with a
    /// reason, exactly once; nobody else appears.
    #[test]
    fn every_unassigned_client_appears_exactly_once(spec in spec()) {
        let p = build(&spec);
        let proposal = propose(&p, base_date());
        let expected: Vec<&ClientId> = unassigned(&p, base_date()).into_iter().map(|c| &c.id).collect();
        let mut seen: Vec<&ClientId> = proposal
            .placements
            .iter()
            .map(|pl| &pl.client)
            .chain(proposal.unplaced.iter().map(|u| &u.client))
            .collect();
        seen.sort();
        let mut wanted = expected.clone();
        wanted.sort();
        prop_assert_eq!(seen, wanted);
        prop_assert!(proposal.placements.iter().all(|pl| !pl.joins.is_empty()));
        prop_assert!(proposal.unplaced.iter().all(|u| !u.reason.is_empty() && !u.reason.contains("SECRET")));
        // Placements keep the order clients are served in.
        let order: Vec<&ClientId> = proposal.placements.iter().map(|pl| &pl.client).collect();
        let served: Vec<&ClientId> = expected.into_iter().filter(|c| order.contains(c)).collect();
        prop_assert_eq!(order, served);
    }

    /// `memberships` yields exactly the proposed joins, open-ended, with fresh ids, for everyone
    /// or for one client.
    #[test]
    fn memberships_are_exactly_the_proposed_joins(spec in spec()) {
        let p = build(&spec);
        let proposal = propose(&p, base_date());
        let joins = |only: Option<&ClientId>| -> Vec<(ClientId, String, NaiveDate)> {
            proposal
                .placements
                .iter()
                .filter(|pl| only.is_none_or(|c| *c == pl.client))
                .flat_map(|pl| pl.joins.iter().map(|j| (pl.client.clone(), j.group.clone(), j.join)))
                .collect()
        };
        let mut n = 0;
        let all = proposal.memberships(None, || {
            n += 1;
            format!("id-{n}")
        });
        let got: Vec<(ClientId, String, NaiveDate)> =
            all.iter().map(|m| (m.client.clone(), m.group.clone(), m.join)).collect();
        prop_assert_eq!(got, joins(None));
        let ids: BTreeSet<&str> = all.iter().map(|m| m.id.as_str()).collect();
        prop_assert_eq!(ids.len(), all.len());
        prop_assert!(all.iter().all(|m| m.leave.is_none() && m.reason.is_empty() && m.schema == MEMBERSHIP_SCHEMA));
        for pl in &proposal.placements {
            let one: Vec<(ClientId, String, NaiveDate)> = proposal
                .memberships(Some(&pl.client), || "x".into())
                .into_iter()
                .map(|m| (m.client, m.group, m.join))
                .collect();
            prop_assert_eq!(one, joins(Some(&pl.client)));
        }
    }

    /// The per-client and per-group checks are the full check filtered, results are sorted by
    /// kind then message, and no keep-apart reason ever appears.
    #[test]
    fn scoped_checks_match_the_full_check(spec in spec(), offset in -10i64..40) {
        let p = build(&spec);
        let d = shift(offset);
        let all = check(&p, d);
        prop_assert!(all.windows(2).all(|w| (w[0].kind, &w[0].message) <= (w[1].kind, &w[1].message)));
        prop_assert!(all.iter().all(|v| !v.message.contains("SECRET") && !v.fix.contains("SECRET")));
        for id in p.clients.keys() {
            let filtered: Vec<Violation> = all.iter().filter(|v| v.concerns_client(id)).cloned().collect();
            prop_assert_eq!(check_client(&p, d, id), filtered);
        }
        for id in p.groups.keys() {
            let filtered: Vec<Violation> = all.iter().filter(|v| v.concerns_group(id)).cloned().collect();
            prop_assert_eq!(check_group(&p, d, id), filtered);
        }
    }
}
