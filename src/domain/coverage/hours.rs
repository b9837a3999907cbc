//! Attended hours: minutes present against minutes scheduled per week, with the level-of-care
//! warning for complete weeks.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use crate::domain::coverage::index::SessionIndex;
use crate::domain::coverage::states::stays;
use crate::domain::dates::week_start;
use crate::domain::people::client::ClientId;
use crate::domain::programme::Programme;
use crate::domain::sessions::session::{Attendance, Mark};

/// One week of a client's hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekHours {
    /// The Monday of the week.
    pub week: NaiveDate,
    /// Minutes present (late arrivals and early leavers count their recorded minutes).
    pub attended_minutes: u32,
    /// Minutes of held sessions of groups they were a member of on the day.
    pub scheduled_minutes: u32,
    /// Attended hours outside their level of care's range, for complete weeks only.
    pub warning: Option<String>,
}

/// Minutes present at a held session of `minutes` with this attendance: what
/// `Session::minutes_present` says, read from the index.
pub(super) fn minutes_present(attendance: Option<Attendance>, minutes: u16) -> u32 {
    match attendance {
        // Minutes present are recorded for late arrivals and early leavers only.
        Some(a) if matches!(a.mark, Mark::Late | Mark::LeftEarly) => {
            u32::from(a.minutes.unwrap_or(minutes).min(minutes))
        }
        Some(a) if a.mark.present() => u32::from(minutes),
        _ => 0,
    }
}

fn plus_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// Attended against scheduled minutes per week (Monday to Sunday) for every week overlapping
/// `[from, to]` in which the client had a held session during a membership (before their
/// expected discharge). Whole weeks are counted, even where they reach outside the range.
///
/// The hours warning compares attended minutes with the client's level-of-care range only for
/// weeks that are over (Sunday before `today`) and in which they were a member every day: a
/// first week joined mid-week or a last week left mid-week is naturally short, so it is not
/// flagged.
pub fn weekly_hours(
    p: &Programme,
    idx: &SessionIndex,
    client: &ClientId,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Vec<WeekHours> {
    if to < from {
        return Vec::new();
    }
    let record = p.clients.get(client);
    let stays = stays(idx, &client.0, record.and_then(|c| c.expected_discharge));
    let me = idx.client_key(client);
    let first = week_start(from);
    let end = plus_days(week_start(to), 7);
    let mut weeks: BTreeMap<NaiveDate, (u32, u32)> = BTreeMap::new();
    for stay in &stays {
        let lo = stay.from.max(first);
        let hi = stay.until.map_or(end, |u| u.min(end));
        for e in idx.entries_between(stay.group, lo, Some(hi)) {
            if e.cancelled {
                continue;
            }
            let week = weeks.entry(week_start(e.date)).or_default();
            week.0 += minutes_present(idx.attendance(e, me), e.minutes);
            week.1 += u32::from(e.minutes);
        }
    }
    weeks
        .into_iter()
        .map(|(week, (attended, scheduled))| {
            let sunday = plus_days(week, 6);
            let whole_week = (0..7).all(|i| {
                let day = plus_days(week, i);
                stays.iter().any(|s| s.covers(day))
            });
            let warning = record
                .filter(|_| sunday < today && whole_week)
                .and_then(|c| {
                    p.settings
                        .hours_for(c.level_of_care, c.age_band)
                        .check_attended(attended, c.level_of_care.short())
                });
            WeekHours {
                week,
                attended_minutes: attended,
                scheduled_minutes: scheduled,
                warning,
            }
        })
        .collect()
}
