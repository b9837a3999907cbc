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

mod merging {
    use iop_planner::domain::record::edits::{Edits, merge};
    use proptest::prelude::*;
    use serde_json::{Value, json};

    const FIELDS: [&str; 4] = ["full_name", "pronouns", "phone", "notes"];

    /// A run of edits by one actor: (field, value), each applied as an action would.
    fn edits() -> impl Strategy<Value = Vec<(usize, u8)>> {
        prop::collection::vec((0..FIELDS.len(), 0u8..3), 0..6)
    }

    fn apply(start: &Value, history: &Edits, run: &[(usize, u8)], actor: &str) -> (Value, Edits) {
        let (mut value, mut history) = (start.clone(), history.clone());
        for (field, v) in run {
            let mut next = value.clone();
            next[FIELDS[*field]] = json!(format!("{actor}{v}"));
            history = history.edited(&value, &next, actor);
            value = next;
        }
        (value, history)
    }

    proptest! {
        /// Two browsers edit copies of one record from a shared history; merging keeps every
        /// change made on one side only, names every field changed on both to different values,
        /// and merging again asks nothing and changes nothing.
        #[test]
        fn a_merge_never_drops_a_change_silently(shared in edits(), on_a in edits(), on_b in edits()) {
            let base = json!({"id": "c1", "schema": 1, "full_name": "Avery", "pronouns": "", "phone": "", "notes": ""});
            let (base, base_edits) = apply(&base, &Edits::created("a"), &shared, "a");
            let (a, a_edits) = apply(&base, &base_edits, &on_a, "a");
            let (b, b_edits) = apply(&base, &base_edits, &on_b, "b");
            let m = merge((&b, &b_edits), (&a, &a_edits), |_| false, "b");
            for f in FIELDS {
                let touched = |e: &Edits| e.stamp(f) != base_edits.stamp(f);
                let conflict = m.conflicts.iter().any(|c| c.field == f);
                match (touched(&a_edits), touched(&b_edits)) {
                    (true, false) => prop_assert_eq!(&m.value[f], &a[f]),
                    (false, _) => prop_assert_eq!(&m.value[f], &b[f]),
                    (true, true) if a[f] != b[f] => {
                        prop_assert!(conflict, "{} changed on both sides is not named", f);
                        prop_assert_eq!(&m.value[f], &b[f], "a conflict keeps this side's value");
                    }
                    (true, true) => prop_assert_eq!(&m.value[f], &a[f]),
                }
                if conflict {
                    prop_assert!(touched(&a_edits) && touched(&b_edits) && a[f] != b[f]);
                }
            }
            let again = merge((&m.value, &m.edits), (&a, &a_edits), |_| true, "b");
            prop_assert!(again.conflicts.is_empty());
            prop_assert_eq!(&again.value, &m.value);
            // The other side takes the merged copy whole, asking nothing.
            let there = merge((&a, &a_edits), (&m.value, &m.edits), |_| false, "a");
            prop_assert!(there.conflicts.is_empty(), "{:?}", there.conflicts);
            prop_assert_eq!(&there.value, &m.value);
        }
    }
}
