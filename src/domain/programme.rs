//! The whole programme as loaded into memory, and the one `restore` path every stored or
//! imported record goes through (schema migration + validation of shape).

use std::collections::BTreeMap;

use serde_json::Value;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::client::{CLIENT_SCHEMA, Client, ClientId};
use super::curriculum::{CURRICULUM_SCHEMA, Curriculum};
use super::group::{GROUP_SCHEMA, Group};
use super::keep_apart::{KEEP_APART_SCHEMA, KeepApart};
use super::membership::{MEMBERSHIP_SCHEMA, Membership};
use super::session::{PLAN_SCHEMA, Plan, SESSION_SCHEMA, Session};
use super::settings::{SETTINGS_ID, Settings};
use super::staff::{Room, STAFF_SCHEMA, Staff};
use super::topic::{TOPIC_SCHEMA, Topic};

/// Everything the app holds in memory. Maps are keyed by record id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Programme {
    pub clients: BTreeMap<ClientId, Client>,
    pub settings: Settings,
    pub groups: BTreeMap<String, Group>,
    pub memberships: BTreeMap<String, Membership>,
    pub staff: BTreeMap<String, Staff>,
    pub rooms: BTreeMap<String, Room>,
    pub keep_apart: BTreeMap<String, KeepApart>,
    pub topics: BTreeMap<String, Topic>,
    pub curricula: BTreeMap<String, Curriculum>,
    /// Curriculum assigned to each group, keyed by group id.
    pub plans: BTreeMap<String, Plan>,
    pub sessions: BTreeMap<String, Session>,
}

/// Raw stored records of each kind, as read from storage or an import.
#[derive(Debug, Clone, Default)]
pub struct RawRecords {
    pub clients: Vec<Value>,
    pub settings: Vec<Value>,
    pub groups: Vec<Value>,
    pub memberships: Vec<Value>,
    pub staff: Vec<Value>,
    pub rooms: Vec<Value>,
    pub keep_apart: Vec<Value>,
    pub topics: Vec<Value>,
    pub curricula: Vec<Value>,
    pub plans: Vec<Value>,
    pub sessions: Vec<Value>,
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

    /// Whether nothing has been entered yet (settings aside).
    pub fn is_empty(&self) -> bool {
        self.clients.is_empty()
            && self.groups.is_empty()
            && self.staff.is_empty()
            && self.rooms.is_empty()
    }

    /// Clients in the programme on `date`: not archived, admitted on or before it and not yet
    /// past their expected discharge.
    pub fn clients_active_on(&self, date: NaiveDate) -> impl Iterator<Item = &Client> {
        self.active_clients().filter(move |c| {
            c.admission_date <= date && c.expected_discharge.is_none_or(|d| date <= d)
        })
    }

    /// Memberships of one client, oldest first.
    pub fn memberships_of<'a>(
        &'a self,
        client: &'a ClientId,
    ) -> impl Iterator<Item = &'a Membership> + 'a {
        let mut list: Vec<&Membership> = self
            .memberships
            .values()
            .filter(|m| &m.client == client)
            .collect();
        list.sort_by_key(|m| m.join);
        list.into_iter()
    }

    /// Name to show for a client id (preferred name if any); unknown ids are shown as such.
    pub fn client_name(&self, id: &ClientId) -> String {
        self.clients
            .get(id)
            .map(|c| c.display_name().to_string())
            .unwrap_or_else(|| "a removed client".into())
    }

    /// Name to show for a group id.
    pub fn group_name(&self, id: &str) -> String {
        self.groups
            .get(id)
            .map(|g| g.name.clone())
            .unwrap_or_else(|| "a removed group".into())
    }

    /// Name to show for a staff id.
    pub fn staff_name(&self, id: &str) -> String {
        self.staff
            .get(id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| "a removed staff member".into())
    }

    /// Name to show for a room id.
    pub fn topic_title(&self, id: &str) -> String {
        self.topics
            .get(id)
            .map(|t| t.title.clone())
            .unwrap_or_else(|| "(unknown topic)".into())
    }

    pub fn curriculum_name(&self, id: &str) -> String {
        self.curricula
            .get(id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "(unknown curriculum)".into())
    }

    /// Sessions of one group in date order.
    pub fn sessions_of<'a>(&'a self, group: &'a str) -> Vec<&'a Session> {
        let mut out: Vec<&Session> = self
            .sessions
            .values()
            .filter(|s| s.group == group)
            .collect();
        out.sort_by_key(|s| (s.date, s.start));
        out
    }

    pub fn room_name(&self, id: &str) -> String {
        self.rooms
            .get(id)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| "a removed room".into())
    }

    /// Build the programme from raw stored records of each kind. Unreadable records are
    /// reported and skipped (left untouched in storage).
    pub fn restore(raw: RawRecords) -> (Programme, RestoreReport) {
        let mut report = RestoreReport::default();
        let mut programme = Programme::default();
        let RawRecords {
            clients,
            settings,
            groups,
            memberships,
            staff,
            rooms,
            keep_apart,
            topics,
            curricula,
            plans,
            sessions,
        } = raw;
        restore_kind(topics, "topic", TOPIC_SCHEMA, &mut report, |t: Topic| {
            programme.topics.insert(t.id.clone(), t);
        });
        restore_kind(
            curricula,
            "curriculum",
            CURRICULUM_SCHEMA,
            &mut report,
            |c: Curriculum| {
                programme.curricula.insert(c.id.clone(), c);
            },
        );
        restore_kind(plans, "plan", PLAN_SCHEMA, &mut report, |p: Plan| {
            programme.plans.insert(p.id.clone(), p);
        });
        restore_kind(
            sessions,
            "session",
            SESSION_SCHEMA,
            &mut report,
            |s: Session| {
                programme.sessions.insert(s.id.clone(), s);
            },
        );
        restore_kind(groups, "group", GROUP_SCHEMA, &mut report, |g: Group| {
            programme.groups.insert(g.id.clone(), g);
        });
        restore_kind(
            memberships,
            "membership",
            MEMBERSHIP_SCHEMA,
            &mut report,
            |m: Membership| {
                programme.memberships.insert(m.id.clone(), m);
            },
        );
        restore_kind(staff, "staff", STAFF_SCHEMA, &mut report, |s: Staff| {
            programme.staff.insert(s.id.clone(), s);
        });
        restore_kind(rooms, "room", STAFF_SCHEMA, &mut report, |r: Room| {
            programme.rooms.insert(r.id.clone(), r);
        });
        restore_kind(
            keep_apart,
            "keep-apart pair",
            KEEP_APART_SCHEMA,
            &mut report,
            |k: KeepApart| {
                programme.keep_apart.insert(k.id.clone(), k);
            },
        );
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

/// Parse records of one kind that have no older schema yet: refuse newer schemas, keep the rest.
fn restore_kind<T: DeserializeOwned>(
    raw: Vec<Value>,
    kind: &str,
    schema: u32,
    report: &mut RestoreReport,
    mut keep: impl FnMut(T),
) {
    for record in raw {
        let id = record_id(&record);
        let found = record.get("schema").and_then(Value::as_u64).unwrap_or(1);
        if found > u64::from(schema) {
            report.skipped.push((
                kind.into(),
                id,
                format!("written by a newer version of IOP Planner (schema {found})"),
            ));
            continue;
        }
        if id == "?" || id.is_empty() {
            report
                .skipped
                .push((kind.into(), "?".into(), "no id".into()));
            continue;
        }
        match serde_json::from_value::<T>(record) {
            Ok(value) => keep(value),
            Err(e) => report.skipped.push((kind.into(), id, e.to_string())),
        }
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
/// Schema 3 added `gender` and `schedule`, which default to "not recorded" / "no preference".
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
        let (p, report) = Programme::restore(RawRecords {
            clients: vec![json!({
                "id": "c1", "name": "Sam Fixture", "age_band": "adult", "track": "co-occurring",
                "level_of_care": "iop", "admission_date": "2025-03-04"
            })],
            ..RawRecords::default()
        });
        assert!(report.skipped.is_empty(), "{report:?}");
        let c = &p.clients[&ClientId("c1".into())];
        assert_eq!(c.full_name, "Sam Fixture");
        assert_eq!(c.schema, CLIENT_SCHEMA);
        assert_eq!(c.preferred_name, "");
        assert_eq!(p.settings, Settings::default());
    }

    #[test]
    fn broken_and_future_records_are_reported_not_dropped_silently() {
        let (p, report) = Programme::restore(RawRecords {
            clients: vec![
                json!({"id": "bad", "full_name": 3}),
                json!("just a string"),
                json!({"id": "new", "schema": 99}),
            ],
            settings: vec![json!({"id": "settings", "tracks": []})],
            groups: vec![json!({"id": "g9", "schema": 7})],
            memberships: vec![json!({"id": "m1", "schema": 1, "client": "c"})],
            ..RawRecords::default()
        });
        assert!(p.clients.is_empty());
        let ids: Vec<_> = report.skipped.iter().map(|s| s.1.as_str()).collect();
        assert_eq!(ids, ["g9", "m1", "bad", "?", "new", "settings"]);
        assert!(report.skipped[0].2.contains("newer version"));
        assert!(report.skipped[4].2.contains("newer version"));
        assert_eq!(p.settings, Settings::default());
    }

    #[test]
    fn a_current_client_round_trips() {
        let raw = json!({
            "id": "c2", "schema": 3, "full_name": "Lee Sample", "preferred_name": "Lee",
            "pronouns": "she/her", "age_band": "adolescent", "gender": "woman",
            "track": "mental-health", "level_of_care": "php", "schedule": "evening",
            "admission_date": "2026-10-01",
            "expected_discharge": "2026-12-01", "notes": "n", "archived": true
        });
        let c = restore_client(raw.clone()).unwrap();
        assert_eq!(serde_json::to_value(&c).unwrap(), raw);
    }
}
