//! Client names as pickers and rosters show them, namesakes told apart.

use std::collections::BTreeMap;

use crate::domain::people::names::distinct_names;
use crate::domain::{ClientId, Programme};

/// Client names for pickers and rosters that tell namesakes apart ("Riley M." and "Riley T."
/// when two active clients are both called Riley; see [`distinct_names`]). Build it once per
/// render and look names up by id.
pub struct ClientNames(BTreeMap<ClientId, String>);

impl ClientNames {
    /// The names of the programme's active clients.
    pub fn of(p: &Programme) -> Self {
        Self(distinct_names(p.active_clients()))
    }

    /// The name to show for `id`; a client who is not active has their display name.
    pub fn get(&self, p: &Programme, id: &ClientId) -> String {
        self.0.get(id).cloned().unwrap_or_else(|| p.client_name(id))
    }
}
