//! Fresh random ids (UUID v4), minted once when a record is created and stored with it.

use crate::domain::ClientId;

/// A new random client id (UUID v4), created once when the client is added.
pub fn new_client_id() -> ClientId {
    ClientId(uuid::Uuid::new_v4().to_string())
}

/// A new random record id (UUID v4), created once when the record is added.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
