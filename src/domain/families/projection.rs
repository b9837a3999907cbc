//! The family projection: what one family member may see, and nothing else.
//!
//! For each client they support, every kind of information goes through [`may_see`] on the
//! date it is about: their family sessions (times and place), and, when the consent's scope
//! allows, the client's own group days and times, with topic titles only if those are in scope
//! too. Titles are neutral ("Family session, Riverside IOP"): no group names, no other client,
//! no notes, no keep-apart reasons. The family's page, and later its share link, calendar file
//! and print, are all built from this one projection.

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::consent::{ShareScope, may_see};
use super::session::Place;
use crate::domain::dates;
use crate::domain::programme::Programme;
use crate::domain::sessions::calendar::{CalendarEntry, EntryKind, meetings_of};

/// The notice every disclosure under 42 CFR part 2 carries (2.32).
pub const PART2_NOTICE: &str =
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";

/// What one item of the family's schedule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    FamilySession,
    FamilyEducation,
    ClientGroup,
}

/// One dated item the family member may see.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FamilyItem {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub kind: ItemKind,
    /// Neutral: "Family session, Riverside IOP", "Ana's group session", or with a topic title
    /// when that is in scope.
    pub title: String,
    /// A room's name, or "Online" (with `link`).
    pub place: String,
    pub link: Option<String>,
}

/// The family member's schedule for a date range, or why nothing can be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyView {
    pub member: String,
    /// The language of its texts (from the member's preferred language; see
    /// [`crate::domain::i18n`]).
    pub lang: &'static str,
    pub programme: String,
    pub items: Vec<FamilyItem>,
    /// For staff only, never in what the family gets: one sentence per client whose
    /// information cannot be shown at all in the range, e.g. "The consent naming Maria Lopez
    /// was revoked on 1 Dec 2026." (It may name a client who consented to nothing.)
    pub withheld: Vec<String>,
}

/// What `member` may see from `from` to `to` (inclusive). `None` when there is no such person.
pub fn family_view(
    p: &Programme,
    member: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<FamilyView> {
    let m = p.family_members.get(member)?;
    let words = crate::domain::i18n::for_language(&m.language);
    let fill = crate::domain::i18n::fill;
    let programme = if p.settings.programme_name.trim().is_empty() {
        words.your_programme.to_string()
    } else {
        p.settings.programme_name.clone()
    };
    let mut view = FamilyView {
        member: m.name.clone(),
        lang: words.code,
        programme: programme.clone(),
        items: Vec::new(),
        withheld: Vec::new(),
    };
    for support in &m.supports {
        let client = &support.client;
        let allowed =
            |scope: ShareScope, date: NaiveDate| may_see(p, member, client, scope, date).is_ok();
        let before = view.items.len();
        // Family sessions with this person in them.
        for s in p
            .family_sessions
            .values()
            .filter(|s| &s.client == client && s.family.iter().any(|f| f == member))
        {
            for o in s.occurrences(from, to) {
                if !allowed(ShareScope::FamilySessions, o.date) {
                    continue;
                }
                let (place, link) = match &s.place {
                    Place::Room { room } => match p.rooms.get(room) {
                        Some(r) => match &r.location {
                            crate::domain::Location::InPerson => (r.name.clone(), None),
                            crate::domain::Location::Telehealth { link } => {
                                (words.online.to_string(), Some(link.clone()))
                            }
                        },
                        None => (words.to_be_confirmed.to_string(), None),
                    },
                    Place::Telehealth { link } => (words.online.to_string(), Some(link.clone())),
                };
                view.items.push(FamilyItem {
                    date: o.date,
                    start: o.start,
                    end: o.end(),
                    kind: ItemKind::FamilySession,
                    title: fill(words.family_session, &[("programme", &programme)]),
                    place,
                    link,
                });
            }
        }
        // The client's own group days and times, when the consent covers them.
        let first_name = p
            .clients
            .get(client)
            .map(|c| {
                c.display_name()
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .unwrap_or_default();
        let mine: Vec<_> = p
            .memberships
            .values()
            .filter(|ms| &ms.client == client)
            .collect();
        let mut groups: Vec<&str> = mine.iter().map(|ms| ms.group.as_str()).collect();
        groups.sort_unstable();
        groups.dedup();
        let who = if first_name.is_empty() {
            words.group_session.to_string()
        } else {
            fill(words.client_group, &[("first", &first_name)])
        };
        for group in groups {
            for meeting in meetings_of(p, group, from, to) {
                let day = meeting.date;
                let member = mine.iter().any(|ms| ms.group == group && ms.active_on(day));
                if meeting.cancelled || !member || !allowed(ShareScope::ClientGroupTimes, day) {
                    continue;
                }
                let topic =
                    topic_title(p, &meeting).filter(|_| allowed(ShareScope::TopicTitles, day));
                view.items.push(FamilyItem {
                    date: day,
                    start: meeting.start,
                    end: meeting.end,
                    kind: ItemKind::ClientGroup,
                    title: match topic {
                        Some(t) => fill(words.with_topic, &[("who", &who), ("topic", &t)]),
                        None => who.clone(),
                    },
                    place: programme.clone(),
                    link: None,
                });
            }
        }
        if view.items.len() == before
            && let Err(why) = may_see(p, member, client, ShareScope::FamilySessions, from)
        {
            view.withheld.push(why);
        }
    }
    // Their own family-education and multi-family groups: the dates are shown when a consent
    // of a client they support covers family-education dates, and topic titles when one
    // covers those too.
    let allowed = |scope: ShareScope, date: NaiveDate| {
        m.supports
            .iter()
            .any(|s| may_see(p, member, &s.client, scope, date).is_ok())
    };
    let mut groups: Vec<&str> = m.groups.iter().map(|g| g.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    for group in groups {
        let place = p
            .groups
            .get(group)
            .and_then(|g| g.room.as_ref())
            .and_then(|r| p.rooms.get(r))
            .map_or_else(|| programme.clone(), |r| format!("{}, {programme}", r.name));
        for meeting in meetings_of(p, group, from, to) {
            let day = meeting.date;
            let member_then = m.in_group_on(group, day);
            if meeting.cancelled || !member_then || !allowed(ShareScope::FamilyEducation, day) {
                continue;
            }
            let title =
                match topic_title(p, &meeting).filter(|_| allowed(ShareScope::TopicTitles, day)) {
                    Some(t) => fill(words.family_education_topic, &[("topic", &t)]),
                    None => fill(words.family_education, &[("programme", &programme)]),
                };
            view.items.push(FamilyItem {
                date: day,
                start: meeting.start,
                end: meeting.end,
                kind: ItemKind::FamilyEducation,
                title,
                place: place.clone(),
                link: None,
            });
        }
    }
    view.items.sort();
    view.items.dedup();
    Some(view)
}

/// The title of the topic a group meeting delivers, if its session names one.
fn topic_title(p: &Programme, meeting: &CalendarEntry) -> Option<String> {
    match &meeting.kind {
        EntryKind::Group { topic: Some(t), .. } => p.topics.get(t).map(|t| t.title.clone()),
        _ => None,
    }
}

/// "Tue 8 Dec 2026, 17:30-18:30" in the language `lang` ("mar 8 dic 2026, 17:30-18:30").
pub fn when_in(item: &FamilyItem, lang: &str) -> String {
    format!(
        "{}, {}-{}",
        crate::domain::i18n::by_code(lang).date(item.date),
        dates::clock(item.start),
        dates::clock(item.end)
    )
}

/// "Tue 8 Dec 2026, 17:30-18:30".
pub fn when(item: &FamilyItem) -> String {
    format!(
        "{} {}, {}-{}",
        crate::domain::dates::short_day(item.date.weekday()),
        dates::human_date(item.date),
        dates::clock(item.start),
        dates::clock(item.end)
    )
}
