//! The kinds of group the sample generator builds (templates: name, type, track, age and
//! gender, admission, capacity, meeting times, who leads, how clients use them) and the order
//! a programme of any size takes them in.

use super::*;

pub(super) const SU: &str = "substance-use";
pub(super) const MH: &str = "mental-health";
pub(super) const CO: &str = "co-occurring";

pub(super) const MWF: &[Weekday] = &[Mon, Wed, Fri];
pub(super) const TWT: &[Weekday] = &[Tue, Wed, Thu];
pub(super) const MTT: &[Weekday] = &[Mon, Tue, Thu];
pub(super) const MWT: &[Weekday] = &[Mon, Wed, Thu];
pub(super) const MTW: &[Weekday] = &[Mon, Tue, Wed];
pub(super) const MW: &[Weekday] = &[Mon, Wed];
pub(super) const TT: &[Weekday] = &[Tue, Thu];
pub(super) const WEEK: &[Weekday] = &[Mon, Tue, Wed, Thu, Fri];

/// One way a group can meet: the same time on each of `days`.
#[derive(Clone, Copy)]
pub(super) struct Slot {
    pub(super) days: &'static [Weekday],
    pub(super) start: (u32, u32),
    pub(super) minutes: u16,
}

pub(super) const fn slot(days: &'static [Weekday], h: u32, m: u32, minutes: u16) -> Slot {
    Slot {
        days,
        start: (h, m),
        minutes,
    }
}

/// Whether a client is placed in the group to reach their weekly hours (base), or as an
/// add-on (extra) that may also make up the hours.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Usage {
    Base,
    Extra,
}

/// A kind of group the generator knows how to build and fill.
pub(super) struct Template {
    pub(super) name: &'static str,
    pub(super) kind: GroupType,
    pub(super) track: Option<&'static str>,
    /// For groups open to every track (`track: None`): the tracks the generator places there
    /// (empty = all). Relapse prevention, for instance, is offered to substance-use and
    /// co-occurring clients only.
    pub(super) fits: &'static [&'static str],
    pub(super) age: AgeBand,
    pub(super) gender: Option<Gender>,
    pub(super) admission: AdmissionRule,
    pub(super) capacity: (u32, u32),
    /// Alternative meeting times; copies of the template spread over them.
    pub(super) slots: &'static [Slot],
    /// Word looked for in staff roles when choosing a lead.
    pub(super) role: &'static str,
    pub(super) co_facilitator: bool,
    pub(super) telehealth: bool,
    pub(super) usage: Usage,
    /// Percent chance that a client who already has enough hours also joins (extras).
    pub(super) extra_chance: u32,
    /// Runs as a series with a planned last session (every other copy ends a few weeks from
    /// now).
    pub(super) series: bool,
}

pub(super) const TEMPLATES: [Template; 16] = [
    // 0: Matrix early recovery skills: short, frequent, for people new to recovery.
    Template {
        name: "Early Recovery Skills",
        kind: GroupType::Skills,
        track: Some(SU),
        fits: &[],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (4, 12),
        slots: &[
            slot(MWF, 9, 0, 50),
            slot(MWF, 13, 0, 50),
            slot(MWF, 16, 30, 50),
            slot(TWT, 16, 30, 50),
            slot(TWT, 9, 0, 50),
        ],
        role: "Substance use",
        co_facilitator: false,
        telehealth: false,
        usage: Usage::Extra,
        extra_chance: 50,
        series: false,
    },
    // 1: Matrix relapse prevention: twice a week, 90 minutes.
    Template {
        name: "Relapse Prevention",
        kind: GroupType::RelapsePrevention,
        track: None,
        fits: &[SU, CO],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (4, 12),
        slots: &[
            slot(MW, 10, 0, 90),
            slot(TT, 13, 0, 90),
            slot(MW, 16, 30, 90),
            slot(TT, 10, 0, 90),
            slot(TT, 16, 30, 90),
            slot(&[Tue, Fri], 10, 0, 90),
        ],
        role: "Substance use",
        co_facilitator: false,
        telehealth: false,
        usage: Usage::Extra,
        extra_chance: 35,
        series: false,
    },
    // 2
    Template {
        name: "Process Group",
        kind: GroupType::Process,
        track: None,
        fits: &[],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (5, 12),
        slots: &[
            slot(TT, 9, 0, 180),
            slot(MW, 13, 0, 180),
            slot(TT, 13, 0, 180),
            slot(&[Wed, Fri], 9, 0, 180),
            slot(&[Mon, Fri], 13, 0, 180),
        ],
        role: "Group facilitator",
        co_facilitator: false,
        telehealth: false,
        usage: Usage::Base,
        extra_chance: 0,
        series: false,
    },
    // 3
    Template {
        name: "Mood & Anxiety Skills",
        kind: GroupType::Psychoeducation,
        track: Some(MH),
        fits: &[],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (5, 14),
        slots: &[
            slot(MWF, 9, 0, 180),
            slot(TWT, 13, 0, 180),
            slot(MWF, 13, 0, 180),
            slot(TWT, 9, 0, 180),
        ],
        role: "Psychologist",
        co_facilitator: false,
        telehealth: false,
        usage: Usage::Base,
        extra_chance: 0,
        series: false,
    },
    // 4: DBT skills: 24-week cycle in three 8-week modules; new members join at module starts.
    Template {
        name: "DBT Skills",
        kind: GroupType::Skills,
        track: Some(MH),
        fits: &[],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::ModuleBoundaries { every_weeks: 8 },
        capacity: (3, 9),
        slots: &[
            slot(TT, 13, 0, 120),
            slot(MW, 18, 0, 120),
            slot(MW, 13, 0, 120),
            slot(TT, 18, 0, 120),
            slot(TT, 16, 0, 120),
            slot(MW, 16, 0, 120),
        ],
        role: "DBT",
        co_facilitator: true,
        telehealth: false,
        usage: Usage::Extra,
        extra_chance: 50,
        series: false,
    },
    // 5: three evenings of three hours: the IOP for people who work or study.
    Template {
        name: "Evening IOP",
        kind: GroupType::Process,
        track: None,
        fits: &[],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (4, 12),
        slots: &[
            slot(MTT, 18, 0, 180),
            slot(TWT, 18, 0, 180),
            slot(MWT, 18, 0, 180),
            slot(MTW, 18, 0, 180),
        ],
        role: "Group facilitator",
        co_facilitator: false,
        telehealth: true,
        usage: Usage::Base,
        extra_chance: 0,
        series: false,
    },
    // 6: Matrix family education: weekly, 90 minutes, clients with their families.
    Template {
        name: "Family Education",
        kind: GroupType::FamilyEducation,
        track: None,
        fits: &[],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (4, 14),
        slots: &[
            slot(&[Wed], 18, 0, 90),
            slot(&[Tue], 18, 0, 90),
            slot(&[Thu], 18, 0, 90),
            slot(&[Mon], 18, 0, 90),
        ],
        role: "Family",
        co_facilitator: true,
        telehealth: false,
        usage: Usage::Extra,
        extra_chance: 35,
        series: true,
    },
    // 7: after school, so adolescents reach their 6 hours without missing classes.
    Template {
        name: "Teen Skills & Support",
        kind: GroupType::Skills,
        track: None,
        fits: &[],
        age: AgeBand::Adolescent,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (3, 10),
        slots: &[
            slot(MTT, 16, 0, 120),
            slot(MWT, 16, 0, 120),
            slot(TWT, 16, 0, 120),
        ],
        role: "Adolescent",
        co_facilitator: false,
        telehealth: false,
        usage: Usage::Base,
        extra_chance: 0,
        series: false,
    },
    // 8
    Template {
        name: "Recovery Foundations",
        kind: GroupType::Psychoeducation,
        track: Some(SU),
        fits: &[],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (5, 14),
        slots: &[
            slot(MWF, 13, 0, 180),
            slot(TWT, 9, 0, 180),
            slot(MWF, 9, 0, 180),
            slot(TWT, 13, 0, 180),
        ],
        role: "Substance use",
        co_facilitator: false,
        telehealth: false,
        usage: Usage::Base,
        extra_chance: 0,
        series: false,
    },
    // 9
    Template {
        name: "Integrated Recovery",
        kind: GroupType::Skills,
        track: Some(CO),
        fits: &[],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (5, 12),
        slots: &[
            slot(TWT, 13, 0, 180),
            slot(MWF, 9, 0, 180),
            slot(MWF, 13, 0, 180),
            slot(TWT, 9, 0, 180),
        ],
        role: "Group facilitator",
        co_facilitator: false,
        telehealth: false,
        usage: Usage::Base,
        extra_chance: 0,
        series: false,
    },
    // 10: 4 hours every weekday = the 20 hours of partial hospitalisation.
    Template {
        name: "Day Treatment (PHP)",
        kind: GroupType::Other,
        track: None,
        fits: &[],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (5, 14),
        slots: &[slot(WEEK, 9, 0, 240), slot(WEEK, 12, 30, 240)],
        role: "Psychologist",
        co_facilitator: false,
        telehealth: false,
        usage: Usage::Base,
        extra_chance: 0,
        series: false,
    },
    // 11
    Template {
        name: "Women's Recovery Group",
        kind: GroupType::Process,
        track: None,
        fits: &[SU, CO],
        age: AgeBand::Adult,
        gender: Some(Gender::Woman),
        admission: AdmissionRule::Open,
        capacity: (4, 10),
        slots: &[
            slot(&[Fri], 13, 0, 120),
            slot(&[Wed], 18, 0, 120),
            slot(&[Tue], 16, 0, 120),
            slot(&[Mon], 13, 0, 120),
            slot(&[Thu], 16, 0, 120),
        ],
        role: "Group facilitator",
        co_facilitator: false,
        telehealth: false,
        usage: Usage::Extra,
        extra_chance: 45,
        series: true,
    },
    // 12: Matrix social support, for people further into recovery.
    Template {
        name: "Social Support Group",
        kind: GroupType::Process,
        track: None,
        fits: &[SU, CO],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (4, 12),
        slots: &[
            slot(&[Fri], 13, 0, 90),
            slot(&[Wed], 18, 0, 90),
            slot(&[Fri], 16, 0, 90),
            slot(&[Mon], 16, 30, 90),
            slot(&[Thu], 13, 0, 90),
        ],
        role: "Substance use",
        co_facilitator: false,
        telehealth: false,
        usage: Usage::Extra,
        extra_chance: 30,
        series: true,
    },
    // 13
    Template {
        name: "Mindfulness & Coping",
        kind: GroupType::Skills,
        track: Some(MH),
        fits: &[],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (4, 12),
        slots: &[
            slot(TT, 13, 0, 120),
            slot(MW, 16, 0, 120),
            slot(MW, 13, 0, 120),
            slot(TT, 16, 0, 120),
            slot(&[Tue, Fri], 13, 0, 120),
        ],
        role: "DBT",
        co_facilitator: false,
        telehealth: false,
        usage: Usage::Extra,
        extra_chance: 40,
        series: false,
    },
    // 14
    Template {
        name: "Teen & Family Night",
        kind: GroupType::MultiFamily,
        track: None,
        fits: &[],
        age: AgeBand::Adolescent,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (4, 14),
        slots: &[
            slot(&[Wed], 18, 0, 90),
            slot(&[Fri], 16, 30, 90),
            slot(&[Tue], 18, 0, 90),
            slot(&[Thu], 18, 0, 90),
        ],
        role: "Family",
        co_facilitator: true,
        telehealth: false,
        usage: Usage::Extra,
        extra_chance: 50,
        series: true,
    },
    // 15: sleep, food, exercise: short psychoeducation open to everyone.
    Template {
        name: "Healthy Living",
        kind: GroupType::Psychoeducation,
        track: None,
        fits: &[],
        age: AgeBand::Adult,
        gender: None,
        admission: AdmissionRule::Open,
        capacity: (5, 16),
        slots: &[
            slot(&[Fri], 10, 0, 90),
            slot(&[Fri], 13, 0, 90),
            slot(&[Wed], 16, 30, 90),
            slot(&[Mon], 16, 0, 90),
            slot(&[Tue], 13, 0, 90),
        ],
        role: "Group facilitator",
        co_facilitator: false,
        telehealth: false,
        usage: Usage::Extra,
        extra_chance: 30,
        series: true,
    },
];

/// Templates beyond the first eight (which make the demo), with how many copies a 50-group
/// programme gets: weighted by where the seats are needed (evening IOP and the three day
/// "core" groups carry most clients' hours).
pub(super) const MORE_GROUPS: [(usize, usize); 16] = [
    (5, 4),
    (3, 3),
    (8, 5),
    (9, 3),
    (2, 4),
    (7, 3),
    (0, 2),
    (1, 3),
    (10, 1),
    (4, 3),
    (14, 1),
    (6, 2),
    (11, 2),
    (12, 2),
    (13, 2),
    (15, 2),
];

/// Template index for each of `n` groups: the demo eight first, then `MORE_GROUPS`
/// interleaved round-robin (repeating for even larger programmes).
pub(super) fn template_order(n: usize) -> Vec<usize> {
    let mut extra = Vec::new();
    let mut left: Vec<(usize, usize)> = MORE_GROUPS.to_vec();
    while left.iter().any(|(_, count)| *count > 0) {
        for (template, count) in left.iter_mut() {
            if *count > 0 {
                extra.push(*template);
                *count -= 1;
            }
        }
    }
    (0..8)
        .chain(extra.iter().copied().cycle())
        .take(n)
        .collect()
}
