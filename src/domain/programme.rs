//! The whole programme as loaded into memory, and the one `restore` path every stored or
//! imported record goes through (schema migration + validation of shape).

use std::collections::BTreeMap;

use serde_json::Value;

use super::client::{CLIENT_SCHEMA, Client, ClientId};
use super::settings::{SETTINGS_ID, Settings};

/// Everything the app holds in memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Programme {
    pub clients: BTreeMap<ClientId, Client>,
    pub settings: Settings,
}

/// Records that could not be read on load. They are left untouched in storage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestoreReport {
    /// `(kind, id or "?", reason)` per unreadable record.
    pub skipped: Vec<(String, String, String)>,
}

impl Programme {
    /// Active (not archived) clients.
    pub fn active_clients(&self) -> impl Iterator<Item = &Client> {
        self.clients.values().filter(|c| !c.archived)
    }

    /// Build the programme from raw stored records of each kind.
    pub fn restore(clients: Vec<Value>, settings: Vec<Value>) -> (Programme, RestoreReport) {
        let mut report = RestoreReport::default();
        let mut programme = Programme::default();
        for raw in clients {
            let id = record_id(&raw);
            match restore_client(raw) {
                Ok(c) => {
                    programme.clients.insert(c.id.clone(), c);
                }
                Err(e) => report.skipped.push(("client".into(), id, e)),
            }
        }
        for raw in settings {
            let id = record_id(&raw);
            if id != SETTINGS_ID {
                report
                    .skipped
                    .push(("settings".into(), id, "unexpected settings record".into()));
                continue;
            }
            match serde_json::from_value::<Settings>(raw) {
                Ok(s) if !s.tracks.is_empty() => programme.settings = s,
                Ok(_) => report
                    .skipped
                    .push(("settings".into(), id, "no tracks".into())),
                Err(e) => report.skipped.push(("settings".into(), id, e.to_string())),
            }
        }
        (programme, report)
    }
}

fn record_id(raw: &Value) -> String {
    raw.get("id")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string()
}

/// Bring one stored client record up to [`CLIENT_SCHEMA`] and parse it.
///
/// Schema 1 (database version 1) had no `schema` field and called the full name `name`.
pub fn restore_client(mut raw: Value) -> Result<Client, String> {
    let obj = raw
        .as_object_mut()
        .ok_or_else(|| "not an object".to_string())?;
    let schema = obj.get("schema").and_then(Value::as_u64).unwrap_or(1);
    if schema > u64::from(CLIENT_SCHEMA) {
        return Err(format!(
            "written by a newer version of IOP Planner (schema {schema})"
        ));
    }
    if schema < 2
        && let Some(name) = obj.remove("name")
    {
        obj.entry("full_name").or_insert(name);
    }
    obj.insert("schema".into(), Value::from(CLIENT_SCHEMA));
    let client: Client = serde_json::from_value(raw).map_err(|e| e.to_string())?;
    if client.id.0.is_empty() {
        return Err("empty id".into());
    }
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schema_1_clients_are_migrated() {
        let (p, report) = Programme::restore(
            vec![json!({
                "id": "c1", "name": "Sam Fixture", "age_band": "adult", "track": "co-occurring",
                "level_of_care": "iop", "admission_date": "2025-03-04"
            })],
            vec![],
        );
        assert!(report.skipped.is_empty(), "{report:?}");
        let c = &p.clients[&ClientId("c1".into())];
        assert_eq!(c.full_name, "Sam Fixture");
        assert_eq!(c.schema, CLIENT_SCHEMA);
        assert_eq!(c.preferred_name, "");
        assert_eq!(p.settings, Settings::default());
    }

    #[test]
    fn broken_and_future_records_are_reported_not_dropped_silently() {
        let (p, report) = Programme::restore(
            vec![
                json!({"id": "bad", "full_name": 3}),
                json!("just a string"),
                json!({"id": "new", "schema": 99}),
            ],
            vec![json!({"id": "settings", "tracks": []})],
        );
        assert!(p.clients.is_empty());
        let ids: Vec<_> = report.skipped.iter().map(|s| s.1.as_str()).collect();
        assert_eq!(ids, ["bad", "?", "new", "settings"]);
        assert!(report.skipped[2].2.contains("newer version"));
        assert_eq!(p.settings, Settings::default());
    }

    #[test]
    fn a_current_client_round_trips() {
        let raw = json!({
            "id": "c2", "schema": 2, "full_name": "Lee Sample", "preferred_name": "Lee",
            "pronouns": "she/her", "age_band": "adolescent", "track": "mental-health",
            "level_of_care": "php", "admission_date": "2026-10-01",
            "expected_discharge": "2026-12-01", "notes": "n", "archived": true
        });
        let c = restore_client(raw.clone()).unwrap();
        assert_eq!(serde_json::to_value(&c).unwrap(), raw);
    }
}
