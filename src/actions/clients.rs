//! Client commands: add, edit, archive and restore.

use chrono::NaiveDate;

use leptos::prelude::*;

use super::{ActionError, App};
use crate::domain::archive::{self, Archiving, Target};
use crate::domain::people::client::validate_client;
use crate::domain::{Change, Client, ClientDraft, ClientId, Kind};

impl App {
    /// Add a client from a form draft; returns the id minted for them.
    pub async fn add_client(
        &self,
        draft: ClientDraft,
        today: NaiveDate,
    ) -> Result<ClientId, ActionError> {
        let settings = self.programme.with_untracked(|p| p.settings.clone());
        let fields =
            validate_client(&draft, &settings, today, None).map_err(ActionError::Invalid)?;
        let id = ClientId(self.new_id());
        let client = Client::new(id.clone(), fields);
        self.commit(Change {
            insert: vec![client.into()],
            ..Change::default()
        })
        .await?;
        Ok(id)
    }

    /// Save edits to an existing client, made in a form opened at revision `base`.
    pub async fn update_client(
        &self,
        id: &ClientId,
        draft: ClientDraft,
        today: NaiveDate,
        base: u64,
    ) -> Result<(), ActionError> {
        let (current, settings) = self
            .programme
            .with_untracked(|p| (p.clients.get(id).cloned(), p.settings.clone()));
        let mut client = current.ok_or_else(missing_client)?;
        let fields = validate_client(&draft, &settings, today, Some(&client.track))
            .map_err(ActionError::Invalid)?;
        client.apply(fields);
        self.commit_based(Change::put(client), Some((Kind::Client, &id.0, base)))
            .await
    }

    /// Archive or unarchive a client. Archived clients stay on record but leave active lists;
    /// archiving ends their current memberships on `today` (see [`archive::archive_client`]).
    pub async fn set_client_archived(
        &self,
        id: &ClientId,
        archived: bool,
        today: NaiveDate,
    ) -> Result<(), ActionError> {
        if !self
            .programme
            .with_untracked(|p| p.clients.contains_key(id))
        {
            return Err(missing_client());
        }
        self.set_archived(&Target::Client(id.clone()), archived, today)
            .await
    }

    /// What archiving `target` today would do to the records referring to it.
    pub fn archiving(&self, target: &Target, today: NaiveDate) -> Result<Archiving, ActionError> {
        self.programme
            .with_untracked(|p| archive::archive(p, target, today))
            .map_err(ActionError::Refused)
    }

    /// Archive (with the consequences [`App::archiving`] lists) or restore a record.
    pub async fn set_archived(
        &self,
        target: &Target,
        archived: bool,
        today: NaiveDate,
    ) -> Result<(), ActionError> {
        let change = if archived {
            self.archiving(target, today)?.change
        } else {
            self.plan(|p| archive::restore(p, target))?
        };
        self.commit(change).await
    }
}

fn missing_client() -> ActionError {
    ActionError::Refused(
        "This client no longer exists. Reload the page to see the current list.".into(),
    )
}
