//! Properties of session generation, regeneration and agenda templates over random groups,
//! holidays and curricula (native only).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use iop_planner::domain::library::curriculum::{
    CURRICULUM_SCHEMA, Curriculum, CurriculumKind, EntryRule, Module, Unit,
};
use iop_planner::domain::people::client::AgeBand;
use iop_planner::domain::roster::group::{
    AdmissionRule, GROUP_SCHEMA, Group, GroupType, Meeting, MeetingPattern,
};
use iop_planner::domain::sessions::agenda::{self, Block, BlockKind};
use iop_planner::domain::sessions::session::{
    self, CancelMode, PLAN_SCHEMA, Plan, Regeneration, Session,
};
use proptest::prelude::*;

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or(NaiveDate::MIN)
}

fn day(offset: i64) -> NaiveDate {
    base() + chrono::TimeDelta::days(offset)
}

fn meeting() -> impl Strategy<Value = Meeting> {
    (0..7usize, 7..20u32, 0..4u32, 15..=240u16).prop_map(|(wd, h, q, minutes)| Meeting {
        weekday: WEEKDAYS[wd],
        start: NaiveTime::from_hms_opt(h, q * 15, 0).unwrap_or(NaiveTime::MIN),
        minutes,
    })
}

/// A random plan setting: group, curriculum, plan, and the dates around it.
#[derive(Debug, Clone)]
struct Case {
    group: Group,
    curriculum: Curriculum,
    plan: Plan,
    until: NaiveDate,
    today: NaiveDate,
    /// Holidays added later.
    extra: Vec<NaiveDate>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        (
            prop::collection::vec(meeting(), 1..=5),
            0..365i64,
            prop::option::of(0..300i64),
            prop::collection::vec(0..400i64, 0..10),
            0..7usize,
        ),
        (
            prop::collection::vec(prop::collection::vec(0..6usize, 1..=8), 1..=4),
            any::<bool>(),
            any::<bool>(),
        ),
        (
            -20..60i64,
            0..500i64,
            -10..500i64,
            prop::collection::vec(0..400i64, 1..6),
        ),
    )
        .prop_map(
            |(
                (meetings, start, length, cancelled, kind),
                (modules, rolling, drop),
                (plan_start, until, today, extra),
            )| {
                let group = Group {
                    id: "g".into(),
                    schema: GROUP_SCHEMA,
                    name: "Evening skills".into(),
                    kind: GroupType::ALL[kind],
                    track: None,
                    age_band: AgeBand::Adult,
                    gender: None,
                    admission: AdmissionRule::Open,
                    capacity_min: 1,
                    capacity_max: 12,
                    pattern: MeetingPattern { meetings },
                    start: day(start),
                    end: length.map(|l| day(start + l)),
                    lead: None,
                    co_facilitators: vec![],
                    room: None,
                    cancelled: cancelled.into_iter().map(|c| day(start + c)).collect(),
                    archived: false,
                };
                let curriculum = Curriculum {
                    id: "c".into(),
                    schema: CURRICULUM_SCHEMA,
                    name: "Skills".into(),
                    description: String::new(),
                    kind: if rolling {
                        CurriculumKind::Rolling
                    } else {
                        CurriculumKind::Closed
                    },
                    entry: EntryRule::AnySession,
                    modules: modules
                        .into_iter()
                        .enumerate()
                        .map(|(m, topics)| Module {
                            id: format!("m{m}"),
                            name: format!("Module {m}"),
                            units: topics
                                .into_iter()
                                .enumerate()
                                .map(|(u, topic)| Unit {
                                    id: format!("u{m}-{u}"),
                                    // Topics repeat across units on purpose.
                                    topic: format!("topic-{topic}"),
                                    practice: (topic % 2 == 0).then(|| "breathing".to_string()),
                                })
                                .collect(),
                        })
                        .collect(),
                    archived: false,
                };
                let plan = Plan {
                    id: "g".into(),
                    schema: PLAN_SCHEMA,
                    group: "g".into(),
                    curriculum: "c".into(),
                    start: day(start + plan_start),
                    on_cancel: if drop {
                        CancelMode::Drop
                    } else {
                        CancelMode::Shift
                    },
                };
                Case {
                    until: day(start + until),
                    today: day(start + today),
                    extra: extra.into_iter().map(|e| day(start + e)).collect(),
                    group,
                    curriculum,
                    plan,
                }
            },
        )
}

/// Every meeting slot the group has between the plan's start and `until`, one per weekday and
/// start time.
fn slots(c: &Case) -> Vec<(NaiveDate, Meeting)> {
    let from = c.plan.start.max(c.group.start);
    let to = c.group.end.map_or(c.until, |e| e.min(c.until));
    if from > to {
        return vec![];
    }
    let mut out: Vec<(NaiveDate, Meeting)> = Vec::new();
    for (date, m) in c.group.pattern.dates(from, to, &[]) {
        if out
            .last()
            .is_none_or(|(d, l)| (*d, l.start) != (date, m.start))
        {
            out.push((date, m));
        }
    }
    out
}

fn apply(store: &mut BTreeMap<String, Session>, r: &Regeneration) {
    for id in &r.delete {
        store.remove(id);
    }
    for s in r.put.iter().chain(&r.insert) {
        store.insert(s.id.clone(), s.clone());
    }
}

fn unit_of(s: &Session) -> (&str, u32, u32) {
    s.unit
        .as_ref()
        .map_or(("", 0, 0), |u| (u.unit.as_str(), u.position, u.cycle))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn sessions_fall_on_meetings_and_carry_the_curriculum_in_order(c in case()) {
        let generated = session::generate(&c.plan, &c.curriculum, &c.group, c.until);
        let steps = c.curriculum.steps();
        let cancelled: HashSet<NaiveDate> = c.group.cancelled.iter().copied().collect();
        let shift = c.plan.on_cancel == CancelMode::Shift;

        for s in &generated.sessions {
            prop_assert!(
                c.group.pattern.meetings.iter().any(|m| m.weekday == s.date.weekday()
                    && m.start == s.start
                    && m.minutes == s.minutes),
                "{} {} is not a meeting", s.date, s.start
            );
            prop_assert!(c.group.runs_on(s.date) && s.date >= c.plan.start && s.date <= c.until);
            prop_assert_eq!((s.slot, s.slot_start), (s.date, s.start));
            prop_assert_eq!(s.cancelled, cancelled.contains(&s.date));
            prop_assert!(!(shift && s.cancelled), "shift mode never keeps a cancelled session");
            let runs = session::agenda_of(s, c.group.kind);
            prop_assert_eq!(agenda::timing(&runs, s.minutes).planned, u32::from(s.minutes));
        }
        let ids: HashSet<&str> = generated.sessions.iter().map(|s| s.id.as_str()).collect();
        prop_assert_eq!(ids.len(), generated.sessions.len());

        // Every usable slot gets a session, in order, until a closed curriculum runs out.
        let usable: Vec<(NaiveDate, NaiveTime)> = slots(&c)
            .into_iter()
            .filter(|(d, _)| !(shift && cancelled.contains(d)))
            .map(|(d, m)| (d, m.start))
            .collect();
        let got: Vec<(NaiveDate, NaiveTime)> =
            generated.sessions.iter().map(|s| (s.date, s.start)).collect();
        let expected = match c.curriculum.kind {
            CurriculumKind::Rolling => usable.len(),
            CurriculumKind::Closed => usable.len().min(steps.len()),
        };
        prop_assert_eq!(&got[..], &usable[..expected]);

        match c.curriculum.kind {
            CurriculumKind::Closed => {
                for (s, step) in generated.sessions.iter().zip(&steps) {
                    prop_assert_eq!(
                        unit_of(s),
                        (step.unit.id.as_str(), step.position as u32, 0)
                    );
                    prop_assert_eq!(s.topic.as_deref(), Some(step.unit.topic.as_str()));
                    prop_assert_eq!(&s.practice, &step.unit.practice);
                }
                let left: Vec<String> = steps
                    .iter()
                    .skip(generated.sessions.len())
                    .map(|s| s.unit.id.clone())
                    .collect();
                prop_assert_eq!(&generated.unplaced, &left);
            }
            CurriculumKind::Rolling => {
                prop_assert!(generated.unplaced.is_empty());
                let mut cycles: Vec<Vec<&str>> = Vec::new();
                for s in &generated.sessions {
                    let (unit, position, cycle) = unit_of(s);
                    if cycle as usize == cycles.len() {
                        cycles.push(Vec::new());
                    }
                    prop_assert_eq!(cycle as usize + 1, cycles.len(), "cycles count up");
                    if let Some(cur) = cycles.last_mut() {
                        prop_assert_eq!(position as usize, cur.len());
                        cur.push(unit);
                    }
                }
                let all: Vec<&str> = steps.iter().map(|s| s.unit.id.as_str()).collect();
                for (i, cycle) in cycles.iter().enumerate() {
                    if i + 1 < cycles.len() {
                        prop_assert_eq!(cycle, &all, "a complete cycle has every unit once");
                    } else {
                        prop_assert_eq!(&cycle[..], &all[..cycle.len()]);
                    }
                }
            }
        }
    }

    #[test]
    fn regenerating_the_same_plan_changes_nothing(c in case()) {
        let fresh = session::generate(&c.plan, &c.curriculum, &c.group, c.until).sessions;
        let existing: Vec<&Session> = fresh.iter().collect();
        let r = session::regenerate(&existing, fresh.clone(), c.today, |t| t.to_string());
        prop_assert!(r.is_empty(), "{:?}", r.report);
        prop_assert_eq!(r.report, vec!["Nothing changed.".to_string()]);
    }

    #[test]
    fn hand_changes_and_history_survive_new_holidays(c in case()) {
        let first = session::generate(&c.plan, &c.curriculum, &c.group, c.until).sessions;
        let mut store: BTreeMap<String, Session> = BTreeMap::new();
        let mut hand: Vec<Session> = Vec::new();
        for (i, s) in first.iter().enumerate() {
            let s = if s.date < c.today {
                s.clone()
            } else {
                let changed = match i % 5 {
                    0 => session::set_topic(s, Some("hand-picked".into()), None, None),
                    1 => {
                        let next = s.date.checked_add_days(Days::new(1)).unwrap_or(s.date);
                        session::move_session(s, next, s.start, s.minutes.clamp(5, 480))
                            .unwrap_or_else(|_| s.clone())
                    }
                    2 => session::set_cancelled(s, !s.cancelled),
                    3 => session::set_agenda(
                        s,
                        vec![Block {
                            id: "b1".into(),
                            kind: BlockKind::Other,
                            title: "Outing".into(),
                            minutes: s.minutes,
                        }],
                    ),
                    _ => s.clone(),
                };
                if changed.overrides.any() {
                    hand.push(changed.clone());
                }
                changed
            };
            store.insert(s.id.clone(), s);
        }
        let before = store.clone();

        let mut group = c.group.clone();
        group.cancelled.extend(c.extra.iter().copied());
        let fresh = session::generate(&c.plan, &c.curriculum, &group, c.until).sessions;
        let existing: Vec<&Session> = store.values().collect();
        let r = session::regenerate(&existing, fresh.clone(), c.today, |t| t.to_string());
        prop_assert!(r.insert.iter().all(|s| s.date >= c.today));
        apply(&mut store, &r);

        for (id, s) in &before {
            if s.date < c.today || !s.attendance.is_empty() {
                prop_assert_eq!(store.get(id), Some(s), "history never changes");
            }
        }
        for h in &hand {
            let now = store.get(&h.id);
            prop_assert!(now.is_some(), "{} was changed by hand and is gone", h.id);
            if let Some(now) = now {
                if h.overrides.topic {
                    prop_assert_eq!((&now.topic, &now.practice), (&h.topic, &h.practice));
                }
                if h.overrides.time {
                    prop_assert_eq!(
                        (now.date, now.start, now.minutes),
                        (h.date, h.start, h.minutes)
                    );
                }
                if h.overrides.cancelled {
                    prop_assert_eq!(now.cancelled, h.cancelled);
                }
                if h.overrides.agenda {
                    prop_assert_eq!(&now.agenda, &h.agenda);
                }
            }
        }

        // Once applied, the same plan has nothing more to change.
        let existing: Vec<&Session> = store.values().collect();
        let again = session::regenerate(&existing, fresh, c.today, |t| t.to_string());
        prop_assert!(again.is_empty(), "{:?}", again.report);
        prop_assert!(again.report[0].starts_with("Nothing changed"));
    }

    #[test]
    fn agenda_templates_fill_the_session(kind in 0..7usize, minutes in 15..=480u16) {
        let blocks = agenda::template(GroupType::ALL[kind], minutes);
        prop_assert!(agenda::timing(&blocks, minutes).fits());
        prop_assert!(blocks.iter().all(|b| b.minutes >= 5));
        prop_assert_eq!(
            blocks.iter().any(|b| b.kind == BlockKind::Break),
            minutes >= agenda::BREAK_FROM_MINUTES
        );
    }
}
