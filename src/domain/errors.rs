//! The one validation error type: messages keyed by the field they are about, in form order.
//!
//! Forms key them by field: the client form by [`ClientField`](crate::domain::ClientField)
//! (see [`ValidationErrors`](crate::domain::ValidationErrors)), the other forms by the field's
//! name. Checks of a whole record (a topic, a curriculum) key problems that belong to no single
//! field with [`RECORD`].

/// The key of problems about the whole record rather than one field.
pub const RECORD: &str = "record";

/// The key of "this was changed in another tab since the form was opened" (a save refused, not
/// a field to fix): forms offer the saved version instead of listing it as a problem.
pub const CONFLICT: &str = "conflict";

/// Validation messages by field, first problem per field first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldErrors<F = &'static str>(pub Vec<(F, String)>);

impl<F> Default for FieldErrors<F> {
    fn default() -> Self {
        FieldErrors(Vec::new())
    }
}

impl<F: PartialEq> FieldErrors<F> {
    /// The first message for one field, if any.
    pub fn get<Q>(&self, field: Q) -> Option<&str>
    where
        F: PartialEq<Q>,
    {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Add a message for `field`.
    pub fn push(&mut self, field: F, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    /// Add a message for `field` unless it already has one (forms show one message per field).
    pub fn push_once(&mut self, field: F, message: impl Into<String>) {
        if !self.0.iter().any(|(f, _)| *f == field) {
            self.0.push((field, message.into()));
        }
    }

    /// Every message, in order.
    pub fn messages(&self) -> Vec<String> {
        self.0.iter().map(|(_, m)| m.clone()).collect()
    }

    /// `Ok(())` when there is nothing to report.
    pub fn into_result(self) -> Result<(), Self> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_found_by_field_in_order() {
        let mut e: FieldErrors = FieldErrors::default();
        assert_eq!(e.clone().into_result(), Ok(()));
        e.push("name", "Enter a name.");
        e.push(RECORD, "Add a unit.");
        e.push("name", "Shorter, please.");
        assert_eq!(e.get("name"), Some("Enter a name."));
        assert_eq!(e.get("link"), None);
        assert_eq!(
            e.messages(),
            ["Enter a name.", "Add a unit.", "Shorter, please."]
        );
        assert_eq!(e.len(), 3);
        assert!(e.into_result().is_err());
    }
}
