//! Fresh random ids (UUID v4), minted once when a record is created and stored with it. Only
//! [`crate::platform::Services::new_id`] calls this: actions mint ids (`App::new_id`), never
//! components.

/// A new random record id (UUID v4), created once when the record is added.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
