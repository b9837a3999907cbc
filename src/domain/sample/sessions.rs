//! The sample's curricula, plans, sessions and attendance: the starter library, a plan for every
//! group whose kind has one, its generated sessions, and marks for every past session; the last
//! step of [`super::generate`] before the families.

use chrono::NaiveDate;

use super::Rng;
use crate::domain::library::starter;
use crate::domain::programme::Programme;
use crate::domain::roster::group::{AdmissionRule, GroupType};
use crate::domain::roster::membership::Membership;
use crate::domain::sessions::session::{self, Attendance, CancelMode, Mark, PLAN_SCHEMA, Plan};

/// The starter library, a curriculum plan for every group whose kind has one, their generated
/// sessions, the past meetings of the other groups as free sessions, and attendance for every
/// past session (mostly attended, some late, early leavers,
/// absences and excused absences). Skills groups with module admission run the DBT cycle;
/// relapse-prevention groups run the 16-week sequence, closed from the group's start when the
/// group admits only at its start, otherwise as a rolling copy (`{id_prefix}curriculum-rp-rolling`)
/// so members who join later still come round to every topic; other skills, psychoeducation and
/// "other" groups run the rolling coping-skills cycle; process and family groups have none.
pub fn add_curricula(p: &mut Programme, today: NaiveDate, seed: u64, id_prefix: &str) {
    let (topics, curricula) = starter::starter_library();
    for t in topics {
        p.topics.insert(t.id.clone(), t);
    }
    for c in curricula {
        p.curricula.insert(c.id.clone(), c);
    }
    let rolling_rp = format!("{id_prefix}curriculum-rp-rolling");
    if let Some(matrix) = p.curricula.get(starter::MATRIX_RP_ID) {
        let mut copy =
            crate::domain::library::curriculum::duplicate_curriculum(matrix, rolling_rp.clone());
        copy.name = "Relapse prevention, 16 weeks (rolling)".into();
        copy.kind = crate::domain::library::curriculum::CurriculumKind::Rolling;
        copy.entry = crate::domain::library::curriculum::EntryRule::AnySession;
        p.curricula.insert(copy.id.clone(), copy);
    }
    // The family groups run the starter library's family-education topics in a rolling cycle.
    let family = format!("{id_prefix}curriculum-family");
    {
        use crate::domain::library::curriculum::{
            CURRICULUM_SCHEMA, Curriculum, CurriculumKind, EntryRule, Module, Unit,
        };
        use crate::domain::library::topic::TopicKind;
        let mut units = Vec::new();
        for t in p
            .topics
            .values()
            .filter(|t| t.kind == TopicKind::FamilyEducation && !t.archived)
        {
            units.push(Unit {
                id: format!("u{:02}", units.len() + 1),
                topic: t.id.clone(),
                practice: None,
            });
        }
        let c = Curriculum {
            id: family.clone(),
            schema: CURRICULUM_SCHEMA,
            name: "Family education (rolling)".into(),
            description: "The family-education topics in turn; families can join at any session."
                .into(),
            kind: CurriculumKind::Rolling,
            entry: EntryRule::AnySession,
            modules: vec![Module {
                id: "m1".into(),
                name: "Families in recovery".into(),
                units,
            }],
            archived: false,
        };
        p.curricula.insert(c.id.clone(), c);
    }
    let mut rng = Rng::new(seed, 7);
    let mut by_group: std::collections::HashMap<&str, Vec<&Membership>> =
        std::collections::HashMap::new();
    for m in p.memberships.values() {
        by_group.entry(m.group.as_str()).or_default().push(m);
    }
    let mut plans = Vec::new();
    let mut sessions = Vec::new();
    // Attendance for a past meeting that was held: mostly attended, some late, early leavers,
    // absences and excused absences.
    let mut take_attendance = |s: &mut session::Session, members: &[&Membership]| {
        if s.date >= today || s.cancelled {
            return;
        }
        for m in members.iter().filter(|m| m.active_on(s.date)) {
            let roll = rng.below(100);
            let (mark, minutes) = match roll {
                0..=81 => (Mark::Attended, None),
                82..=87 => (Mark::Late, Some(s.minutes.saturating_sub(20))),
                88..=91 => (Mark::LeftEarly, Some(s.minutes.saturating_sub(45))),
                92..=97 => (Mark::Absent, None),
                _ => (Mark::Excused, None),
            };
            s.attendance
                .insert(m.client.0.clone(), Attendance { mark, minutes });
        }
    };
    for g in p.groups.values() {
        let members = by_group.get(g.id.as_str()).cloned().unwrap_or_default();
        let curriculum = match (g.kind, g.admission) {
            (GroupType::Skills, AdmissionRule::ModuleBoundaries { .. }) => starter::DBT_ID,
            (GroupType::RelapsePrevention, AdmissionRule::Closed) => starter::MATRIX_RP_ID,
            (GroupType::RelapsePrevention, _) => rolling_rp.as_str(),
            (GroupType::Skills | GroupType::Psychoeducation | GroupType::Other, _) => {
                starter::COPING_ID
            }
            (GroupType::FamilyEducation | GroupType::MultiFamily, _) => family.as_str(),
            _ => {
                // No curriculum: its past meetings are free sessions with attendance taken.
                for s in free_sessions(g, today) {
                    let mut s = s;
                    take_attendance(&mut s, &members);
                    if !s.attendance.is_empty() {
                        sessions.push(s);
                    }
                }
                continue;
            }
        };
        let Some(c) = p.curricula.get(curriculum) else {
            continue;
        };
        let start = g.start;
        let plan = Plan {
            id: g.id.clone(),
            schema: PLAN_SCHEMA,
            group: g.id.clone(),
            curriculum: curriculum.to_string(),
            start,
            on_cancel: CancelMode::Shift,
        };
        let until = session::generation_end(c, g, today);
        for mut s in session::generate(&plan, c, g, until).sessions {
            take_attendance(&mut s, &members);
            sessions.push(s);
        }
        plans.push(plan);
    }
    for plan in plans {
        p.plans.insert(plan.id.clone(), plan);
    }
    for s in sessions {
        p.sessions.insert(s.id.clone(), s);
    }
}

/// The free sessions of `g`'s meetings before `today`, in date order.
fn free_sessions(
    g: &crate::domain::roster::group::Group,
    today: NaiveDate,
) -> Vec<session::Session> {
    let Some(last) = today.pred_opt() else {
        return Vec::new();
    };
    g.pattern
        .dates(g.start, last, &[])
        .into_iter()
        .filter_map(|(date, m)| session::free_session(g, date, m.start))
        .collect()
}
