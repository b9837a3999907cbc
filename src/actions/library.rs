//! Topic library and curriculum commands.

use leptos::prelude::*;

use super::{ActionError, App};
use crate::domain::errors::{CONFLICT, FieldErrors, RECORD};
use crate::domain::library::curriculum::{Curriculum, validate_curriculum};
use crate::domain::library::starter::starter_library;
use crate::domain::library::topic::{Topic, validate_topic};
use crate::domain::{Change, Kind, Programme, Record};

impl App {
    /// Save a library topic (new or edited in a form opened at revision `base`). `Err` lists
    /// every problem in plain words.
    pub async fn save_topic(&self, topic: Topic, base: u64) -> Result<(), FieldErrors> {
        validate_topic(&topic)?;
        let id = topic.id.clone();
        self.commit_based(Change::put(topic), Some((Kind::Topic, &id, base)))
            .await
            .map_err(record_error)
    }

    /// Save a curriculum (new or edited at revision `base`), checked against the library.
    pub async fn save_curriculum(
        &self,
        curriculum: Curriculum,
        base: u64,
    ) -> Result<(), FieldErrors> {
        self.programme
            .with_untracked(|p| validate_curriculum(&curriculum, &p.topics))?;
        let id = curriculum.id.clone();
        self.commit_based(Change::put(curriculum), Some((Kind::Curriculum, &id, base)))
            .await
            .map_err(record_error)
    }

    /// Add the starter topics and curriculum templates that are missing by id. Returns how many
    /// records were added.
    pub async fn add_starter_library(&self) -> Result<usize, ActionError> {
        add_starter(*self).await
    }
}

/// [`App::add_starter_library`]. A wasm part of its own with the `split` feature, with the
/// library's text: it runs when a programme is new or someone asks for missing starter topics.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn add_starter(app: App) -> Result<usize, ActionError> {
    let change = app.programme.with_untracked(starter_change);
    let n = change.insert.len();
    if n > 0 {
        app.commit(change).await?;
    }
    Ok(n)
}

/// A failed save as a problem with the whole record.
fn record_error(e: ActionError) -> FieldErrors {
    let key = if matches!(e, ActionError::Conflict { .. }) {
        CONFLICT
    } else {
        RECORD
    };
    FieldErrors(vec![(key, e.to_string())])
}

/// Inserts for the starter topics and templates `p` does not have yet.
fn starter_change(p: &Programme) -> Change {
    let (topics, curricula) = starter_library();
    let mut insert: Vec<Record> = topics
        .into_iter()
        .filter(|t| !p.topics.contains_key(&t.id))
        .map(Record::Topic)
        .collect();
    insert.extend(
        curricula
            .into_iter()
            .filter(|c| !p.curricula.contains_key(&c.id))
            .map(Record::Curriculum),
    );
    Change {
        insert,
        ..Change::default()
    }
}
