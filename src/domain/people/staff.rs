//! Staff (facilitators, clinicians) and rooms: records and validation (groundwork for rosters).

use crate::domain::errors::FieldErrors;
use crate::domain::text::{self, Check, Rule};
use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// Schema version of stored staff and room records.
pub const STAFF_SCHEMA: u32 = 1;

/// A window of availability in the week, e.g. Monday 08:30-17:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    pub weekday: Weekday,
    #[serde(with = "crate::domain::dates::clock_time")]
    pub from: NaiveTime,
    #[serde(with = "crate::domain::dates::clock_time")]
    pub until: NaiveTime,
}

/// A staff member who can lead or co-facilitate groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub id: String,
    pub schema: u32,
    pub name: String,
    /// e.g. "LCSW", "LPC, CADC".
    #[serde(default)]
    pub credentials: String,
    /// e.g. "Group facilitator", "Family therapist".
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub availability: Vec<Availability>,
    #[serde(default)]
    pub archived: bool,
}

/// Where a group meets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    InPerson,
    Telehealth { link: String },
}

/// A room or telehealth space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub id: String,
    pub schema: u32,
    pub name: String,
    pub capacity: u32,
    pub location: Location,
    #[serde(default)]
    pub archived: bool,
}

/// Check a staff member as typed in a form; `Err` lists every problem in plain words.
pub fn validate_staff(staff: &Staff) -> Result<(), FieldErrors> {
    check_staff(staff, Check::Typed)
}

/// [`validate_staff`], as strict as `check` says (stored records: lengths only).
pub(crate) fn check_staff(staff: &Staff, check: Check) -> Result<(), FieldErrors> {
    let mut problems = FieldErrors::default();
    check_name(&staff.name, "the staff member's name", check, &mut problems);
    if let Some(p) = Rule::short("Credentials")
        .plural()
        .problem(&staff.credentials, check)
    {
        problems.push("credentials", p);
    }
    if let Some(p) = staff
        .roles
        .iter()
        .find_map(|r| Rule::short("A role").problem(r, check))
    {
        problems.push("roles", p);
    }
    for a in &staff.availability {
        if a.until <= a.from {
            problems.push(
                "availability",
                format!(
                    "Availability on {:?} must end after it starts ({}-{}).",
                    a.weekday,
                    crate::domain::dates::clock(a.from),
                    crate::domain::dates::clock(a.until)
                ),
            );
        }
    }
    problems.into_result()
}

/// Check a room as typed in a form; `Err` lists every problem in plain words.
pub fn validate_room(room: &Room) -> Result<(), FieldErrors> {
    check_room(room, Check::Typed)
}

/// [`validate_room`], as strict as `check` says (stored records: lengths only).
pub(crate) fn check_room(room: &Room, check: Check) -> Result<(), FieldErrors> {
    let mut problems = FieldErrors::default();
    check_name(&room.name, "a room name", check, &mut problems);
    if room.capacity == 0 || room.capacity > 200 {
        problems.push("capacity", "Capacity must be between 1 and 200 people.");
    }
    if let Location::Telehealth { link } = &room.location {
        if let Some(p) = Rule::link("Meeting link").problem(link, check) {
            problems.push("link", p);
        } else if !(link.starts_with("https://") && link.len() > "https://".len()) {
            problems.push(
                "link",
                "A telehealth room needs its meeting link, starting with https://.",
            );
        }
    }
    problems.into_result()
}

fn check_name(name: &str, what: &str, check: Check, problems: &mut FieldErrors) {
    if text::is_missing(name, check) {
        problems.push("name", format!("Enter {what}."));
    } else if let Some(p) = Rule::name("Name").problem(name.trim(), check) {
        problems.push("name", p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn staff() -> Staff {
        Staff {
            id: "s1".into(),
            schema: STAFF_SCHEMA,
            name: "Dana Fictional".into(),
            credentials: "LCSW".into(),
            roles: vec!["Group facilitator".into()],
            availability: vec![Availability {
                weekday: Weekday::Mon,
                from: t(8, 30),
                until: t(17, 0),
            }],
            archived: false,
        }
    }

    fn room() -> Room {
        Room {
            id: "r1".into(),
            schema: STAFF_SCHEMA,
            name: "Room A".into(),
            capacity: 12,
            location: Location::InPerson,
            archived: false,
        }
    }

    #[test]
    fn staff_rules() {
        assert!(validate_staff(&staff()).is_ok());
        let mut s = staff();
        s.name = " ".into();
        s.availability[0].until = t(8, 0);
        let problems = validate_staff(&s).unwrap_err().messages();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("name"));
        assert!(problems[1].contains("end after it starts (08:30-08:00)"));
    }

    #[test]
    fn room_rules() {
        assert!(validate_room(&room()).is_ok());
        for (change, expected) in [
            (
                Room {
                    capacity: 0,
                    ..room()
                },
                "between 1 and 200",
            ),
            (
                Room {
                    name: "x".repeat(201),
                    ..room()
                },
                "Name is too long: 201 characters; at most 200.",
            ),
            (
                Room {
                    location: Location::Telehealth {
                        link: "zoom".into(),
                    },
                    ..room()
                },
                "https://",
            ),
        ] {
            let problems = validate_room(&change).unwrap_err().messages();
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{problems:?}"
            );
        }
        let tele = Room {
            location: Location::Telehealth {
                link: "https://meet.example/abc".into(),
            },
            ..room()
        };
        assert!(validate_room(&tele).is_ok());
        let json = serde_json::to_value(&tele).unwrap();
        assert_eq!(json["location"]["kind"], "telehealth");
        assert_eq!(serde_json::from_value::<Room>(json).unwrap(), tele);
    }
}
