//! The sample's groups: templates placed at meeting times with a lead and a room so that nobody
//! and no room is booked twice, holidays cancelled, co-facilitators added last; a step of
//! [`super::generate`].

use chrono::{Datelike, NaiveDate, Weekday};

use super::{
    Built, Rng, SampleParams, TEMPLATES, Template, covers, free, holidays, plus_days, schedule,
    template_minutes, template_order,
};
use crate::domain::dates::week_start;
use crate::domain::people::staff::{Room, Staff};
use crate::domain::roster::group::{GROUP_SCHEMA, Group, Meeting, MeetingPattern};
use crate::domain::sorting;

/// Every group of the sample, built, with its lead, co-facilitator and room among `staff` and
/// `rooms`. `earliest` is the day the history reaches back to (at least 17 weeks).
pub(super) fn groups(
    params: &SampleParams,
    today: NaiveDate,
    history_start: NaiveDate,
    earliest: NaiveDate,
    rooms: &[Room],
    staff: &[Staff],
    id: &dyn Fn(&str, usize) -> String,
) -> Vec<Built> {
    // Groups: meeting times, lead, co-facilitator and room chosen so that nobody and no room
    // is booked twice at the same time (all groups run side by side for the whole history).
    let mut rng = Rng::new(params.seed, 2);
    let mut copies = [0usize; TEMPLATES.len()];
    let mut planned: Vec<(usize, &Template, usize)> = Vec::new();
    for (gi, t) in template_order(params.groups).into_iter().enumerate() {
        let Some(template) = TEMPLATES.get(t) else {
            continue;
        };
        let copy = copies.get(t).copied().unwrap_or(0);
        if let Some(c) = copies.get_mut(t) {
            *c += 1;
        }
        planned.push((gi, template, copy));
    }
    // Longest groups are fitted first: short ones slot into the gaps that remain. A few
    // reshuffled attempts, keeping the one that leaves the fewest groups without a lead or
    // a room.
    sorting::sort_by_key(&mut planned, |(gi, template, _)| {
        (std::cmp::Reverse(template_minutes(template)), *gi)
    });
    let mut best = schedule(&planned, rooms, staff, &mut Rng::new(params.seed, 8), false);
    for attempt in 0..12 {
        if best.1 == 0 {
            break;
        }
        let mut rng = Rng::new(params.seed, 9 + attempt);
        let tried = schedule(&planned, rooms, staff, &mut rng, true);
        if tried.1 < best.1 {
            best = tried;
        }
    }
    let (placements, _) = best;
    let mut staff_busy: Vec<Vec<Meeting>> = vec![Vec::new(); staff.len()];
    let mut groups: Vec<Built> = Vec::new();
    for (gi, template, copy, meetings, room, lead) in placements {
        let name = if copy == 0 {
            template.name.to_string()
        } else {
            format!("{} {}", template.name, copy + 1)
        };
        if let Some(b) = lead.and_then(|s| staff_busy.get_mut(s)) {
            b.extend(meetings.iter().copied());
        }
        // Groups began well before the history; some series finish a few weeks from now.
        let start = plus_days(week_start(earliest), -7 * rng.between(2, 30));
        let end = (template.series && copy % 2 == 0)
            .then(|| plus_days(week_start(today), 7 * rng.between(6, 14) - 1));
        // Holidays on meeting days, from the start of the history to half a year ahead.
        let weekdays: Vec<Weekday> = meetings.iter().map(|m| m.weekday).collect();
        let last_listed = plus_days(today, 7 * 26);
        let mut cancelled: Vec<NaiveDate> = (history_start.year() - 1..=last_listed.year())
            .flat_map(holidays)
            .filter(|d| {
                weekdays.contains(&d.weekday())
                    && *d >= start.max(history_start)
                    && *d <= end.unwrap_or(last_listed).min(last_listed)
            })
            .collect();
        sorting::sort(&mut cancelled);
        cancelled.dedup();
        let pattern = MeetingPattern { meetings };
        let group = Group {
            id: id("group", gi + 1),
            schema: GROUP_SCHEMA,
            name,
            kind: template.kind,
            track: template.track.map(String::from),
            age_band: template.age,
            gender: template.gender,
            admission: template.admission,
            capacity_min: template.capacity.0,
            capacity_max: template.capacity.1,
            start,
            end,
            lead: lead.and_then(|s| staff.get(s)).map(|s| s.id.clone()),
            co_facilitators: Vec::new(),
            room: room.and_then(|r| rooms.get(r)).map(|r| r.id.clone()),
            cancelled,
            archived: false,
            pattern,
        };
        groups.push(Built {
            minutes: group.pattern.weekly_minutes(),
            evening: group.pattern.is_evening(),
            group,
            template,
        });
    }

    // Co-facilitators last, so they only take time that no group needs for its lead.
    for built in groups.iter_mut() {
        if !built.template.co_facilitator {
            continue;
        }
        let meetings = &built.group.pattern.meetings;
        let co = (0..staff.len())
            .filter(|&s| {
                let busy = staff_busy.get(s).map_or(&[][..], |b| b.as_slice());
                staff.get(s).is_some_and(|st| {
                    Some(&st.id) != built.group.lead.as_ref()
                        && covers(&st.availability, meetings)
                        && free(busy, meetings)
                })
            })
            .min_by_key(|&s| {
                let role = staff
                    .get(s)
                    .is_some_and(|st| st.roles.iter().any(|r| r.contains(built.template.role)));
                let load: u32 = staff_busy
                    .get(s)
                    .map_or(0, |b| b.iter().map(|m| u32::from(m.minutes)).sum());
                (!role, load, s)
            });
        if let Some(s) = co {
            if let Some(b) = staff_busy.get_mut(s) {
                b.extend(meetings.iter().copied());
            }
            if let Some(st) = staff.get(s) {
                built.group.co_facilitators.push(st.id.clone());
            }
        }
    }
    groups
}
