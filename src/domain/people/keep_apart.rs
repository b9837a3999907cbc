//! Keep-apart pairs: two clients who must not share a group. The reason is clinical and
//! private: it is shown only on the pair's own editor, never in exports or shared views.

use serde::{Deserialize, Serialize};

use crate::domain::people::client::ClientId;
use crate::domain::text::{Check, Rule};

/// Schema version of stored keep-apart records.
pub const KEEP_APART_SCHEMA: u32 = 1;

/// Two clients who must not be in the same group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeepApart {
    pub id: String,
    pub schema: u32,
    pub a: ClientId,
    pub b: ClientId,
    /// Private; never exported or shared.
    #[serde(default)]
    pub reason: String,
}

impl KeepApart {
    /// Whether this pair is exactly `x` and `y`, in either order.
    pub fn is_pair(&self, x: &ClientId, y: &ClientId) -> bool {
        (&self.a == x && &self.b == y) || (&self.a == y && &self.b == x)
    }

    /// Whether `client` is one of the two.
    pub fn involves(&self, client: &ClientId) -> bool {
        &self.a == client || &self.b == client
    }

    /// The other client of the pair, if `client` is one of them.
    pub fn other(&self, client: &ClientId) -> Option<&ClientId> {
        if &self.a == client {
            Some(&self.b)
        } else if &self.b == client {
            Some(&self.a)
        } else {
            None
        }
    }
}

/// Check a new pair against the existing ones; `known` says whether a client id exists.
pub fn validate_keep_apart<'a>(
    pair: &KeepApart,
    existing: impl IntoIterator<Item = &'a KeepApart>,
    known: impl Fn(&ClientId) -> bool,
) -> Result<(), String> {
    check_keep_apart(pair, existing, known, Check::Typed)
}

/// [`validate_keep_apart`], as strict as `check` says (stored records: lengths only).
pub(crate) fn check_keep_apart<'a>(
    pair: &KeepApart,
    existing: impl IntoIterator<Item = &'a KeepApart>,
    known: impl Fn(&ClientId) -> bool,
    check: Check,
) -> Result<(), String> {
    if pair.a.0.is_empty() || pair.b.0.is_empty() {
        return Err("Choose two clients.".into());
    }
    if pair.a == pair.b {
        return Err("Choose two different clients.".into());
    }
    if !known(&pair.a) || !known(&pair.b) {
        return Err("One of these clients no longer exists.".into());
    }
    if let Some(problem) = Rule::short("The reason").problem(&pair.reason, check) {
        return Err(problem);
    }
    if existing
        .into_iter()
        .any(|o| o.id != pair.id && o.is_pair(&pair.a, &pair.b))
    {
        return Err("These two clients are already kept apart.".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(id: &str, a: &str, b: &str) -> KeepApart {
        KeepApart {
            id: id.into(),
            schema: KEEP_APART_SCHEMA,
            a: ClientId(a.into()),
            b: ClientId(b.into()),
            reason: String::new(),
        }
    }

    #[test]
    fn pairs_are_unordered_and_refused_twice_or_with_one_client() {
        let existing = [pair("k1", "ana", "ben")];
        let known = |c: &ClientId| c.0 != "ghost";
        assert!(existing[0].is_pair(&ClientId("ben".into()), &ClientId("ana".into())));
        assert_eq!(
            existing[0].other(&ClientId("ana".into())),
            Some(&ClientId("ben".into()))
        );
        let err = validate_keep_apart(&pair("k2", "ben", "ana"), &existing, known).unwrap_err();
        assert_eq!(err, "These two clients are already kept apart.");
        assert!(validate_keep_apart(&pair("k2", "ana", "ana"), &existing, known).is_err());
        assert!(validate_keep_apart(&pair("k2", "ana", "ghost"), &existing, known).is_err());
        assert!(validate_keep_apart(&pair("k2", "ana", "cy"), &existing, known).is_ok());
        assert!(validate_keep_apart(&existing[0], &existing, known).is_ok());
    }
}
