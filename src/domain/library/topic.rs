//! Topics of the session library (groundwork for session-agenda planning): psychoeducation
//! topics and skills practices with their objectives and materials, validation, and search with
//! kind and modality filters. Not stored or shown yet.

use crate::domain::errors::FieldErrors;
use crate::domain::sorting;
use crate::domain::text::{self, Check, Rule};
use serde::{Deserialize, Serialize};

/// Schema version of stored topic records.
pub const TOPIC_SCHEMA: u32 = 1;

/// What a session on the topic mainly does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicKind {
    Psychoeducation,
    SkillsPractice,
    Process,
    FamilyEducation,
}

impl TopicKind {
    pub const ALL: [TopicKind; 4] = [
        TopicKind::Psychoeducation,
        TopicKind::SkillsPractice,
        TopicKind::Process,
        TopicKind::FamilyEducation,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TopicKind::Psychoeducation => "Psychoeducation",
            TopicKind::SkillsPractice => "Skills practice",
            TopicKind::Process => "Process",
            TopicKind::FamilyEducation => "Family education",
        }
    }
}

/// Therapeutic approach a topic belongs to (a topic may have several).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    Cbt,
    Dbt,
    Mindfulness,
    RelapsePrevention,
    CopingSkills,
    HealthyLiving,
    MedicationEducation,
    Family,
    Other,
}

impl Modality {
    pub const ALL: [Modality; 9] = [
        Modality::Cbt,
        Modality::Dbt,
        Modality::Mindfulness,
        Modality::RelapsePrevention,
        Modality::CopingSkills,
        Modality::HealthyLiving,
        Modality::MedicationEducation,
        Modality::Family,
        Modality::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Modality::Cbt => "CBT",
            Modality::Dbt => "DBT",
            Modality::Mindfulness => "Mindfulness",
            Modality::RelapsePrevention => "Relapse prevention",
            Modality::CopingSkills => "Coping skills",
            Modality::HealthyLiving => "Healthy living",
            Modality::MedicationEducation => "Medication education",
            Modality::Family => "Family",
            Modality::Other => "Other",
        }
    }
}

/// One library topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub schema: u32,
    pub title: String,
    pub kind: TopicKind,
    #[serde(default)]
    pub modalities: Vec<Modality>,
    #[serde(default)]
    pub summary: String,
    /// One objective per entry ("Name three early warning signs of relapse").
    #[serde(default)]
    pub objectives: Vec<String>,
    /// Default length of a session on this topic.
    pub minutes: u16,
    #[serde(default)]
    pub materials: Vec<String>,
    #[serde(default)]
    pub homework: String,
    #[serde(default)]
    pub facilitator_notes: String,
    /// Core topics are the ones every client should receive; coverage tracks them.
    #[serde(default)]
    pub core: bool,
    #[serde(default)]
    pub archived: bool,
}

/// Longest free text (summary, homework, notes) accepted; the same as [`text::NOTES_MAX`].
pub const TEXT_MAX: usize = text::NOTES_MAX;

/// Check a topic as typed in the editor; `Err` lists every problem in plain words.
pub fn validate_topic(t: &Topic) -> Result<(), FieldErrors> {
    check_topic(t, Check::Typed)
}

/// [`validate_topic`], as strict as `check` says (stored records: lengths only).
pub(crate) fn check_topic(t: &Topic, check: Check) -> Result<(), FieldErrors> {
    let mut problems = FieldErrors::default();
    if text::is_missing(&t.title, check) {
        problems.push("title", "Enter a title.".to_string());
    } else if let Some(p) = Rule::name("Title").problem(t.title.trim(), check) {
        problems.push("title", p);
    }
    if !(5..=480).contains(&t.minutes) {
        problems.push(
            "minutes",
            "The default length must be between 5 minutes and 8 hours.",
        );
    }
    for (rule, value) in [
        (Rule::notes("Summary"), &t.summary),
        (Rule::notes("Homework"), &t.homework),
        (
            Rule::notes("Facilitator notes").plural(),
            &t.facilitator_notes,
        ),
    ] {
        if let Some(p) = rule.problem(value, check) {
            problems.push("text", p);
        }
    }
    if t.objectives.iter().any(|o| text::is_missing(o, check)) {
        problems.push("objectives", "Remove empty learning objectives.");
    }
    if let Some(p) = t
        .objectives
        .iter()
        .find_map(|o| Rule::short("A learning objective").problem(o, check))
    {
        problems.push("objectives", p);
    }
    if let Some(p) = t
        .materials
        .iter()
        .find_map(|m| Rule::short("A material or handout").problem(m, check))
    {
        problems.push("materials", p);
    }
    let mut seen = Vec::new();
    for m in &t.modalities {
        if seen.contains(m) {
            problems.push("modalities", format!("{} is listed twice.", m.label()));
        }
        seen.push(*m);
    }
    problems.into_result()
}

/// What to look for in the library.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopicFilter {
    /// Words that must all appear in the title, summary or objectives (any case).
    pub query: String,
    pub kind: Option<TopicKind>,
    pub modality: Option<Modality>,
    pub core_only: bool,
    pub include_archived: bool,
}

impl TopicFilter {
    /// Whether `t` passes the filter.
    pub fn matches(&self, t: &Topic) -> bool {
        if (t.archived && !self.include_archived)
            || (self.core_only && !t.core)
            || self.kind.is_some_and(|k| k != t.kind)
            || self.modality.is_some_and(|m| !t.modalities.contains(&m))
        {
            return false;
        }
        let haystack =
            format!("{} {} {}", t.title, t.summary, t.objectives.join(" ")).to_lowercase();
        self.query
            .split_whitespace()
            .all(|w| haystack.contains(&w.to_lowercase()))
    }
}

/// Topics passing `filter`, sorted by title.
pub fn search_topics<'a>(
    topics: impl IntoIterator<Item = &'a Topic>,
    filter: &TopicFilter,
) -> Vec<&'a Topic> {
    let mut found: Vec<&Topic> = topics.into_iter().filter(|t| filter.matches(t)).collect();
    sorting::sort_by_cached_key(&mut found, |t| t.title.to_lowercase());
    found
}

/// A copy of `t` under a new id, titled "… (copy)", not archived (the "Duplicate" action).
pub fn duplicate_topic(t: &Topic, id: String) -> Topic {
    Topic {
        id,
        title: text::with_suffix(&t.title, " (copy)", text::NAME_MAX),
        archived: false,
        ..t.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(id: &str, title: &str, kind: TopicKind, modalities: &[Modality]) -> Topic {
        Topic {
            id: id.into(),
            schema: TOPIC_SCHEMA,
            title: title.into(),
            kind,
            modalities: modalities.to_vec(),
            summary: String::new(),
            objectives: vec!["Name one thing".into()],
            minutes: 50,
            materials: Vec::new(),
            homework: String::new(),
            facilitator_notes: String::new(),
            core: false,
            archived: false,
        }
    }

    #[test]
    fn topics_are_validated_with_every_problem_named() {
        let ok = topic(
            "t1",
            "Triggers and cravings",
            TopicKind::Psychoeducation,
            &[Modality::RelapsePrevention],
        );
        assert_eq!(validate_topic(&ok), Ok(()));
        let bad = Topic {
            title: " ".into(),
            minutes: 2,
            objectives: vec!["".into()],
            modalities: vec![Modality::Dbt, Modality::Dbt],
            homework: "x".repeat(TEXT_MAX + 1),
            ..ok.clone()
        };
        let problems = validate_topic(&bad).unwrap_err().messages();
        assert_eq!(
            problems,
            [
                "Enter a title.",
                "The default length must be between 5 minutes and 8 hours.",
                "Homework is too long: 5,001 characters; at most 5,000.",
                "Remove empty learning objectives.",
                "DBT is listed twice."
            ]
        );
    }

    #[test]
    fn search_filters_by_words_kind_modality_core_and_archive() {
        let mut a = topic(
            "a",
            "Urge surfing",
            TopicKind::SkillsPractice,
            &[Modality::Mindfulness, Modality::RelapsePrevention],
        );
        a.core = true;
        let b = topic(
            "b",
            "Thinking traps",
            TopicKind::Psychoeducation,
            &[Modality::Cbt],
        );
        let mut c = topic(
            "c",
            "Old surfing handout",
            TopicKind::SkillsPractice,
            &[Modality::Mindfulness],
        );
        c.archived = true;
        let all = [a.clone(), b.clone(), c.clone()];
        let titles = |f: &TopicFilter| -> Vec<String> {
            search_topics(&all, f)
                .into_iter()
                .map(|t| t.title.clone())
                .collect()
        };
        assert_eq!(
            titles(&TopicFilter::default()),
            ["Thinking traps", "Urge surfing"]
        );
        let surf = TopicFilter {
            query: "SURF".into(),
            ..TopicFilter::default()
        };
        assert_eq!(titles(&surf), ["Urge surfing"]);
        let with_archived = TopicFilter {
            include_archived: true,
            ..surf
        };
        assert_eq!(
            titles(&with_archived),
            ["Old surfing handout", "Urge surfing"]
        );
        let cbt = TopicFilter {
            modality: Some(Modality::Cbt),
            ..TopicFilter::default()
        };
        assert_eq!(titles(&cbt), ["Thinking traps"]);
        let skills_core = TopicFilter {
            kind: Some(TopicKind::SkillsPractice),
            core_only: true,
            ..TopicFilter::default()
        };
        assert_eq!(titles(&skills_core), ["Urge surfing"]);
        let objective = TopicFilter {
            query: "name one".into(),
            ..TopicFilter::default()
        };
        assert_eq!(titles(&objective).len(), 2);
        let copy = duplicate_topic(&c, "c2".into());
        assert_eq!(
            (copy.title.as_str(), copy.archived, copy.id.as_str()),
            ("Old surfing handout (copy)", false, "c2")
        );
    }

    #[test]
    fn topics_round_trip_and_old_records_get_defaults() {
        let t = topic(
            "t",
            "Sleep and recovery",
            TopicKind::Psychoeducation,
            &[Modality::HealthyLiving],
        );
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["modalities"], serde_json::json!(["healthy_living"]));
        assert_eq!(serde_json::from_value::<Topic>(json).unwrap(), t);
        let minimal: Topic = serde_json::from_value(serde_json::json!({
            "id": "m", "schema": 1, "title": "Minimal", "kind": "process", "minutes": 90
        }))
        .unwrap();
        assert!(minimal.objectives.is_empty() && !minimal.core);
    }
}
