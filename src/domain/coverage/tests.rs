//! Coverage, entry warnings and attended hours on a small programme of two rolling groups.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, NaiveTime};

use super::hours::minutes_present;
use super::*;
use crate::domain::dates::human_date;
use crate::domain::library::curriculum::{
    CURRICULUM_SCHEMA, Curriculum, CurriculumKind, EntryRule, Module, Unit,
};
use crate::domain::library::topic::{TOPIC_SCHEMA, Topic, TopicKind};
use crate::domain::people::client::AgeBand;
use crate::domain::people::client::{Client, ClientId};
use crate::domain::programme::Programme;
use crate::domain::roster::group::MeetingPattern;
use crate::domain::roster::group::{AdmissionRule, GROUP_SCHEMA, Group, GroupType, Meeting};
use crate::domain::roster::membership::MEMBERSHIP_SCHEMA;
use crate::domain::roster::membership::Membership;
use crate::domain::sessions::session::{
    Attendance, CancelMode, Overrides, PLAN_SCHEMA, SESSION_SCHEMA, UnitPlace, session_id,
};
use crate::domain::sessions::session::{Mark, Plan, Session};
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
        preferred_name: name.into(),
        expected_discharge: discharge,
        ..crate::domain::testkit::client(id, &format!("{name} Example"), nov(1))
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
        let mut p = super::fixture_for_families();
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
        super::add_ana(&mut p);
        let mut q = without;
        super::add_ana(&mut q);
        let ana = ClientId("c1".into());
        assert_eq!(
            client_coverage(&p, &index(&p), &ana, nov(18)),
            client_coverage(&q, &index(&q), &ana, nov(18))
        );
    }
}
