//! Backups as commands: make and download one (encrypted unless the person chose otherwise),
//! open a chosen file, unlock it with its passphrase, and restore it ("Replace everything" or
//! "Merge") as one transaction. The Export page binds these to signals; native tests run them
//! with the twin services.

use chrono::NaiveDate;
use leptos::prelude::WithUntracked;

use crate::domain::Programme;
use crate::domain::export::backup::{self, Choices, Comparison, Header, Opened, Payload};
use crate::platform::Services;

use super::{ActionError, App, preferences};

/// How to restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum How {
    /// Make this browser hold exactly the backup (records that could not be read aside).
    Replace,
    /// Add what is only in the backup; of a record that differs, keep every change made on
    /// either side since the copies parted; of a field changed on both, this browser's value
    /// unless the person chose the backup's (the choices).
    Merge(Choices),
}

/// A backup that was made and handed to the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    /// The file's name.
    pub name: String,
    /// Records in it.
    pub records: usize,
    pub encrypted: bool,
    /// Damaged records (quarantined) that are not in it.
    pub left_out: usize,
}

impl Downloaded {
    /// What to tell the person.
    pub fn message(&self) -> String {
        let mut message = format!("Downloaded {} with {} records.", self.name, self.records);
        if self.encrypted {
            message.push_str(
                " Keep the passphrase apart from the file: without it the backup cannot be opened.",
            );
        }
        if self.left_out > 0 {
            message.push_str(&format!(
                " {} damaged records are not in it (Settings, Damaged records, can export them).",
                self.left_out
            ));
        }
        message
    }
}

/// A chosen backup file, opened.
#[derive(Debug, Clone)]
pub enum OpenedBackup {
    /// Read and checked: ready to compare and restore.
    Ready(Header, Box<Programme>),
    /// Encrypted: it needs its passphrase ([`App::unlock_backup`]).
    Locked(Opened),
}

impl App {
    /// Make a backup of everything here on `today`, encrypted under `passphrase` (`None`: the
    /// person chose no encryption), and hand it over as a file. Remembers the day for the
    /// reminder only once the file was handed over.
    pub async fn download_backup(
        &self,
        passphrase: Option<String>,
        today: NaiveDate,
    ) -> Result<Downloaded, String> {
        let services = self.services();
        let (body, left_out) = self
            .programme
            .with_untracked(|p| (backup::body(p), p.quarantine.len()));
        let body = body.map_err(|e| format!("The backup could not be made: {e}"))?;
        let encrypted = passphrase.is_some();
        let t = services.now_utc_time();
        let exported_at = format!("{}T{}Z", t.date(), t.time());
        let payload = match passphrase {
            None => Payload::Plain(body.text),
            Some(pw) => {
                let inside = backup::sealed_plaintext(&body.counts, &exported_at, &body.text)
                    .map_err(|e| format!("The backup could not be made: {e}"))?;
                let (ciphertext, salt, iv) = services
                    .encrypt(
                        &pw,
                        inside.as_bytes(),
                        &backup::sealed_aad(backup::FORMAT_VERSION),
                        backup::ITERATIONS,
                        backup::SALT_BYTES,
                        backup::IV_BYTES,
                    )
                    .await?;
                Payload::Sealed {
                    ciphertext,
                    salt,
                    iv,
                    iterations: backup::ITERATIONS,
                }
            }
        };
        let file = backup::write(&body.counts, &exported_at, &payload)
            .map_err(|e| format!("The backup could not be made: {e}"))?;
        let name = backup::file_name(today, encrypted);
        services.download(&name, &file, "application/octet-stream")?;
        note_backup(&services, today);
        Ok(Downloaded {
            name,
            records: body.counts.values().sum(),
            encrypted,
            left_out,
        })
    }

    /// Open a chosen backup file's bytes: checked and read when plain, or waiting for its
    /// passphrase when encrypted. Nothing is written.
    pub fn open_backup(&self, bytes: &[u8]) -> Result<OpenedBackup, String> {
        let opened = backup::open(bytes)?;
        match &opened.payload {
            Payload::Plain(body) => {
                let programme = backup::read(&opened.header, body)?;
                Ok(OpenedBackup::Ready(opened.header, Box::new(programme)))
            }
            Payload::Sealed { .. } => Ok(OpenedBackup::Locked(opened)),
        }
    }

    /// Unlock an encrypted backup with `passphrase`, then check and read it. Nothing is written.
    pub async fn unlock_backup(
        &self,
        opened: &Opened,
        passphrase: &str,
    ) -> Result<(Header, Programme), String> {
        let (ciphertext, salt, iv, iterations) = match &opened.payload {
            Payload::Plain(body) => {
                return Ok((opened.header.clone(), backup::read(&opened.header, body)?));
            }
            Payload::Sealed {
                ciphertext,
                salt,
                iv,
                iterations,
            } => (ciphertext, salt, iv, *iterations),
        };
        if passphrase.is_empty() {
            return Err("Enter the passphrase the backup was saved with.".into());
        }
        let bytes = match self
            .services()
            .decrypt(passphrase, ciphertext, &opened.aad(), salt, iv, iterations)
            .await
        {
            Ok(bytes) => bytes,
            Err(None) => return Err("That passphrase does not open this backup. Check it (capitals, spaces) and try again. (A backup whose header was changed does not open either.)".into()),
            Err(Some(m)) => return Err(m),
        };
        let (header, body) = backup::unseal(opened, bytes)?;
        let programme = backup::read(&header, &body)?;
        Ok((header, programme))
    }

    /// Restore `backup` (opened by [`App::open_backup`] or [`App::unlock_backup`]) as one
    /// transaction. The comparison is made again against what this tab holds now, and every
    /// write expects the revision it read, so a change another tab made meanwhile makes the
    /// whole restore fail and nothing is written. Returns what was done.
    pub async fn restore_backup(
        &self,
        backup: &Programme,
        how: How,
    ) -> Result<Comparison, ActionError> {
        let actor = self.device();
        let none = Choices::new();
        let choices = match &how {
            How::Merge(choices) => choices,
            How::Replace => &none,
        };
        let comparison = self
            .programme
            .with_untracked(|here| backup::compare(here, backup, choices, &actor));
        let change = match how {
            How::Replace => comparison.replace.clone(),
            How::Merge(_) => comparison.merge.clone(),
        };
        self.commit(change).await?;
        Ok(comparison)
    }
}

/// Remember the day of the last backup: in localStorage in the browser, on the twin in tests.
fn note_backup(services: &Services, today: NaiveDate) {
    match services {
        Services::Browser => preferences::set_last_backup(today),
        Services::Twin(t) => t.last_backup.set(Some(today)),
    }
}
