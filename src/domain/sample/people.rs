//! The sample's clients (current, planned and discharged, attributes dealt out by quota, with
//! invented names, stays and notes) and the keep-apart pairs among them; steps of
//! [`super::generate`].

use chrono::NaiveDate;

use super::{
    CO, MH, NEUTRAL, NICKNAMES, Names, Person, Rng, SU, SampleParams, Status, plus_days, quota,
    weekday_on_or_after, weekday_on_or_before,
};
use crate::domain::people::client::{AgeBand, Gender, LevelOfCare, SchedulePreference};

/// Every client of the sample, current ones first, with the reason each discharged client left
/// (empty for the others), by the same index.
pub(super) fn clients(
    params: &SampleParams,
    today: NaiveDate,
    history_start: NaiveDate,
    names: &mut Names,
) -> (Vec<Person>, Vec<&'static str>) {
    // Clients. Attributes are dealt out by quota per cohort (current, discharged), so even the
    // small demo has a bit of every track, age band, time of day and level of care.
    let mut rng = Rng::new(params.seed, 3);
    let n_current = params.active_clients + params.planned_admissions;
    let mut people: Vec<Person> = Vec::new();
    let mut discharge_reasons: Vec<&'static str> = Vec::new();
    for (current, n) in [(true, n_current), (false, params.discharged_clients)] {
        let ages = quota(
            &mut rng,
            n,
            &[(AgeBand::Adult, 88), (AgeBand::Adolescent, 12)],
        );
        let tracks = quota(&mut rng, n, &[(SU, 40), (MH, 35), (CO, 25)]);
        let genders = quota(
            &mut rng,
            n,
            &[
                (Gender::Woman, 44),
                (Gender::Man, 42),
                (Gender::NonBinary, 5),
                (Gender::Unspecified, 9),
            ],
        );
        let adults = ages.iter().filter(|a| **a == AgeBand::Adult).count();
        let teens = n - adults;
        let mut adult_schedules = quota(
            &mut rng,
            adults,
            &[
                (SchedulePreference::Day, 45),
                (SchedulePreference::Evening, 22),
                (SchedulePreference::Any, 33),
            ],
        )
        .into_iter();
        let mut adult_levels = quota(
            &mut rng,
            adults,
            &[
                (LevelOfCare::Iop, 78),
                (LevelOfCare::Php, 10),
                (LevelOfCare::Op, 12),
            ],
        )
        .into_iter();
        // Adolescents come after school.
        let mut teen_schedules = quota(
            &mut rng,
            teens,
            &[
                (SchedulePreference::Evening, 60),
                (SchedulePreference::Any, 40),
            ],
        )
        .into_iter();
        let mut teen_levels = quota(
            &mut rng,
            teens,
            &[(LevelOfCare::Iop, 85), (LevelOfCare::Op, 15)],
        )
        .into_iter();
        for (i, ((age, track), gender)) in ages.into_iter().zip(tracks).zip(genders).enumerate() {
            let (schedule, level) = match age {
                AgeBand::Adult => (adult_schedules.next(), adult_levels.next()),
                AgeBand::Adolescent => (teen_schedules.next(), teen_levels.next()),
            };
            let level = level.unwrap_or(LevelOfCare::Iop);
            // Partial hospitalisation is a daytime programme.
            let schedule = match schedule.unwrap_or_default() {
                SchedulePreference::Evening if level == LevelOfCare::Php => SchedulePreference::Day,
                other => other,
            };
            let (full_name, first) = names.full_name(&mut rng, gender);
            let preferred_name = match NICKNAMES.iter().find(|(name, _)| *name == first) {
                Some((_, short)) if rng.chance(60) => short.to_string(),
                _ if rng.chance(5) => rng.pick(&NEUTRAL).to_string(),
                _ => String::new(),
            };
            let pronouns = match gender {
                Gender::Woman if rng.chance(65) => "she/her",
                Gender::Man if rng.chance(65) => "he/him",
                Gender::NonBinary if rng.chance(90) => "they/them",
                _ => "",
            };
            // Expected stays of 8 to 16 weeks.
            let stay = 7 * rng.between(8, 16);
            let mut notes = String::new();
            let mut reason = "";
            let (status, admission, last_day) = if current && i < params.active_clients {
                let placed = i >= params.unassigned_active;
                let longest = if params.history_weeks > 0 {
                    (stay - 1).min(7 * i64::from(params.history_weeks) - 1)
                } else {
                    stay - 1
                };
                let elapsed = if placed {
                    rng.between(0, longest)
                } else {
                    // Admitted in the last ten days and still waiting for a place.
                    notes = "Admitted; waiting for a group place.".into();
                    rng.between(0, 9)
                };
                let admission = weekday_on_or_before(plus_days(today, -elapsed));
                let last = plus_days(admission, stay - 1).max(today);
                (
                    Status::Active { placed },
                    admission,
                    weekday_on_or_after(last),
                )
            } else if current {
                notes = "Planned admission; intake assessment done.".into();
                let admission = weekday_on_or_after(plus_days(today, rng.between(1, 14)));
                (
                    Status::Planned,
                    admission,
                    weekday_on_or_after(plus_days(admission, stay - 1)),
                )
            } else {
                let early = rng.chance(15);
                let days = if early {
                    rng.between(21, stay - 7)
                } else {
                    stay - rng.between(0, 4)
                };
                let latest = plus_days(today, -days - 1);
                let first = history_start.min(latest);
                let span = (latest - first).num_days();
                let admission = weekday_on_or_before(plus_days(first, rng.between(0, span)));
                reason = if early {
                    rng.pick(&[
                        "Discharged early: moved out of the area",
                        "Discharged early: stepped down to outpatient care",
                        "Left the programme before completing it",
                    ])
                } else {
                    "Completed the programme"
                };
                notes = format!("{reason}.");
                let last = weekday_on_or_before(plus_days(admission, days - 1));
                (Status::Discharged, admission, last.max(admission))
            };
            if notes.is_empty() {
                notes = match schedule {
                    SchedulePreference::Evening if rng.chance(30) => {
                        "Works daytime hours; evening groups only.".into()
                    }
                    SchedulePreference::Day if rng.chance(20) => {
                        "Evening childcare is difficult; daytime groups preferred.".into()
                    }
                    _ => String::new(),
                };
            }
            discharge_reasons.push(reason);
            people.push(Person {
                full_name,
                preferred_name,
                pronouns: pronouns.into(),
                track,
                age,
                gender,
                schedule,
                level,
                admission,
                last_day,
                status,
                notes,
            });
        }
    }
    (people, discharge_reasons)
}

/// Keep-apart pairs among the current clients of `people` (by index, lower first), and each
/// person's partners in them.
pub(super) fn keep_apart_pairs(
    params: &SampleParams,
    people: &[Person],
) -> (Vec<(usize, usize)>, Vec<Vec<usize>>) {
    // Keep-apart pairs among current clients: some with a client still to be placed (so
    // auto-assign has to respect them), the rest between people on the same track.
    let mut rng = Rng::new(params.seed, 4);
    let current: Vec<usize> = (0..people.len())
        .filter(|&i| {
            people
                .get(i)
                .is_some_and(|p| p.status != Status::Discharged)
        })
        .collect();
    let placed = |i: usize| {
        people
            .get(i)
            .is_some_and(|p| p.status == Status::Active { placed: true })
    };
    let tier_ok = |tier: usize, a: usize, b: usize| -> bool {
        let (Some(x), Some(y)) = (people.get(a), people.get(b)) else {
            return false;
        };
        let alike = x.track == y.track && x.age == y.age;
        match tier {
            0 => alike && placed(a) != placed(b),
            1 => {
                use SchedulePreference::{Day, Evening};
                alike
                    && placed(a)
                    && placed(b)
                    && matches!((x.schedule, y.schedule), (Day, Evening) | (Evening, Day))
            }
            2 => alike,
            _ => true,
        }
    };
    let mut paired = vec![false; people.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for k in 0..params.keep_apart_pairs {
        let mut found = None;
        'tiers: for tier in (k % 3)..4 {
            for _ in 0..400 {
                let a = current.get(rng.below(current.len())).copied().unwrap_or(0);
                let b = current.get(rng.below(current.len())).copied().unwrap_or(0);
                let taken = |i: usize| paired.get(i).copied().unwrap_or(true);
                if a != b && !taken(a) && !taken(b) && tier_ok(tier, a, b) {
                    found = Some((a.min(b), a.max(b)));
                    break 'tiers;
                }
            }
        }
        if let Some((a, b)) = found {
            for i in [a, b] {
                if let Some(p) = paired.get_mut(i) {
                    *p = true;
                }
            }
            pairs.push((a, b));
        }
    }
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); people.len()];
    for &(a, b) in &pairs {
        if let Some(list) = partners.get_mut(a) {
            list.push(b);
        }
        if let Some(list) = partners.get_mut(b) {
            list.push(a);
        }
    }
    (pairs, partners)
}
