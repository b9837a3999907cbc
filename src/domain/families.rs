//! Family involvement: family members and support people, and their written consents to
//! receive information about a client.
//!
//! * [`member`]: a family member or support person, entered once even when they support two
//!   clients (siblings in the programme), with contact preferences and weekly availability;
//! * [`consent`]: consent to share (42 CFR 2.31), and the one function that decides whether a
//!   recipient may see a kind of information on a date, and says why not;
//! * [`forms`]: the drafts the family forms edit, checked field by field.

pub mod consent;
pub mod forms;
pub mod member;

pub use consent::{Consent, ConsentStatus, Expiry, Revocation, ShareScope, Signer, may_see};
pub use member::{ContactWay, FamilyMember, FreeTime, Relationship, Support};

#[cfg(test)]
mod tests;
