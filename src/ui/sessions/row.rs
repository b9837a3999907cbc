//! One session as a line in a list (the Dashboard's "Sessions today", the week schedule).

use chrono::{NaiveDate, NaiveTime};

use crate::domain::Programme;
use crate::domain::dates::{clock, end_time};
use crate::domain::sessions::session::Session;

/// What a session line shows; sorts by date, then time, then group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionRow {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub group: String,
    pub id: String,
    /// "09:00-10:30".
    pub time: String,
    pub topic: String,
    pub room: Option<String>,
    pub cancelled: bool,
    /// "cancelled", "attendance not taken" or "5 marked".
    pub status: String,
}

/// What a session without a topic shows: "No topic", or "No curriculum" for a group that has
/// none (its sessions hold a free agenda).
pub fn no_topic(p: &Programme, group: &str) -> &'static str {
    if p.plans.contains_key(group) {
        "No topic"
    } else {
        "No curriculum"
    }
}

impl SessionRow {
    pub fn of(p: &Programme, s: &Session) -> SessionRow {
        let room = p
            .groups
            .get(&s.group)
            .and_then(|g| g.room.as_deref())
            .map(|r| p.room_name(r));
        let status = if s.cancelled {
            "cancelled".to_string()
        } else if s.attendance.is_empty() {
            "attendance not taken".to_string()
        } else {
            format!("{} marked", s.attendance.len())
        };
        SessionRow {
            date: s.date,
            start: s.start,
            group: p.group_name(&s.group),
            id: s.id.clone(),
            time: format!("{}-{}", clock(s.start), clock(end_time(s.start, s.minutes))),
            topic: s
                .topic
                .as_deref()
                .map(|t| p.topic_title(t))
                .unwrap_or_else(|| no_topic(p, &s.group).into()),
            room,
            cancelled: s.cancelled,
            status,
        }
    }
}
