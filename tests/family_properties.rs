//! Property tests of the slot finder (native only), on random small programmes: every proposed
//! time satisfies every hard constraint, checked here directly against the records (not through
//! the finder's free ranges); and the finder never says "nothing fits" when a brute-force scan
//! over every 5-minute start finds a fitting time.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Timelike, Weekday};
use iop_planner::domain::families::member::{FAMILY_MEMBER_SCHEMA, FamilyMember, FreeTime};
use iop_planner::domain::families::session::{FAMILY_SESSION_SCHEMA, FamilySession, Place, Repeat};
use iop_planner::domain::families::slots::{SlotQuery, find_slots};
use iop_planner::domain::families::{ContactWay, Relationship, Support};
use iop_planner::domain::people::client::CLIENT_SCHEMA;
use iop_planner::domain::people::staff::{Availability, STAFF_SCHEMA};
use iop_planner::domain::roster::group::GROUP_SCHEMA;
use iop_planner::domain::roster::membership::MEMBERSHIP_SCHEMA;
use iop_planner::domain::{
    AdmissionRule, AgeBand, Client, ClientId, Gender, Group, GroupType, LevelOfCare, Location,
    Meeting, MeetingPattern, Membership, Programme, Room, SchedulePreference, Staff,
};
use proptest::prelude::*;

/// Monday 7 Dec 2026, the first day searched.
fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
}

fn at(m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap()
}

fn mins(t: NaiveTime) -> u32 {
    t.hour() * 60 + t.minute()
}

const DAYS: [Weekday; 6] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
];

/// (weekday index, start minute on a 5-minute grid from 07:00, length in minutes).
fn window() -> impl Strategy<Value = (usize, u32, u32)> {
    (0..6usize, 0..168u32, 6..48u32).prop_map(|(d, s, l)| (d, 7 * 60 + s * 5, l * 5))
}

/// A weekly window: (weekday index, start minute, length).
type Window = (usize, u32, u32);

#[derive(Debug, Clone)]
struct Case {
    /// (meeting, Ana attends, Dana leads, in room r0).
    groups: Vec<(Window, bool, bool, bool)>,
    staff_windows: Vec<(usize, u32, u32)>,
    family_windows: Vec<(usize, u32, u32)>,
    away: Option<usize>,
    /// (time, led by Dana, in room r0, with Maria, of Ana).
    other_sessions: Vec<(Window, bool, bool, bool, bool)>,
    rooms: Vec<u32>,
    minutes: u32,
    in_person: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(
            (window(), any::<bool>(), any::<bool>(), any::<bool>()),
            0..4,
        ),
        prop::collection::vec(window(), 0..3),
        prop::collection::vec(window(), 0..3),
        prop::option::of(0..6usize),
        prop::collection::vec(
            (
                window(),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
            ),
            0..4,
        ),
        prop::collection::vec(1..6u32, 0..3),
        6..30u32,
        any::<bool>(),
    )
        .prop_map(
            |(groups, staff_windows, family_windows, away, other_sessions, rooms, m, in_person)| {
                Case {
                    groups,
                    staff_windows,
                    family_windows,
                    away,
                    other_sessions,
                    rooms,
                    minutes: m * 5,
                    in_person,
                }
            },
        )
}

fn day(i: usize) -> NaiveDate {
    monday().checked_add_days(Days::new(i as u64)).unwrap()
}

/// The programme of a case: client "ana", clinician "s1", family member "maria"; groups that
/// Ana attends and/or Dana leads and/or use room r0; other family sessions (of "ben") with Dana
/// and/or Maria, in room r0 or online.
fn programme(c: &Case) -> Programme {
    let mut p = Programme::default();
    for (id, name) in [("ana", "Ana Example"), ("ben", "Ben Example")] {
        p.clients.insert(
            ClientId(id.into()),
            Client {
                id: ClientId(id.into()),
                schema: CLIENT_SCHEMA,
                full_name: name.into(),
                preferred_name: String::new(),
                pronouns: String::new(),
                age_band: AgeBand::Adult,
                gender: Gender::Unspecified,
                track: "substance-use".into(),
                level_of_care: LevelOfCare::Iop,
                schedule: SchedulePreference::Any,
                admission_date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                expected_discharge: None,
                notes: String::new(),
                archived: false,
            },
        );
    }
    p.staff.insert(
        "s1".into(),
        Staff {
            id: "s1".into(),
            schema: STAFF_SCHEMA,
            name: "Dana Lead".into(),
            credentials: String::new(),
            roles: Vec::new(),
            availability: c
                .staff_windows
                .iter()
                .map(|&(d, s, l)| Availability {
                    weekday: DAYS[d],
                    from: at(s),
                    until: at((s + l).min(23 * 60 + 55)),
                })
                .collect(),
            archived: false,
        },
    );
    for (i, cap) in c.rooms.iter().enumerate() {
        p.rooms.insert(
            format!("r{i}"),
            Room {
                id: format!("r{i}"),
                schema: STAFF_SCHEMA,
                name: format!("Room {i}"),
                capacity: *cap,
                location: Location::InPerson,
                archived: false,
            },
        );
    }
    p.family_members.insert(
        "maria".into(),
        FamilyMember {
            id: "maria".into(),
            schema: FAMILY_MEMBER_SCHEMA,
            name: "Maria Example".into(),
            supports: vec![
                Support {
                    client: ClientId("ana".into()),
                    relationship: Relationship::Parent,
                    legal_guardian: false,
                },
                Support {
                    client: ClientId("ben".into()),
                    relationship: Relationship::Parent,
                    legal_guardian: false,
                },
            ],
            contact: ContactWay::None,
            phone: String::new(),
            email: String::new(),
            language: String::new(),
            access_needs: String::new(),
            notes: String::new(),
            availability: c
                .family_windows
                .iter()
                .map(|&(d, s, l)| FreeTime {
                    weekday: DAYS[d],
                    from: at(s),
                    until: at((s + l).min(23 * 60 + 55)),
                    alternate_from: None,
                })
                .collect(),
            unavailable: c.away.map(day).into_iter().collect(),
            groups: Vec::new(),
            archived: false,
        },
    );
    for (i, &((d, s, l), ana, dana, room)) in c.groups.iter().enumerate() {
        let id = format!("g{i}");
        p.groups.insert(
            id.clone(),
            Group {
                id: id.clone(),
                schema: GROUP_SCHEMA,
                name: format!("Group {i}"),
                kind: GroupType::Process,
                track: None,
                age_band: AgeBand::Adult,
                gender: None,
                admission: AdmissionRule::Open,
                capacity_min: 1,
                capacity_max: 12,
                pattern: MeetingPattern {
                    meetings: vec![Meeting {
                        weekday: DAYS[d],
                        start: at(s),
                        minutes: l.min(23 * 60 + 55 - s) as u16,
                    }],
                },
                start: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                end: None,
                lead: dana.then(|| "s1".into()),
                co_facilitators: Vec::new(),
                room: (room && !c.rooms.is_empty()).then(|| "r0".into()),
                cancelled: Vec::new(),
                archived: false,
            },
        );
        if ana {
            p.memberships.insert(
                format!("m{i}"),
                Membership {
                    id: format!("m{i}"),
                    schema: MEMBERSHIP_SCHEMA,
                    client: ClientId("ana".into()),
                    group: id,
                    join: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                    leave: None,
                    reason: String::new(),
                },
            );
        }
    }
    for (i, &((d, s, l), dana, room, maria, ana)) in c.other_sessions.iter().enumerate() {
        p.family_sessions.insert(
            format!("fs{i}"),
            FamilySession {
                id: format!("fs{i}"),
                schema: FAMILY_SESSION_SCHEMA,
                client: ClientId(if ana { "ana" } else { "ben" }.into()),
                family: vec![if maria { "maria" } else { "zoe" }.into()],
                clinicians: vec![if dana { "s1".into() } else { "s2".into() }],
                place: if room && !c.rooms.is_empty() {
                    Place::Room { room: "r0".into() }
                } else {
                    Place::Telehealth {
                        link: "https://telehealth.example.org/x".into(),
                    }
                },
                first: day(d),
                start: at(s),
                minutes: l.min(23 * 60 + 55 - s) as u16,
                repeat: Repeat::Once,
                ends: None,
                exceptions: Vec::new(),
                attendance: Default::default(),
                notes: String::new(),
            },
        );
    }
    p
}

fn query(c: &Case) -> SlotQuery {
    SlotQuery {
        client: ClientId("ana".into()),
        family: vec!["maria".into()],
        clinicians: vec!["s1".into()],
        minutes: c.minutes as u16,
        from: monday(),
        to: day(5),
        in_person: c.in_person,
        prefer_group_day: true,
        prefer_after: Some(at(17 * 60)),
        // Every slot, so that each one is checked.
        limit: usize::MAX,
    }
}

/// Every hard constraint, checked directly against the records.
fn fits(p: &Programme, q: &SlotQuery, date: NaiveDate, start: u32, room: Option<&str>) -> bool {
    let end = start + u32::from(q.minutes);
    let overlaps = |a: u32, b: u32| start < b && a < end;
    let s = &p.settings;
    if !s.open_days.contains(&date.weekday()) || start < mins(s.opens) || end > mins(s.closes) {
        return false;
    }
    for g in p
        .groups
        .values()
        .filter(|g| g.runs_on(date) && !g.cancelled.contains(&date))
    {
        for m in g
            .pattern
            .meetings
            .iter()
            .filter(|m| m.weekday == date.weekday())
        {
            if !overlaps(mins(m.start), mins(m.start) + u32::from(m.minutes)) {
                continue;
            }
            let ana_in = p
                .memberships
                .values()
                .any(|ms| ms.client == q.client && ms.group == g.id && ms.active_on(date));
            let dana_leads = g.lead.as_deref() == Some("s1");
            let room_used = room.is_some() && g.room.as_deref() == room;
            if ana_in || dana_leads || room_used {
                return false;
            }
        }
    }
    for fs in p.family_sessions.values() {
        for o in fs.occurrences(date, date) {
            if !overlaps(mins(o.start), mins(o.start) + u32::from(o.minutes)) {
                continue;
            }
            let shares = fs.client == q.client
                || fs.clinicians.iter().any(|c| q.clinicians.contains(c))
                || fs.family.iter().any(|f| q.family.contains(f))
                || (room.is_some()
                    && matches!(&fs.place, Place::Room { room: r } if Some(r.as_str()) == room));
            if shares {
                return false;
            }
        }
    }
    // Windows that touch or overlap count as one.
    let covered = |windows: Vec<(u32, u32)>| {
        let mut reach = start;
        let mut windows = windows;
        windows.sort();
        for (a, b) in windows {
            if a <= reach && reach < b {
                reach = b;
            }
        }
        reach >= end
    };
    let dana = &p.staff["s1"];
    if !dana.availability.is_empty()
        && !covered(
            dana.availability
                .iter()
                .filter(|a| a.weekday == date.weekday())
                .map(|a| (mins(a.from), mins(a.until)))
                .collect(),
        )
    {
        return false;
    }
    if !p.family_members["maria"].available(date, at(start), at(end)) {
        return false;
    }
    if q.in_person {
        let Some(r) = room.and_then(|r| p.rooms.get(r)) else {
            return false;
        };
        if r.capacity < 3 {
            return false;
        }
    }
    true
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn every_proposed_time_fits_and_nothing_that_fits_is_missed(c in case()) {
        let p = programme(&c);
        let q = query(&c);
        let answer = find_slots(&p, &q);
        for slot in &answer.slots {
            prop_assert!(
                fits(&p, &q, slot.date, mins(slot.start), slot.room.as_deref()),
                "proposed {:?} does not fit", slot
            );
            prop_assert_eq!(q.in_person, slot.room.is_some());
        }
        prop_assert_eq!(answer.slots.is_empty(), answer.nothing.is_some());
        // Brute force over every 5-minute start (and room): each fitting quarter hour is
        // listed, and every other fitting start has a listed start on that day at or before it
        // (the start of its free range), so "nothing fits" is never said wrongly.
        let rooms: Vec<Option<String>> = if q.in_person {
            p.rooms.keys().cloned().map(Some).collect()
        } else {
            vec![None]
        };
        for i in 0..6 {
            let listed: Vec<u32> = answer
                .slots
                .iter()
                .filter(|s| s.date == day(i))
                .map(|s| mins(s.start))
                .collect();
            for start in (0..24 * 60).step_by(5) {
                if !rooms.iter().any(|room| fits(&p, &q, day(i), start, room.as_deref())) {
                    continue;
                }
                prop_assert!(
                    listed.iter().any(|&l| l <= start),
                    "{} {:02}:{:02} fits but nothing is listed at or before it", day(i), start / 60, start % 60
                );
                if start % 15 == 0 {
                    prop_assert!(
                        listed.contains(&start),
                        "{} {:02}:{:02} fits but is not listed", day(i), start / 60, start % 60
                    );
                }
            }
        }
    }
}
