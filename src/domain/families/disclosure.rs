//! The disclosure log (42 CFR 2.25): every share link made for a family member, kept so the
//! programme can account for consent-based disclosures of the past years: when, to whom, what,
//! for which dates, until when, and under which consent.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::people::client::ClientId;
use crate::domain::text::{Check, Rule};

/// Schema version of stored disclosures.
pub const DISCLOSURE_SCHEMA: u32 = 1;

/// One disclosure of one client's information to one family member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub id: String,
    pub schema: u32,
    pub client: ClientId,
    /// The family member (id) it went to.
    pub recipient: String,
    /// The consent it rests on (id).
    pub consent: String,
    #[serde(with = "crate::domain::dates::iso_date")]
    pub made_on: NaiveDate,
    /// How it was given: "share link".
    pub how: String,
    /// What was shared, in words.
    pub what: String,
    /// The dates the shared schedule covers.
    #[serde(with = "crate::domain::dates::iso_date")]
    pub from: NaiveDate,
    #[serde(with = "crate::domain::dates::iso_date")]
    pub to: NaiveDate,
    /// The last day the link opens.
    #[serde(with = "crate::domain::dates::iso_date")]
    pub expires: NaiveDate,
    /// The programme code of the key the link was signed with (`None`: made before links were
    /// signed). An optional field added within schema 1: older copies read it as absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl Disclosure {
    /// The checks a stored disclosure must pass.
    pub fn check(&self) -> Result<(), String> {
        if self.client.0.is_empty() || self.recipient.is_empty() {
            return Err("a disclosure must name a client and a recipient".into());
        }
        if self.to < self.from || self.expires < self.made_on {
            return Err("its dates are out of order".into());
        }
        // Written by the app, never typed: held to the lengths only.
        for (rule, value) in [
            (Rule::short("How it was given"), &self.how),
            (Rule::notes("What was shared"), &self.what),
        ] {
            if let Some(problem) = rule.problem(value, Check::Stored) {
                return Err(problem);
            }
        }
        Ok(())
    }
}
