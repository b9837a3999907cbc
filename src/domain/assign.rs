//! (being written: types only, so the UI compiles while the solver is written)
use super::client::ClientId;
use super::membership::{MEMBERSHIP_SCHEMA, Membership};
use chrono::NaiveDate;
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedJoin {
    pub group: String,
    pub join: NaiveDate,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub client: ClientId,
    pub joins: Vec<ProposedJoin>,
    pub weekly_minutes: u32,
    pub notes: Vec<String>,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    pub client: ClientId,
    pub reason: String,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub date: NaiveDate,
    pub placements: Vec<Placement>,
    pub unplaced: Vec<Unplaced>,
}
pub fn propose(_p: &super::programme::Programme, date: NaiveDate) -> Proposal {
    Proposal {
        date,
        placements: vec![],
        unplaced: vec![],
    }
}
impl Proposal {
    pub fn memberships(
        &self,
        only: Option<&ClientId>,
        mut new_id: impl FnMut() -> String,
    ) -> Vec<Membership> {
        self.placements
            .iter()
            .filter(|p| only.is_none_or(|c| *c == p.client))
            .flat_map(|p| {
                p.joins
                    .iter()
                    .map(|j| (p.client.clone(), j.clone()))
                    .collect::<Vec<_>>()
            })
            .map(|(client, j)| Membership {
                id: new_id(),
                schema: MEMBERSHIP_SCHEMA,
                client,
                group: j.group,
                join: j.join,
                leave: None,
                reason: String::new(),
            })
            .collect()
    }
}
