//! Curricula: ordered units (a topic, optionally paired with a skills practice) grouped into
//! modules, run once from a start date (closed) or repeated (rolling); their validation and the
//! pure editing helpers behind the curriculum editor.

use crate::domain::errors::FieldErrors;
use crate::domain::table::Table;
use crate::domain::text::{self, Check, Rule};

use serde::{Deserialize, Serialize};

use crate::domain::library::topic::Topic;

/// Schema version of stored curriculum records.
pub const CURRICULUM_SCHEMA: u32 = 1;

/// Whether a curriculum runs once or repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CurriculumKind {
    /// Runs once from the plan's start date; everyone starts together.
    Closed,
    /// Repeats for as long as the group runs; clients join part-way through.
    Rolling,
}

/// Where a client may join a rolling curriculum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryRule {
    AnySession,
    ModuleStart,
}

/// One step of a curriculum: one session's topic, optionally with a skills practice paired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Unique within the curriculum; kept when units are reordered.
    pub id: String,
    /// Topic id.
    pub topic: String,
    /// Paired skills-practice topic id.
    #[serde(default)]
    pub practice: Option<String>,
}

/// A named run of units (for example "Distress tolerance").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Module {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub units: Vec<Unit>,
}

/// One curriculum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Curriculum {
    pub id: String,
    pub schema: u32,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub kind: CurriculumKind,
    /// Only meaningful for rolling curricula; closed ones are entered at the start.
    pub entry: EntryRule,
    #[serde(default)]
    pub modules: Vec<Module>,
    #[serde(default)]
    pub archived: bool,
}

/// One unit in running order, with where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<'a> {
    /// 0-based position in the whole curriculum.
    pub position: usize,
    pub module: &'a Module,
    pub unit: &'a Unit,
    /// Whether this is the first unit of its module.
    pub module_start: bool,
}

impl Curriculum {
    /// Every unit in running order.
    pub fn steps(&self) -> Vec<Step<'_>> {
        let mut out = Vec::new();
        for module in &self.modules {
            for (i, unit) in module.units.iter().enumerate() {
                out.push(Step {
                    position: out.len(),
                    module,
                    unit,
                    module_start: i == 0,
                });
            }
        }
        out
    }

    /// Number of units (sessions per cycle).
    pub fn len(&self) -> usize {
        self.modules.iter().map(|m| m.units.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every topic id the curriculum delivers (topics and paired practices), in running order,
    /// without repeats.
    pub fn topic_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for m in &self.modules {
            for u in &m.units {
                for t in std::iter::once(u.topic.as_str()).chain(u.practice.as_deref()) {
                    if !out.contains(&t) {
                        out.push(t);
                    }
                }
            }
        }
        out
    }

    /// Plain words for kind and entry ("Rolling, join at any session").
    pub fn kind_words(&self) -> &'static str {
        match (self.kind, self.entry) {
            (CurriculumKind::Closed, _) => "Closed: runs once, everyone starts together",
            (CurriculumKind::Rolling, EntryRule::AnySession) => "Rolling: join at any session",
            (CurriculumKind::Rolling, EntryRule::ModuleStart) => {
                "Rolling: join at the start of a module"
            }
        }
    }
}

/// "Module 2 (Emotion regulation)", or "Module 2" while the module has no name.
fn module_label(index: usize, module: &Module) -> String {
    let name = module.name.trim();
    // A name too long to read is left out (its own message says so).
    if name.is_empty() || name.chars().count() > text::NAME_MAX {
        format!("Module {}", index + 1)
    } else {
        format!("Module {} ({name})", index + 1)
    }
}

/// Check a curriculum against the topic library; `Err` lists every problem in plain words,
/// naming the module and position of each faulty unit.
pub fn validate_curriculum(
    c: &Curriculum,
    topics: &Table<String, Topic>,
) -> Result<(), FieldErrors> {
    check_curriculum(c, Some(topics), Check::Typed)
}

/// The checks of [`validate_curriculum`]; without a library, topic ids are not looked up.
/// Text is checked as strictly as `check` says (stored records: lengths only).
pub(crate) fn check_curriculum(
    c: &Curriculum,
    topics: Option<&Table<String, Topic>>,
    check: Check,
) -> Result<(), FieldErrors> {
    let known = |id: &str| topics.is_none_or(|t| t.contains_key(id));
    let mut problems = FieldErrors::default();
    if text::is_missing(&c.name, check) {
        problems.push("name", "Enter a name.".to_string());
    } else if let Some(p) = Rule::name("Name").problem(c.name.trim(), check) {
        problems.push("name", p);
    }
    if let Some(p) = Rule::notes("Description").problem(&c.description, check) {
        problems.push("description", p);
    }
    if c.is_empty() {
        problems.push("modules", "Add at least one unit.".to_string());
    }
    let mut module_ids: Vec<&str> = Vec::new();
    let mut unit_ids: Vec<&str> = Vec::new();
    for (mi, module) in c.modules.iter().enumerate() {
        let label = module_label(mi, module);
        if text::is_missing(&module.name, check) {
            problems.push("modules", format!("{label}: enter a name."));
        } else if let Some(p) = Rule::name("its name").problem(module.name.trim(), check) {
            problems.push("modules", format!("Module {}: {p}", mi + 1));
        }
        if module.id.trim().is_empty() || module_ids.contains(&module.id.as_str()) {
            problems.push("modules", format!("{label} has a missing or repeated id."));
        }
        module_ids.push(&module.id);
        // An empty module only matters once there is something else to run.
        if module.units.is_empty() && !c.is_empty() {
            problems.push(
                "modules",
                format!("{label} has no units; add one or remove the module."),
            );
        }
        for (ui, unit) in module.units.iter().enumerate() {
            let at = format!("{label}, unit {}", ui + 1);
            if unit.id.trim().is_empty() || unit_ids.contains(&unit.id.as_str()) {
                problems.push("modules", format!("{at} has a missing or repeated id."));
            }
            unit_ids.push(&unit.id);
            if unit.topic.trim().is_empty() {
                problems.push("modules", format!("{at}: choose a topic."));
            } else if !known(&unit.topic) {
                problems.push("modules", format!("{at}: the topic is not in the library."));
            }
            match unit.practice.as_deref() {
                None => {}
                Some(p) if p.trim().is_empty() => {
                    problems.push("modules", format!("{at}: choose a practice or remove it."));
                }
                Some(p) if !known(p) => {
                    problems.push(
                        "modules",
                        format!("{at}: the paired practice is not in the library."),
                    );
                }
                Some(p) if p == unit.topic => {
                    problems.push(
                        "modules",
                        format!("{at}: the paired practice must be a different topic."),
                    );
                }
                Some(_) => {}
            }
        }
    }
    problems.into_result()
}

/// Which way to move a module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Up,
    Down,
}

/// Editing helpers for the curriculum editor.
///
/// They mutate the curriculum in place (the UI clones the record it is editing, calls one helper
/// and stores the result) and report whether anything changed, so a click on a missing id or a
/// move past the ends is a harmless no-op rather than an error. None of them validates topics;
/// run [`validate_curriculum`] before saving.
impl Curriculum {
    /// Adds an empty module at the end. `false` (and no change) if the id is blank or in use.
    pub fn add_module(&mut self, name: impl Into<String>, id: impl Into<String>) -> bool {
        let id = id.into();
        if id.trim().is_empty() || self.modules.iter().any(|m| m.id == id) {
            return false;
        }
        self.modules.push(Module {
            id,
            name: name.into(),
            units: Vec::new(),
        });
        true
    }

    /// Renames module `id`. `false` if there is no such module.
    pub fn rename_module(&mut self, id: &str, name: impl Into<String>) -> bool {
        match self.modules.iter_mut().find(|m| m.id == id) {
            Some(m) => {
                m.name = name.into();
                true
            }
            None => false,
        }
    }

    /// Removes module `id` with its units and returns it (so the UI can offer undo).
    pub fn remove_module(&mut self, id: &str) -> Option<Module> {
        let at = self.modules.iter().position(|m| m.id == id)?;
        Some(self.modules.remove(at))
    }

    /// Swaps module `id` with its neighbour. `false` if it is missing or already at that end.
    pub fn move_module(&mut self, id: &str, direction: Direction) -> bool {
        let Some(at) = self.modules.iter().position(|m| m.id == id) else {
            return false;
        };
        let other = match direction {
            Direction::Up if at > 0 => at - 1,
            Direction::Down if at + 1 < self.modules.len() => at + 1,
            _ => return false,
        };
        self.modules.swap(at, other);
        true
    }

    /// Module and unit index of unit `unit_id`.
    fn locate_unit(&self, unit_id: &str) -> Option<(usize, usize)> {
        self.modules.iter().enumerate().find_map(|(mi, m)| {
            m.units
                .iter()
                .position(|u| u.id == unit_id)
                .map(|ui| (mi, ui))
        })
    }

    /// Adds a unit at the end of module `module_id`. `false` (and no change) if the module is
    /// missing or the unit id is blank or already used anywhere in the curriculum.
    pub fn add_unit(
        &mut self,
        module_id: &str,
        unit_id: impl Into<String>,
        topic: impl Into<String>,
        practice: Option<String>,
    ) -> bool {
        let unit_id = unit_id.into();
        if unit_id.trim().is_empty() || self.locate_unit(&unit_id).is_some() {
            return false;
        }
        let Some(module) = self.modules.iter_mut().find(|m| m.id == module_id) else {
            return false;
        };
        module.units.push(Unit {
            id: unit_id,
            topic: topic.into(),
            practice,
        });
        true
    }

    /// Removes unit `unit_id` and returns it.
    pub fn remove_unit(&mut self, unit_id: &str) -> Option<Unit> {
        let (mi, ui) = self.locate_unit(unit_id)?;
        Some(self.modules[mi].units.remove(ui))
    }

    /// Moves unit `unit_id` by `delta` places in running order (negative = earlier). Crossing a
    /// module boundary counts as one place: the first unit of a module moved up becomes the last
    /// unit of the previous module, and the last unit moved down becomes the first of the next.
    /// Stops at the very start or end. `false` if the unit is missing or nothing moved.
    pub fn move_unit(&mut self, unit_id: &str, delta: i32) -> bool {
        let Some((mut mi, mut ui)) = self.locate_unit(unit_id) else {
            return false;
        };
        let mut moved = false;
        for _ in 0..delta.unsigned_abs() {
            if delta < 0 {
                if ui > 0 {
                    self.modules[mi].units.swap(ui, ui - 1);
                    ui -= 1;
                } else if mi > 0 {
                    let unit = self.modules[mi].units.remove(ui);
                    mi -= 1;
                    self.modules[mi].units.push(unit);
                    ui = self.modules[mi].units.len() - 1;
                } else {
                    break;
                }
            } else if ui + 1 < self.modules[mi].units.len() {
                self.modules[mi].units.swap(ui, ui + 1);
                ui += 1;
            } else if mi + 1 < self.modules.len() {
                let unit = self.modules[mi].units.remove(ui);
                mi += 1;
                self.modules[mi].units.insert(0, unit);
                ui = 0;
            } else {
                break;
            }
            moved = true;
        }
        moved
    }

    /// Sets what unit `unit_id` delivers. `false` if there is no such unit.
    pub fn set_unit_topic(
        &mut self,
        unit_id: &str,
        topic: impl Into<String>,
        practice: Option<String>,
    ) -> bool {
        let Some((mi, ui)) = self.locate_unit(unit_id) else {
            return false;
        };
        let unit = &mut self.modules[mi].units[ui];
        unit.topic = topic.into();
        unit.practice = practice;
        true
    }

    /// A fresh unit id: "u" and one more than the highest number in use, padded to two digits
    /// ("u01", "u33"). Numbers of removed units are not reused while a higher one exists, so
    /// sessions recorded against an old unit are not confused with a new one.
    pub fn next_unit_id(&self) -> String {
        let used = self
            .modules
            .iter()
            .flat_map(|m| &m.units)
            .map(|u| u.id.as_str());
        format!("u{:02}", next_number(used, 'u'))
    }

    /// A fresh module id: "m" and one more than the highest number in use ("m1", "m5").
    pub fn next_module_id(&self) -> String {
        let used = self.modules.iter().map(|m| m.id.as_str());
        format!("m{}", next_number(used, 'm'))
    }
}

/// One more than the highest number among ids of the form `<prefix><digits>` (1 if none).
fn next_number<'a>(ids: impl Iterator<Item = &'a str>, prefix: char) -> u32 {
    ids.filter_map(|id| id.strip_prefix(prefix)?.parse::<u32>().ok())
        .max()
        .map_or(1, |n| n.saturating_add(1))
}

/// A copy of `c` under a new id, named "… (copy)" and not archived (the "Duplicate" action).
/// Module and unit ids are kept: they only need to be unique within one curriculum.
pub fn duplicate_curriculum(c: &Curriculum, new_id: String) -> Curriculum {
    Curriculum {
        id: new_id,
        name: text::with_suffix(&c.name, " (copy)", text::NAME_MAX),
        archived: false,
        ..c.clone()
    }
}

/// A new, closed curriculum named "New curriculum" with one empty module "Module 1" (id "m1"),
/// ready for the editor.
pub fn blank_curriculum(id: String) -> Curriculum {
    Curriculum {
        id,
        schema: CURRICULUM_SCHEMA,
        name: "New curriculum".to_string(),
        description: String::new(),
        kind: CurriculumKind::Closed,
        entry: EntryRule::AnySession,
        modules: vec![Module {
            id: "m1".to_string(),
            name: "Module 1".to_string(),
            units: Vec::new(),
        }],
        archived: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::library::topic::{Modality, TOPIC_SCHEMA, TopicKind};

    fn topic(id: &str, kind: TopicKind) -> Topic {
        Topic {
            id: id.into(),
            schema: TOPIC_SCHEMA,
            title: id.into(),
            kind,
            modalities: vec![Modality::Dbt],
            summary: String::new(),
            objectives: vec!["Name one skill".into()],
            minutes: 60,
            materials: Vec::new(),
            homework: String::new(),
            facilitator_notes: String::new(),
            core: false,
            archived: false,
        }
    }

    fn library() -> Table<String, Topic> {
        [
            ("wise", TopicKind::SkillsPractice),
            ("calm", TopicKind::Psychoeducation),
            ("facts", TopicKind::Psychoeducation),
            ("breathe", TopicKind::SkillsPractice),
        ]
        .into_iter()
        .map(|(id, kind)| (id.to_string(), topic(id, kind)))
        .collect()
    }

    fn unit(id: &str, topic: &str, practice: Option<&str>) -> Unit {
        Unit {
            id: id.into(),
            topic: topic.into(),
            practice: practice.map(str::to_string),
        }
    }

    /// Two modules: m1 = u1, u2; m2 = u3, u4.
    fn sample() -> Curriculum {
        Curriculum {
            id: "c1".into(),
            schema: CURRICULUM_SCHEMA,
            name: "Skills".into(),
            description: String::new(),
            kind: CurriculumKind::Rolling,
            entry: EntryRule::ModuleStart,
            modules: vec![
                Module {
                    id: "m1".into(),
                    name: "Distress tolerance".into(),
                    units: vec![
                        unit("u1", "wise", None),
                        unit("u2", "calm", Some("breathe")),
                    ],
                },
                Module {
                    id: "m2".into(),
                    name: "Emotion regulation".into(),
                    units: vec![unit("u3", "wise", None), unit("u4", "facts", None)],
                },
            ],
            archived: false,
        }
    }

    /// Running order as (module id, unit id).
    fn order(c: &Curriculum) -> Vec<(String, String)> {
        c.steps()
            .iter()
            .map(|s| (s.module.id.clone(), s.unit.id.clone()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(m, u)| (m.to_string(), u.to_string()))
            .collect()
    }

    #[test]
    fn a_complete_curriculum_is_valid() {
        assert_eq!(validate_curriculum(&sample(), &library()), Ok(()));
    }

    #[test]
    fn validation_names_the_module_and_position_of_each_broken_unit() {
        let mut c = sample();
        c.name = "  ".into();
        c.description = "x".repeat(text::NOTES_MAX + 1);
        c.modules[1].units[1] = unit("u4", "", None);
        c.modules[1].units.push(unit("u5", "gone", Some("facts")));
        c.modules[1].units.push(unit("u6", "facts", Some("facts")));
        c.modules[1].units.push(unit("u1", "calm", Some("missing")));
        c.modules[0].units[0].practice = Some(" ".into());
        assert_eq!(
            validate_curriculum(&c, &library()).unwrap_err().messages(),
            [
                "Enter a name.",
                "Description is too long: 5,001 characters; at most 5,000.",
                "Module 1 (Distress tolerance), unit 1: choose a practice or remove it.",
                "Module 2 (Emotion regulation), unit 2: choose a topic.",
                "Module 2 (Emotion regulation), unit 3: the topic is not in the library.",
                "Module 2 (Emotion regulation), unit 4: the paired practice must be a different topic.",
                "Module 2 (Emotion regulation), unit 5 has a missing or repeated id.",
                "Module 2 (Emotion regulation), unit 5: the paired practice is not in the library.",
            ]
        );
    }

    #[test]
    fn validation_checks_modules_and_that_there_is_something_to_run() {
        let mut c = sample();
        c.name = "N".repeat(text::NAME_MAX + 1);
        c.modules[1].name = String::new();
        c.modules[1].id = "m1".into();
        c.modules.push(Module {
            id: "m3".into(),
            name: "Interpersonal effectiveness".into(),
            units: Vec::new(),
        });
        assert_eq!(
            validate_curriculum(&c, &library()).unwrap_err().messages(),
            [
                "Name is too long: 201 characters; at most 200.",
                "Module 2: enter a name.",
                "Module 2 has a missing or repeated id.",
                "Module 3 (Interpersonal effectiveness) has no units; add one or remove the module.",
            ]
        );
        // A blank curriculum asks for a unit rather than complaining about its empty module.
        assert_eq!(
            validate_curriculum(&blank_curriculum("c2".into()), &library())
                .unwrap_err()
                .messages(),
            ["Add at least one unit."]
        );
    }

    #[test]
    fn moving_a_unit_crosses_module_boundaries_one_place_at_a_time() {
        let mut c = sample();
        // The first unit of module 2 moved up becomes the last unit of module 1.
        assert!(c.move_unit("u3", -1));
        assert_eq!(
            order(&c),
            pairs(&[("m1", "u1"), ("m1", "u2"), ("m1", "u3"), ("m2", "u4")])
        );
        // Further up, it passes units within module 1.
        assert!(c.move_unit("u3", -1));
        assert_eq!(
            order(&c),
            pairs(&[("m1", "u1"), ("m1", "u3"), ("m1", "u2"), ("m2", "u4")])
        );
        // The last unit of module 1 moved down becomes the first of module 2.
        assert!(c.move_unit("u2", 1));
        assert_eq!(
            order(&c),
            pairs(&[("m1", "u1"), ("m1", "u3"), ("m2", "u2"), ("m2", "u4")])
        );
        // A big jump stops at the very end; nothing moves past the start.
        assert!(c.move_unit("u1", 10));
        assert_eq!(
            order(&c),
            pairs(&[("m1", "u3"), ("m2", "u2"), ("m2", "u4"), ("m2", "u1")])
        );
        assert!(!c.move_unit("u3", -1));
        assert!(!c.move_unit("u1", 1));
        assert!(!c.move_unit("nope", 1));
        assert!(!c.move_unit("u2", 0));
        assert_eq!(c.len(), 4);
    }

    #[test]
    fn moving_up_into_an_empty_module_lands_in_it() {
        let mut c = sample();
        c.modules[0].units.clear();
        assert!(c.move_unit("u3", -1));
        assert_eq!(order(&c), pairs(&[("m1", "u3"), ("m2", "u4")]));
        assert!(!c.move_unit("u3", -1));
    }

    #[test]
    fn modules_can_be_added_renamed_moved_and_removed() {
        let mut c = sample();
        let id = c.next_module_id();
        assert_eq!(id, "m3");
        assert!(c.add_module("Interpersonal effectiveness", id.clone()));
        assert!(!c.add_module("Again", "m1"), "module ids stay unique");
        assert!(!c.add_module("Blank id", " "));
        assert!(c.rename_module("m3", "Getting along"));
        assert!(!c.rename_module("m9", "Nothing"));
        assert!(c.move_module("m3", Direction::Up));
        assert!(!c.move_module("m1", Direction::Up));
        assert!(!c.move_module("m9", Direction::Down));
        let names: Vec<&str> = c.modules.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            ["Distress tolerance", "Getting along", "Emotion regulation"]
        );
        assert!(c.move_module("m3", Direction::Down));
        assert!(!c.move_module("m3", Direction::Down));
        let removed = c.remove_module("m1").map(|m| m.units.len());
        assert_eq!(removed, Some(2));
        assert_eq!(c.len(), 2);
        assert_eq!(c.remove_module("m1"), None);
    }

    #[test]
    fn units_can_be_added_retargeted_and_removed_with_fresh_ids() {
        let mut c = sample();
        let id = c.next_unit_id();
        assert_eq!(id, "u05");
        assert!(c.add_unit("m1", id.clone(), "facts", Some("breathe".into())));
        assert!(
            !c.add_unit("m1", "u2", "facts", None),
            "unit ids stay unique"
        );
        assert!(!c.add_unit("m9", "u99", "facts", None));
        assert_eq!(
            order(&c),
            pairs(&[
                ("m1", "u1"),
                ("m1", "u2"),
                ("m1", "u05"),
                ("m2", "u3"),
                ("m2", "u4")
            ])
        );
        assert!(c.set_unit_topic("u3", "calm", Some("breathe".into())));
        assert!(!c.set_unit_topic("u99", "calm", None));
        assert_eq!(c.modules[1].units[0], unit("u3", "calm", Some("breathe")));
        assert_eq!(validate_curriculum(&c, &library()), Ok(()));
        // Removing the newest unit does not hand its id out again while a higher one exists.
        assert_eq!(
            c.remove_unit("u2").map(|u| u.topic),
            Some("calm".to_string())
        );
        assert_eq!(c.remove_unit("u2"), None);
        assert_eq!(c.next_unit_id(), "u06");
        assert_eq!(blank_curriculum("x".into()).next_unit_id(), "u01");
    }

    #[test]
    fn a_blank_curriculum_is_closed_with_one_empty_module() {
        let c = blank_curriculum("c9".into());
        assert_eq!(c.id, "c9");
        assert_eq!(c.kind, CurriculumKind::Closed);
        assert_eq!(c.modules.len(), 1);
        assert_eq!(
            (c.modules[0].id.as_str(), c.modules[0].name.as_str()),
            ("m1", "Module 1")
        );
        assert!(c.is_empty() && !c.archived);
        assert_eq!(c.next_module_id(), "m2");
    }

    #[test]
    fn duplicating_copies_the_units_under_a_new_id_and_name() {
        let mut original = sample();
        original.archived = true;
        let copy = duplicate_curriculum(&original, "c2".into());
        assert_eq!(
            (copy.id.as_str(), copy.name.as_str(), copy.archived),
            ("c2", "Skills (copy)", false)
        );
        assert_eq!(order(&copy), order(&original));
        assert_eq!((copy.kind, copy.entry), (original.kind, original.entry));
        assert_eq!(validate_curriculum(&copy, &library()), Ok(()));
    }
}
