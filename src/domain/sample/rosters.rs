//! The sample's rosters: every client placed in groups over their stay (current clients first,
//! then the history), moves and extra groups added, waiting PHP clients the groups cannot serve
//! recorded as IOP; a step of [`super::generate`].

use chrono::NaiveDate;

use super::{Builder, Built, Occupancy, Person, Rng, SampleParams, Status, plus_days};
use crate::domain::people::client::LevelOfCare;
use crate::domain::settings::Settings;
use crate::domain::sorting;

/// The builder holding `people` and `groups` with every membership placed.
pub(super) fn rosters(
    params: &SampleParams,
    today: NaiveDate,
    earliest: NaiveDate,
    groups: Vec<Built>,
    people: Vec<Person>,
    partners: Vec<Vec<usize>>,
) -> Builder {
    // Memberships: current clients first (today's rosters matter most), then the history.
    let first_day = plus_days(earliest, -14);
    let days = (plus_days(today, 7 * 40) - first_day).num_days().max(1) as usize;
    let mut builder = Builder {
        today,
        settings: Settings::default(),
        occupancy: Occupancy {
            first: first_day,
            days,
            counts: vec![vec![0; days]; groups.len()],
        },
        groups,
        segs: vec![Vec::new(); people.len()],
        partners,
        people,
    };
    let mut order: Vec<usize> = (0..builder.people.len())
        .filter(|&i| {
            builder
                .people
                .get(i)
                .is_some_and(|p| matches!(p.status, Status::Active { placed: true }))
        })
        .collect();
    sorting::sort_by_key(&mut order, |&i| builder.people.get(i).map(|p| p.admission));
    let mut history: Vec<usize> = (0..builder.people.len())
        .filter(|&i| {
            builder
                .people
                .get(i)
                .is_some_and(|p| p.status == Status::Discharged)
        })
        .collect();
    sorting::sort_by_key(&mut history, |&i| {
        builder.people.get(i).map(|p| p.admission)
    });
    order.extend(history);
    let mut rng = Rng::new(params.seed, 5);
    for &person in &order {
        builder.place(person, &mut rng);
    }
    let mut rng = Rng::new(params.seed, 7);
    for &person in &order {
        builder.enrich(person, &mut rng);
    }
    // Clients still to be placed are only recorded as PHP where this programme's groups can
    // add up to a PHP week for them, so auto-assign is not handed an impossible plan.
    for person in 0..builder.people.len() {
        let Some(p) = builder.people.get(person) else {
            continue;
        };
        let waiting = matches!(p.status, Status::Planned | Status::Active { placed: false });
        if waiting
            && p.level == LevelOfCare::Php
            && builder.reachable(p) < builder.target(p).0
            && let Some(p) = builder.people.get_mut(person)
        {
            p.level = LevelOfCare::Iop;
        }
    }
    builder
}
