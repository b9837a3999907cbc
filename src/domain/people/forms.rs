//! Form drafts for staff and rooms (with a staff member's availability rows): every field as
//! typed, and the function per kind that turns a draft into a valid record or says, per field,
//! what is wrong.

use crate::domain::dates::{clock, parse_clock, weekday_code, weekday_from_code};
use crate::domain::errors::FieldErrors;
use crate::domain::people::staff::{
    Availability, Location, Room, STAFF_SCHEMA, Staff, validate_room, validate_staff,
};

/// One availability row as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailabilityDraft {
    pub weekday: String,
    pub from: String,
    pub until: String,
}

impl Default for AvailabilityDraft {
    fn default() -> Self {
        AvailabilityDraft {
            weekday: "mon".into(),
            from: "08:30".into(),
            until: "17:00".into(),
        }
    }
}

/// The staff form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StaffDraft {
    pub name: String,
    pub credentials: String,
    /// Comma-separated.
    pub roles: String,
    pub availability: Vec<AvailabilityDraft>,
}

impl StaffDraft {
    pub fn from_staff(s: &Staff) -> StaffDraft {
        StaffDraft {
            name: s.name.clone(),
            credentials: s.credentials.clone(),
            roles: s.roles.join(", "),
            availability: s
                .availability
                .iter()
                .map(|a| AvailabilityDraft {
                    weekday: weekday_code(a.weekday).into(),
                    from: clock(a.from),
                    until: clock(a.until),
                })
                .collect(),
        }
    }

    /// Build the staff record, keeping `existing`'s archive state.
    pub fn to_staff(&self, id: String, existing: Option<&Staff>) -> Result<Staff, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut availability = Vec::new();
        for a in &self.availability {
            match (
                weekday_from_code(&a.weekday),
                parse_clock(&a.from),
                parse_clock(&a.until),
            ) {
                (Some(weekday), Some(from), Some(until)) => availability.push(Availability {
                    weekday,
                    from,
                    until,
                }),
                _ => e.push_once(
                    "availability",
                    "Enter a day, a start time and an end time for each window.",
                ),
            }
        }
        let staff = Staff {
            id,
            schema: STAFF_SCHEMA,
            name: self.name.trim().to_string(),
            credentials: self.credentials.trim().to_string(),
            roles: self
                .roles
                .split(',')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect(),
            availability,
            archived: existing.is_some_and(|s| s.archived),
        };
        if let Err(problems) = validate_staff(&staff) {
            for (field, problem) in problems.0 {
                e.push_once(field, problem);
            }
        }
        if e.is_empty() { Ok(staff) } else { Err(e) }
    }
}

/// The room form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoomDraft {
    pub name: String,
    pub capacity: String,
    pub telehealth: bool,
    pub link: String,
}

impl RoomDraft {
    pub fn blank() -> RoomDraft {
        RoomDraft {
            capacity: "12".into(),
            ..RoomDraft::default()
        }
    }

    pub fn from_room(r: &Room) -> RoomDraft {
        let (telehealth, link) = match &r.location {
            Location::InPerson => (false, String::new()),
            Location::Telehealth { link } => (true, link.clone()),
        };
        RoomDraft {
            name: r.name.clone(),
            capacity: r.capacity.to_string(),
            telehealth,
            link,
        }
    }

    /// Build the room record, keeping `existing`'s archive state.
    pub fn to_room(&self, id: String, existing: Option<&Room>) -> Result<Room, FieldErrors> {
        let mut e = FieldErrors::default();
        let capacity = match self.capacity.trim().parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                e.push_once(
                    "capacity",
                    "Enter the capacity as a whole number of people.",
                );
                0
            }
        };
        let room = Room {
            id,
            schema: STAFF_SCHEMA,
            name: self.name.trim().to_string(),
            capacity,
            location: if self.telehealth {
                Location::Telehealth {
                    link: self.link.trim().to_string(),
                }
            } else {
                Location::InPerson
            },
            archived: existing.is_some_and(|r| r.archived),
        };
        if let Err(problems) = validate_room(&room) {
            for (field, problem) in problems.0 {
                e.push_once(field, problem);
            }
        }
        if e.is_empty() { Ok(room) } else { Err(e) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_and_room_drafts_validate() {
        let s = StaffDraft {
            name: " Dana ".into(),
            roles: "Group facilitator, , Family therapist".into(),
            availability: vec![AvailabilityDraft {
                from: "17:00".into(),
                until: "09:00".into(),
                ..AvailabilityDraft::default()
            }],
            ..StaffDraft::default()
        };
        assert!(
            s.to_staff("s".into(), None)
                .unwrap_err()
                .get("availability")
                .is_some()
        );
        let ok = StaffDraft {
            availability: vec![AvailabilityDraft::default()],
            ..s
        }
        .to_staff("s".into(), None)
        .unwrap();
        assert_eq!(ok.roles, ["Group facilitator", "Family therapist"]);
        assert_eq!(ok.name, "Dana");

        let room = RoomDraft {
            name: "Zoom".into(),
            telehealth: true,
            link: "zoom".into(),
            ..RoomDraft::blank()
        };
        assert!(
            room.to_room("r".into(), None)
                .unwrap_err()
                .get("link")
                .is_some()
        );
        let e = RoomDraft {
            capacity: "many".into(),
            ..RoomDraft::blank()
        }
        .to_room("r".into(), None)
        .unwrap_err();
        assert!(e.get("capacity").is_some() && e.get("name").is_some());
    }
}
