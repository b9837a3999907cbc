//! Record builders for test modules (compiled for tests only): a plain client with every
//! optional field empty, so a test spells out only the fields it is about, and a stored record
//! that could not be read.

use chrono::NaiveDate;

use crate::domain::people::client::{
    AgeBand, CLIENT_SCHEMA, Client, ClientId, Gender, LevelOfCare, SchedulePreference,
};

/// An adult IOP client on the substance-use track, admitted on `admission`, with no expected
/// discharge, no preferred name, pronouns or notes, available any time and not archived.
/// Change what a test needs with `Client { field, ..client(id, name, admission) }`.
pub(crate) fn client(id: &str, full_name: &str, admission: NaiveDate) -> Client {
    Client {
        id: ClientId(id.into()),
        schema: CLIENT_SCHEMA,
        full_name: full_name.into(),
        preferred_name: String::new(),
        pronouns: String::new(),
        age_band: AgeBand::Adult,
        gender: Gender::Unspecified,
        track: "substance-use".into(),
        level_of_care: LevelOfCare::Iop,
        schedule: SchedulePreference::Any,
        admission_date: admission,
        expected_discharge: None,
        notes: String::new(),
        archived: false,
    }
}

/// A record of `store` under `key` that could not be read (for `Programme::set_quarantined`),
/// for `reason`; its stored text is an empty object.
pub(crate) fn quarantined(
    store: &'static str,
    key: &str,
    reason: &str,
) -> crate::domain::Quarantined {
    crate::domain::Quarantined {
        store,
        key: key.into(),
        stored_key: key.to_string().into(),
        reason: reason.into(),
        text: "{}".into(),
    }
}
