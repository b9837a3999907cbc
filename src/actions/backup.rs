//! Restoring a backup: "Replace everything" or "Merge", each one transaction.

use leptos::prelude::WithUntracked;

use crate::domain::Programme;
use crate::domain::export::backup::{self, Comparison};

use super::{ActionError, App};

/// How to restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Make this browser hold exactly the backup (records that could not be read aside).
    Replace,
    /// Add what is only in the backup; of two versions of a record keep the newer.
    Merge,
}

/// Restore `backup` (read by [`backup::read`]) as one transaction. The comparison is made again
/// against what this tab holds now, and every write expects the revision it read, so a change
/// another tab made meanwhile makes the whole restore fail and nothing is written. Returns what
/// was done.
pub async fn restore(app: &App, backup: &Programme, how: How) -> Result<Comparison, ActionError> {
    let comparison = app
        .programme
        .with_untracked(|here| backup::compare(here, backup));
    let change = match how {
        How::Replace => comparison.replace.clone(),
        How::Merge => comparison.merge.clone(),
    };
    app.commit(change).await?;
    Ok(comparison)
}
