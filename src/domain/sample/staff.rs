//! The sample's rooms (some on telehealth) and staff (credentials, roles and weekly
//! availability from the staff profiles), the first steps of [`super::generate`].

use super::{Names, ROOMS, Rng, STAFF_PROFILES, SampleParams, time};
use crate::domain::people::client::Gender;
use crate::domain::people::staff::{Availability, Location, Room, STAFF_SCHEMA, Staff};

/// The rooms: the named rooms in order, numbered copies past the list.
pub(super) fn rooms(params: &SampleParams, id: &dyn Fn(&str, usize) -> String) -> Vec<Room> {
    (0..params.rooms)
        .map(|i| {
            let (name, capacity, telehealth) = ROOMS[i % ROOMS.len()];
            let room_id = id("room", i + 1);
            let name = if i < ROOMS.len() {
                name.to_string()
            } else {
                format!("{name} {}", i / ROOMS.len() + 1)
            };
            let location = if telehealth {
                let slug: String = room_id
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                Location::Telehealth {
                    link: format!("https://telehealth.example.org/iop/{slug}"),
                }
            } else {
                Location::InPerson
            };
            Room {
                id: room_id,
                schema: STAFF_SCHEMA,
                name,
                capacity,
                location,
                archived: false,
            }
        })
        .collect()
}

/// The staff, one per profile in turn, with invented names.
pub(super) fn staff(
    params: &SampleParams,
    names: &mut Names,
    id: &dyn Fn(&str, usize) -> String,
) -> Vec<Staff> {
    let mut rng = Rng::new(params.seed, 1);
    (0..params.staff)
        .map(|i| {
            let profile = &STAFF_PROFILES[i % STAFF_PROFILES.len()];
            let gender =
                [Gender::Woman, Gender::Man, Gender::Woman, Gender::NonBinary][rng.below(4)];
            let (name, _) = names.full_name(&mut rng, gender);
            let availability = profile
                .hours
                .iter()
                .flat_map(|(days, from, until)| {
                    days.iter().map(move |&weekday| Availability {
                        weekday,
                        from: time(from.0, from.1),
                        until: time(until.0, until.1),
                    })
                })
                .collect();
            Staff {
                id: id("staff", i + 1),
                schema: STAFF_SCHEMA,
                name,
                credentials: profile.credentials.into(),
                roles: profile.roles.iter().map(|r| r.to_string()).collect(),
                availability,
                archived: false,
            }
        })
        .collect()
}
