//! Property tests of the domain (native only).
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use iop_planner::domain::Settings;
use iop_planner::domain::people::client::{Client, ClientDraft, ClientId, validate_client};
use iop_planner::domain::record::{Kind, Record};
use proptest::prelude::*;

fn date_string() -> impl Strategy<Value = String> {
    prop_oneof![
        (1990i32..2030, 1u32..13, 1u32..32).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        Just(String::new()),
        "[0-9a-z -]{0,12}",
    ]
}

fn draft() -> impl Strategy<Value = ClientDraft> {
    (
        "\\PC{0,30}",
        "\\PC{0,10}",
        prop_oneof![Just("adult"), Just("adolescent"), Just("child")],
        prop_oneof![
            Just("substance-use"),
            Just("mental-health"),
            Just("co-occurring"),
            Just("x")
        ],
        prop_oneof![Just("iop"), Just("php"), Just("op"), Just("")],
        date_string(),
        date_string(),
    )
        .prop_map(
            |(full_name, preferred_name, age, track, loc, admission, discharge)| ClientDraft {
                full_name,
                preferred_name,
                pronouns: String::new(),
                age_band: age.into(),
                gender: String::new(),
                track: track.into(),
                level_of_care: loc.into(),
                schedule: String::new(),
                admission_date: admission,
                expected_discharge: discharge,
                notes: String::new(),
            },
        )
}

proptest! {
    /// Whatever is typed, validation either refuses with at least one message or yields a
    /// record that keeps every rule, and such a record survives storage and restore unchanged.
    #[test]
    fn valid_clients_keep_the_rules_and_round_trip(d in draft()) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        match validate_client(&d, &Settings::default(), today, None) {
            Err(errors) => prop_assert!(!errors.is_empty()),
            Ok(fields) => {
                prop_assert!(!fields.full_name.is_empty());
                prop_assert_eq!(fields.full_name.trim(), fields.full_name.as_str());
                if let Some(discharge) = fields.expected_discharge {
                    prop_assert!(discharge >= fields.admission_date);
                }
                prop_assert!(fields.admission_date <= NaiveDate::from_ymd_opt(2027, 11, 27).unwrap());
                let client = Client::new(ClientId("p-1".into()), fields);
                let stored = serde_json::to_value(&client).unwrap();
                let restored = Kind::Client.ops().restore(stored).unwrap().record;
                prop_assert_eq!(restored, Record::Client(client));
            }
        }
    }
}
