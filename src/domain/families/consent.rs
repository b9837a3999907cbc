//! Consent to share information about a client with a family member (42 CFR 2.31).
//!
//! A consent names the client, who may disclose (the programme), the recipient (one family
//! member), the purpose, what may be shared (a set of [`ShareScope`]s), who signed it and when,
//! when it ends (a date, or an event with a date to review it) and, once received, its
//! revocation. [`may_see`] is the one place that decides whether a recipient may see a kind of
//! information on a date; every screen, export and share link asks it, and shows its reason
//! when the answer is no.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::dates::human_date;
use crate::domain::errors::FieldErrors;
use crate::domain::people::client::{AgeBand, ClientId};
use crate::domain::programme::Programme;
use crate::domain::text::{self, Check, Rule};

/// Schema version of stored consent records.
pub const CONSENT_SCHEMA: u32 = 1;

/// Consents ending within this many days are listed among the Dashboard warnings.
pub const EXPIRING_WITHIN_DAYS: u64 = 14;

/// What a consent lets the programme share with its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareScope {
    /// Times and place of the family sessions the recipient takes part in.
    FamilySessions,
    /// Dates of the family-education groups the recipient belongs to.
    FamilyEducation,
    /// The client's own group days and times.
    ClientGroupTimes,
    /// Titles of the topics of those sessions (otherwise titles stay neutral).
    TopicTitles,
}

impl ShareScope {
    pub const ALL: [ShareScope; 4] = [
        ShareScope::FamilySessions,
        ShareScope::FamilyEducation,
        ShareScope::ClientGroupTimes,
        ShareScope::TopicTitles,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ShareScope::FamilySessions => "Family-session times and place",
            ShareScope::FamilyEducation => "Family-education group dates",
            ShareScope::ClientGroupTimes => "The client's own group days and times",
            ShareScope::TopicTitles => "Session topic titles",
        }
    }

    /// The same in a sentence: "does not cover <words>".
    pub fn words(self) -> &'static str {
        match self {
            ShareScope::FamilySessions => "family-session times and place",
            ShareScope::FamilyEducation => "family-education group dates",
            ShareScope::ClientGroupTimes => "the client's own group days and times",
            ShareScope::TopicTitles => "session topic titles",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ShareScope::FamilySessions => "family_sessions",
            ShareScope::FamilyEducation => "family_education",
            ShareScope::ClientGroupTimes => "client_group_times",
            ShareScope::TopicTitles => "topic_titles",
        }
    }
}

/// Who signed the consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signer {
    /// The client (an adult).
    Client,
    /// The client, a minor who could consent to treatment under state law: then only the
    /// minor may consent to a disclosure, even to a parent (42 CFR 2.14(b)).
    MinorClient,
    /// A parent or guardian, for a minor whose state law requires it (named in `signer_name`).
    Guardian,
}

impl Signer {
    pub const ALL: [Signer; 3] = [Signer::Client, Signer::MinorClient, Signer::Guardian];

    pub fn label(self) -> &'static str {
        match self {
            Signer::Client => "The client",
            Signer::MinorClient => "The client, as a minor consenting under state law",
            Signer::Guardian => "A parent or guardian, as state law requires for this minor",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Signer::Client => "client",
            Signer::MinorClient => "minor_client",
            Signer::Guardian => "guardian",
        }
    }

    pub fn from_key(key: &str) -> Option<Signer> {
        Signer::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// When a consent ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expiry {
    /// At the end of this date.
    Date {
        #[serde(with = "crate::domain::dates::iso_date")]
        on: NaiveDate,
    },
    /// When an event happens ("discharge from the programme"). The app cannot see events, so it
    /// stops sharing after `review_on` until someone confirms the consent or records a new one.
    Event {
        event: String,
        #[serde(with = "crate::domain::dates::iso_date")]
        review_on: NaiveDate,
    },
}

impl Expiry {
    /// The last day the consent can be relied on.
    pub fn last_day(&self) -> NaiveDate {
        match self {
            Expiry::Date { on } => *on,
            Expiry::Event { review_on, .. } => *review_on,
        }
    }
}

/// A revocation, effective from the day it was received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    #[serde(with = "crate::domain::dates::iso_date")]
    pub on: NaiveDate,
    /// How it was received, e.g. "in writing, handed to the front desk".
    pub how: String,
}

/// A written consent to share information about `client` with `recipient`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub id: String,
    pub schema: u32,
    pub client: ClientId,
    /// The family member who may receive the information.
    pub recipient: String,
    /// Who may disclose: the programme, by name.
    pub discloser: String,
    pub purpose: String,
    /// What may be shared, in [`ShareScope`] order.
    pub scopes: Vec<ShareScope>,
    #[serde(with = "crate::domain::dates::iso_date")]
    pub signed_on: NaiveDate,
    pub signer: Signer,
    /// The guardian's name when a guardian signed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signer_name: String,
    pub expiry: Expiry,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<Revocation>,
}

/// Where one consent stands on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentState {
    /// Signed after the date.
    NotYetSigned(NaiveDate),
    /// In force; the last day it can be relied on.
    Active(NaiveDate),
    /// Revoked on this date.
    Revoked(NaiveDate),
    /// Ended on this date.
    Expired(NaiveDate),
    /// Ends with an event whose review date has passed.
    ReviewDue { event: String, review_on: NaiveDate },
}

impl Consent {
    pub fn state_on(&self, date: NaiveDate) -> ConsentState {
        if let Some(r) = &self.revoked
            && r.on <= date
        {
            return ConsentState::Revoked(r.on);
        }
        if date < self.signed_on {
            return ConsentState::NotYetSigned(self.signed_on);
        }
        match &self.expiry {
            Expiry::Date { on } if *on < date => ConsentState::Expired(*on),
            Expiry::Event { event, review_on } if *review_on < date => ConsentState::ReviewDue {
                event: event.clone(),
                review_on: *review_on,
            },
            e => ConsentState::Active(e.last_day()),
        }
    }

    pub fn covers(&self, scope: ShareScope) -> bool {
        self.scopes.contains(&scope)
    }

    /// Why this consent does not allow `scope` on `date` (`None`: it does).
    fn refusal(&self, scope: ShareScope, date: NaiveDate, recipient: &str) -> Option<String> {
        match self.state_on(date) {
            ConsentState::Active(_) if self.covers(scope) => None,
            ConsentState::Active(_) => Some(format!(
                "The consent naming {recipient} does not cover {}.",
                scope.words()
            )),
            ConsentState::NotYetSigned(on) => Some(format!(
                "The consent naming {recipient} is signed only from {}.",
                human_date(on)
            )),
            ConsentState::Revoked(on) => Some(format!(
                "The consent naming {recipient} was revoked on {}.",
                human_date(on)
            )),
            ConsentState::Expired(on) => Some(format!(
                "The consent naming {recipient} expired on {}.",
                human_date(on)
            )),
            ConsentState::ReviewDue { event, review_on } => Some(format!(
                "The consent naming {recipient} ends when \"{event}\"; its review date, {}, has passed. Confirm it with the client or record a new one.",
                human_date(review_on)
            )),
        }
    }
}

/// Whether family member `recipient` may see `scope` about `client` on `date`: the consent that
/// allows it, or why not, in plain words ("No consent from Ana names Maria Lopez.", "The
/// consent naming Maria Lopez expired on 3 Dec 2026.").
pub fn may_see<'p>(
    p: &'p Programme,
    recipient: &str,
    client: &ClientId,
    scope: ShareScope,
    date: NaiveDate,
) -> Result<&'p Consent, String> {
    let Some(member) = p.family_members.get(recipient) else {
        return Err("This family member is no longer on record.".into());
    };
    if member.archived {
        return Err(format!(
            "{} is archived: nothing is shared with archived family members.",
            member.name
        ));
    }
    let client_name = p
        .clients
        .get(client)
        .map(|c| c.display_name().to_string())
        .unwrap_or_else(|| "this client".into());
    let mut consents = consents_between(p, client, recipient);
    if consents.is_empty() {
        return Err(format!(
            "No consent from {client_name} names {}.",
            member.name
        ));
    }
    if let Some(ok) = consents
        .iter()
        .find(|c| c.refusal(scope, date, &member.name).is_none())
    {
        return Ok(ok);
    }
    // The reason worth reading: an active consent's missing scope first, then the consent signed
    // last.
    consents.sort_by_key(|c| {
        (
            matches!(c.state_on(date), ConsentState::Active(_)),
            c.signed_on,
        )
    });
    let last = consents.last().expect("not empty");
    Err(last
        .refusal(scope, date, &member.name)
        .expect("refused above"))
}

/// The consents of `client` naming `recipient`.
pub fn consents_between<'p>(
    p: &'p Programme,
    client: &ClientId,
    recipient: &str,
) -> Vec<&'p Consent> {
    p.consents
        .values()
        .filter(|c| &c.client == client && c.recipient == recipient)
        .collect()
}

/// One recipient's consent standing for a client, at a glance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentStatus {
    /// No consent names them.
    None,
    /// In force until the date; `expiring` when that is within [`EXPIRING_WITHIN_DAYS`].
    Active {
        until: NaiveDate,
        expiring: bool,
        scopes: Vec<ShareScope>,
    },
    /// Nothing in force: why, in words.
    Ended(String),
}

impl ConsentStatus {
    /// "No consent", "Consent until 3 Dec 2026", "Consent ends 9 Dec 2026", or the reason.
    pub fn label(&self) -> String {
        match self {
            ConsentStatus::None => "No consent on record".into(),
            ConsentStatus::Active {
                until,
                expiring: false,
                ..
            } => format!("Consent until {}", human_date(*until)),
            ConsentStatus::Active { until, .. } => format!("Consent ends {}", human_date(*until)),
            ConsentStatus::Ended(why) => why.clone(),
        }
    }

    pub fn is_active(&self) -> bool {
        matches!(self, ConsentStatus::Active { .. })
    }
}

/// Where `recipient`'s consents for `client` stand on `date`: the one in force that lasts
/// longest, else why none is.
pub fn consent_status(
    p: &Programme,
    client: &ClientId,
    recipient: &str,
    date: NaiveDate,
) -> ConsentStatus {
    let name = p
        .family_members
        .get(recipient)
        .map(|m| m.name.as_str())
        .unwrap_or("them");
    let consents = consents_between(p, client, recipient);
    let best = consents
        .iter()
        .filter_map(|c| match c.state_on(date) {
            ConsentState::Active(until) => Some((until, *c)),
            _ => None,
        })
        .max_by_key(|(until, c)| (*until, c.signed_on));
    if let Some((until, c)) = best {
        let soon = date
            .checked_add_days(Days::new(EXPIRING_WITHIN_DAYS))
            .unwrap_or(date);
        return ConsentStatus::Active {
            until,
            expiring: until <= soon,
            scopes: c.scopes.clone(),
        };
    }
    match consents.iter().max_by_key(|c| c.signed_on) {
        None => ConsentStatus::None,
        Some(c) => ConsentStatus::Ended(
            c.refusal(ShareScope::FamilySessions, date, name)
                .unwrap_or_default(),
        ),
    }
}

/// Check a consent against the programme: the recipient supports the client, the purpose and
/// scope are stated, dates are in order, and the signer fits the client's age band (an adult
/// signs for themselves; for a minor, the minor or, where state law requires it, a guardian).
pub fn validate_consent(c: &Consent, p: &Programme) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    let client = p.clients.get(&c.client);
    match (client, p.family_members.get(&c.recipient)) {
        (None, _) => e.push("client", "This client no longer exists."),
        (_, None) => e.push("recipient", "Choose the family member who may receive it."),
        (Some(client), Some(m)) if m.support_of(&client.id).is_none() => e.push(
            "recipient",
            format!(
                "{} is not recorded as supporting {}.",
                m.name,
                client.display_name()
            ),
        ),
        _ => {}
    }
    if text::is_blank(&c.discloser) {
        e.push(
            "discloser",
            "Enter who may disclose (the programme's name).",
        );
    }
    if text::is_blank(&c.purpose) {
        e.push(
            "purpose",
            "Enter the purpose, e.g. \"to take part in family sessions\".",
        );
    }
    if c.scopes.is_empty() {
        e.push("scopes", "Choose at least one thing that may be shared.");
    }
    if let Some(client) = client {
        match (client.age_band, c.signer) {
            (AgeBand::Adult, Signer::Client) => {}
            (AgeBand::Adult, _) => e.push(
                "signer",
                format!(
                    "{} is an adult: only they can sign this consent.",
                    client.display_name()
                ),
            ),
            (AgeBand::Adolescent, Signer::Client) => e.push(
                "signer",
                "For a minor, say whether the minor consented under state law or a guardian signed.",
            ),
            (AgeBand::Adolescent, _) => {}
        }
    }
    if c.signer == Signer::Guardian && text::is_blank(&c.signer_name) {
        e.push("signer_name", "Enter the name of the guardian who signed.");
    }
    match &c.expiry {
        Expiry::Date { on } if *on < c.signed_on => e.push(
            "expiry",
            "The consent must end on or after the day it is signed.",
        ),
        Expiry::Event { event, .. } if text::is_blank(event) => e.push(
            "expiry",
            "Describe the event that ends the consent, e.g. \"discharge from the programme\".",
        ),
        Expiry::Event { review_on, .. } if *review_on < c.signed_on => e.push(
            "review_on",
            "The review date must be on or after the day it is signed.",
        ),
        _ => {}
    }
    if let Some(r) = &c.revoked {
        if r.on < c.signed_on {
            e.push(
                "revoked_on",
                "A consent cannot be revoked before it is signed.",
            );
        }
        if text::is_blank(&r.how) {
            e.push(
                "revoked_how",
                "Say how the revocation was received, e.g. \"in writing\".",
            );
        }
    }
    check_texts(c, Check::Typed, &mut e);
    e.into_result()
}

/// The rule of the way a revocation was received.
pub const REVOKED_HOW: Rule = Rule::short("How it was received");

/// The consent's free text against its rules, as strictly as `check` says: the form's check,
/// and a stored consent's (lengths only).
pub(crate) fn check_texts(c: &Consent, check: Check, e: &mut FieldErrors) {
    let event = match &c.expiry {
        Expiry::Event { event, .. } => event.as_str(),
        Expiry::Date { .. } => "",
    };
    let how = c.revoked.as_ref().map_or("", |r| r.how.as_str());
    check_text_fields(
        [&c.discloser, &c.purpose, &c.signer_name, event, how],
        check,
        e,
    );
}

/// [`check_texts`] on the values of discloser, purpose, guardian's name, ending event and how
/// a revocation was received, in that order.
pub(crate) fn check_text_fields(values: [&str; 5], check: Check, e: &mut FieldErrors) {
    let rules = [
        ("discloser", Rule::short("Who may disclose")),
        ("purpose", Rule::short("Purpose")),
        ("signer_name", Rule::name("Guardian's name")),
        ("expiry", Rule::short("The event that ends it")),
        ("revoked_how", REVOKED_HOW),
    ];
    for ((field, rule), value) in rules.into_iter().zip(values) {
        if let Some(p) = rule.problem(value, check) {
            e.push_once(field, p);
        }
    }
}
