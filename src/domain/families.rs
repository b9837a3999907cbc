//! Family involvement: family members and support people, and their written consents to
//! receive information about a client.
//!
//! * [`member`]: a family member or support person, entered once even when they support two
//!   clients (siblings in the programme), with contact preferences and weekly availability;
//! * [`consent`]: consent to share (42 CFR 2.31), and the one function that decides whether a
//!   recipient may see a kind of information on a date, and says why not;
//! * [`session`]: family sessions, once or repeating, with exceptions and attendance;
//! * [`slots`]: the slot finder, with reasons and near-misses when nothing fits;
//! * [`projection`]: what one family member may see (their page, share links, calendar files
//!   and print), through the consent check and nothing else;
//! * [`forms`]: the drafts the family forms edit, checked field by field.

pub mod consent;
pub mod disclosure;
pub mod forms;
pub mod member;
pub mod projection;
pub mod session;
pub mod slots;

pub use consent::{Consent, ConsentStatus, Expiry, Revocation, ShareScope, Signer, may_see};
pub use disclosure::Disclosure;
pub use member::{ContactWay, FamilyMember, FreeTime, Relationship, Support};
pub use session::{Ends, Exception, FamilySession, Occurrence, Place, Repeat};

#[cfg(test)]
mod tests;
