//! Roster commands: groups, staff, rooms, memberships, keep-apart pairs, auto-assign and the
//! sample programme.

use chrono::NaiveDate;

use leptos::prelude::*;

use super::{ActionError, App};
use crate::domain::errors::CONFLICT;
use crate::domain::errors::FieldErrors;
use crate::domain::people::forms::{RoomDraft, StaffDraft};
use crate::domain::roster;
use crate::domain::roster::assign::Proposal;
use crate::domain::roster::forms::GroupDraft;
use crate::domain::roster::membership::validate_membership;
use crate::domain::{Change, ClientId, Kind, Programme, Record, RecordRef};

impl App {
    /// Save a group from its form (`id` new or existing, the form opened at revision `base`).
    pub async fn save_group(
        &self,
        id: String,
        draft: &GroupDraft,
        base: u64,
    ) -> Result<(), FieldErrors> {
        let group = self.programme.with_untracked(|p| {
            let existing = p.groups.get(&id);
            draft.to_group(p, id.clone(), existing)
        })?;
        self.commit_based(Change::put(group), Some((Kind::Group, &id, base)))
            .await
            .map_err(form_error)
    }

    /// Save a staff member from the form (opened at revision `base`).
    pub async fn save_staff(
        &self,
        id: String,
        draft: &StaffDraft,
        base: u64,
    ) -> Result<(), FieldErrors> {
        let staff = self
            .programme
            .with_untracked(|p| draft.to_staff(id.clone(), p.staff.get(&id)))?;
        self.commit_based(Change::put(staff), Some((Kind::Staff, &id, base)))
            .await
            .map_err(form_error)
    }

    /// Save a room from the form (opened at revision `base`).
    pub async fn save_room(
        &self,
        id: String,
        draft: &RoomDraft,
        base: u64,
    ) -> Result<(), FieldErrors> {
        let room = self
            .programme
            .with_untracked(|p| draft.to_room(id.clone(), p.rooms.get(&id)))?;
        self.commit_based(Change::put(room), Some((Kind::Room, &id, base)))
            .await
            .map_err(form_error)
    }

    /// Add a client to a group from `join`; returns the new membership's id.
    pub async fn join_group(
        &self,
        client: &ClientId,
        group: &str,
        join: NaiveDate,
        leave: Option<NaiveDate>,
    ) -> Result<String, ActionError> {
        let id = self.new_id();
        let change = self.plan(|p| roster::join(p, client, group, join, leave, id.clone()))?;
        self.commit(change).await?;
        Ok(id)
    }

    /// End a membership on `date` (a planned one is cancelled).
    pub async fn end_membership(
        &self,
        membership: &str,
        date: NaiveDate,
        reason: &str,
    ) -> Result<(), ActionError> {
        let change = self.plan(|p| roster::end_membership(p, membership, date, reason))?;
        self.commit(change).await
    }

    /// Move a member to another group on `date`; returns the new membership's id.
    pub async fn move_member(
        &self,
        membership: &str,
        to_group: &str,
        date: NaiveDate,
    ) -> Result<String, ActionError> {
        let new_id = self.new_id();
        let change =
            self.plan(|p| roster::move_member(p, membership, to_group, date, new_id.clone()))?;
        self.commit(change).await?;
        Ok(new_id)
    }

    /// Keep two clients apart (the reason stays private); returns the pair's id.
    pub async fn keep_apart(
        &self,
        a: &ClientId,
        b: &ClientId,
        reason: &str,
    ) -> Result<String, ActionError> {
        let id = self.new_id();
        let change = self.plan(|p| roster::keep_apart(p, a, b, reason, id.clone()))?;
        self.commit(change).await?;
        Ok(id)
    }

    /// Remove a keep-apart pair.
    pub async fn remove_keep_apart(&self, id: &str) -> Result<(), ActionError> {
        self.commit(Change {
            delete: vec![RecordRef::new(Kind::KeepApart, id)],
            ..Change::default()
        })
        .await
    }

    /// Accept an auto-assign proposal, for everyone or one client.
    pub async fn accept_proposal(
        &self,
        proposal: &Proposal,
        only: Option<&ClientId>,
    ) -> Result<usize, ActionError> {
        let memberships = proposal.memberships(only, || self.new_id());
        let count = memberships.len();
        // Re-check against the current state: another tab may have changed the roster.
        self.programme.with_untracked(|p| {
            for m in &memberships {
                let mine: Vec<_> = p.memberships_of(&m.client).cloned().collect();
                validate_membership(m, &mine).map_err(ActionError::Refused)?;
            }
            Ok::<(), ActionError>(())
        })?;
        self.commit(Change {
            insert: memberships.into_iter().map(Record::Membership).collect(),
            ..Change::default()
        })
        .await?;
        Ok(count)
    }

    /// Store a generated sample programme next to whatever exists.
    pub async fn load_sample(&self, sample: &Programme) -> Result<(), ActionError> {
        // Library records the programme already has (the starter library, possibly edited) stay
        // as they are.
        let mut change = sample.as_inserts();
        self.programme.with_untracked(|p| {
            change.insert.retain(|r| match r {
                Record::Topic(t) => !p.topics.contains_key(&t.id),
                Record::Curriculum(c) => !p.curricula.contains_key(&c.id),
                _ => true,
            })
        });
        self.commit(change).await
    }
}

/// A failed save as a form message; a conflict with another tab under [`CONFLICT`], so the
/// form can offer the saved version.
pub(super) fn form_error(e: ActionError) -> FieldErrors {
    let key = if matches!(e, ActionError::Conflict { .. }) {
        CONFLICT
    } else {
        "form"
    };
    FieldErrors(vec![(key, e.to_string())])
}
