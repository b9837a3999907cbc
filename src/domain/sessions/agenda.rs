//! Timed session agendas: blocks (check-in, psychoeducation, skills practice, ...) from a template
//! per group type, edited per session, and checked against the session length.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::domain::dates::end_time;
use crate::domain::roster::group::GroupType;
use crate::domain::text::{self, Check, Rule};

/// What a block of a session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    CheckIn,
    HomeworkReview,
    Psychoeducation,
    SkillsPractice,
    Processing,
    Break,
    WrapUp,
    Other,
}

/// One timed block of an agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Unique within the session ("b1", "b2", ...).
    pub id: String,
    pub kind: BlockKind,
    /// Shown on the agenda ("Check-in", "Wrap-up and homework").
    pub title: String,
    pub minutes: u16,
}

impl BlockKind {
    /// Every kind, in the order a picker lists them.
    pub const ALL: [BlockKind; 8] = [
        BlockKind::CheckIn,
        BlockKind::HomeworkReview,
        BlockKind::Psychoeducation,
        BlockKind::SkillsPractice,
        BlockKind::Processing,
        BlockKind::Break,
        BlockKind::WrapUp,
        BlockKind::Other,
    ];

    /// The kind in plain words (also the default title of a new block).
    pub fn label(self) -> &'static str {
        match self {
            BlockKind::CheckIn => "Check-in",
            BlockKind::HomeworkReview => "Homework review",
            BlockKind::Psychoeducation => "Psychoeducation",
            BlockKind::SkillsPractice => "Skills practice",
            BlockKind::Processing => "Processing",
            BlockKind::Break => "Break",
            BlockKind::WrapUp => "Wrap-up and homework",
            BlockKind::Other => "Other",
        }
    }
}

/// Sessions at least this long get a break in the middle.
pub const BREAK_FROM_MINUTES: u16 = 150;
/// Length of that break.
pub const BREAK_MINUTES: u16 = 10;
/// Longest block a person may set.
const MAX_BLOCK_MINUTES: u16 = 480;
/// The rule of a block's title.
pub const BLOCK_TITLE: Rule = Rule::name("A block title");

/// One block of a template: its share of the session and how readily it is dropped when the
/// session is too short for every block (lowest `keep` goes first; the main block never does).
struct Part {
    kind: BlockKind,
    title: &'static str,
    /// Percent of the session (without the break).
    weight: u32,
    keep: u8,
    main: bool,
}

const fn part(kind: BlockKind, title: &'static str, weight: u32, keep: u8) -> Part {
    Part {
        kind,
        title,
        weight,
        keep,
        main: false,
    }
}

const fn main_part(kind: BlockKind, title: &'static str, weight: u32) -> Part {
    Part {
        kind,
        title,
        weight,
        keep: u8::MAX,
        main: true,
    }
}

use BlockKind as K;

const PROCESS: [Part; 3] = [
    part(K::CheckIn, "Check-in", 20, 4),
    main_part(K::Processing, "Processing", 65),
    part(K::WrapUp, "Wrap-up", 15, 5),
];
const PSYCHOEDUCATION: [Part; 5] = [
    part(K::CheckIn, "Check-in", 15, 4),
    part(K::HomeworkReview, "Homework review", 10, 1),
    main_part(K::Psychoeducation, "Psychoeducation", 40),
    part(K::SkillsPractice, "Skills practice", 20, 3),
    part(K::WrapUp, "Wrap-up and homework", 15, 5),
];
const SKILLS: [Part; 5] = [
    part(K::CheckIn, "Check-in and mindfulness", 15, 4),
    part(K::HomeworkReview, "Homework review", 15, 1),
    main_part(K::Psychoeducation, "Skills teaching", 35),
    part(K::SkillsPractice, "Skills practice", 20, 3),
    part(K::WrapUp, "Wrap-up and homework", 15, 5),
];
const RELAPSE_PREVENTION: [Part; 5] = [
    part(K::CheckIn, "Check-in", 15, 4),
    main_part(K::Psychoeducation, "Psychoeducation", 30),
    part(K::SkillsPractice, "Skills practice", 20, 3),
    part(K::Processing, "Processing", 20, 2),
    part(K::WrapUp, "Wrap-up and homework", 15, 5),
];
const FAMILY: [Part; 4] = [
    part(K::CheckIn, "Welcome and check-in", 15, 4),
    main_part(K::Psychoeducation, "Family education", 40),
    part(K::Processing, "Discussion", 30, 2),
    part(K::WrapUp, "Wrap-up", 15, 5),
];
const OTHER: [Part; 3] = [
    part(K::CheckIn, "Check-in", 15, 4),
    main_part(K::Other, "Main activity", 70),
    part(K::WrapUp, "Wrap-up", 15, 5),
];

fn parts(kind: GroupType) -> &'static [Part] {
    match kind {
        GroupType::Process => &PROCESS,
        GroupType::Psychoeducation => &PSYCHOEDUCATION,
        GroupType::Skills => &SKILLS,
        GroupType::RelapsePrevention => &RELAPSE_PREVENTION,
        GroupType::FamilyEducation | GroupType::MultiFamily => &FAMILY,
        GroupType::Other => &OTHER,
    }
}

/// `weight` percent of `minutes`, to the nearest 5 minutes, at least 5.
fn share(weight: u32, minutes: u32) -> u32 {
    ((weight * minutes + 250) / 500 * 5).max(5)
}

/// The default agenda for a session of a group of type `kind` lasting `minutes`.
///
/// Blocks get their share of the session rounded to 5 minutes (at least 5 each); the main block
/// (processing, psychoeducation, skills teaching, ...) takes whatever is left, so the agenda adds
/// up to exactly `minutes`. Sessions too short for every block lose the least essential ones
/// first (homework review, then discussion, practice, check-in, wrap-up). Sessions of
/// [`BREAK_FROM_MINUTES`] or more get a [`BREAK_MINUTES`] break at the block boundary nearest
/// the middle, or in the middle of the main block when no boundary is near the middle.
pub fn template(kind: GroupType, minutes: u16) -> Vec<Block> {
    let total = u32::from(minutes);
    if total == 0 {
        return Vec::new();
    }
    let with_break = minutes >= BREAK_FROM_MINUTES;
    let avail = if with_break {
        total - u32::from(BREAK_MINUTES)
    } else {
        total
    };
    let mut chosen: Vec<&Part> = parts(kind).iter().collect();
    // Drop the least essential blocks until the main block keeps at least 5 minutes.
    loop {
        let others: u32 = chosen
            .iter()
            .filter(|p| !p.main)
            .map(|p| share(p.weight, avail))
            .sum();
        if others + 5 <= avail {
            break;
        }
        let weakest = chosen
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.main)
            .min_by_key(|(_, p)| p.keep)
            .map(|(i, _)| i);
        match weakest {
            Some(i) => {
                chosen.remove(i);
            }
            None => break,
        }
    }
    let others: u32 = chosen
        .iter()
        .filter(|p| !p.main)
        .map(|p| share(p.weight, avail))
        .sum();
    let mut sized: Vec<(BlockKind, String, u32)> = chosen
        .iter()
        .map(|p| {
            let m = if p.main {
                avail.saturating_sub(others)
            } else {
                share(p.weight, avail)
            };
            (p.kind, p.title.to_string(), m)
        })
        .collect();
    if with_break {
        insert_break(&mut sized, &chosen, avail);
    }
    sized
        .into_iter()
        .enumerate()
        .map(|(i, (kind, title, m))| Block {
            id: format!("b{}", i + 1),
            kind,
            title,
            minutes: u16::try_from(m).unwrap_or(u16::MAX),
        })
        .collect()
}

/// Shortest part of a main block split around the break.
const MIN_SPLIT: u32 = 20;

/// Put the break at the block boundary nearest the middle, or split the main block around it
/// when no boundary is within a tenth of the session of the middle and the middle falls well
/// inside the main block (a long process group breaks half-way through processing, not after
/// check-in).
fn insert_break(sized: &mut Vec<(BlockKind, String, u32)>, chosen: &[&Part], avail: u32) {
    let mid = avail / 2;
    let mut ends = Vec::with_capacity(sized.len());
    let mut at = 0;
    for (_, _, m) in sized.iter() {
        at += m;
        ends.push(at);
    }
    // Boundaries between blocks: (index to insert at, minute).
    let nearest = ends[..ends.len().saturating_sub(1)]
        .iter()
        .enumerate()
        .map(|(i, end)| (i + 1, *end))
        .min_by_key(|(_, end)| end.abs_diff(mid));
    let main = chosen.iter().position(|p| p.main);
    let brk = (
        BlockKind::Break,
        BlockKind::Break.label().to_string(),
        u32::from(BREAK_MINUTES),
    );
    let far = nearest.is_none_or(|(_, end)| end.abs_diff(mid) > avail / 10);
    if let Some(i) = main.filter(|_| far) {
        let len = sized[i].2;
        let begin = ends[i] - len;
        if begin < mid && mid < ends[i] {
            let first = ((mid - begin) + 2) / 5 * 5;
            // Only a split that leaves a real block on both sides of the break.
            if first >= MIN_SPLIT && len.saturating_sub(first) >= MIN_SPLIT {
                sized[i].2 = first;
                let rest = (
                    sized[i].0,
                    format!("{} (continued)", sized[i].1),
                    len - first,
                );
                sized.insert(i + 1, rest);
                sized.insert(i + 1, brk);
                return;
            }
        }
    }
    let at = nearest.map_or(sized.len(), |(i, _)| i);
    sized.insert(at, brk);
}

/// Planned agenda minutes against the session length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// Sum of the blocks.
    pub planned: u32,
    /// Length of the session.
    pub session: u32,
}

/// How the agenda's blocks add up against a session of `session_minutes`.
pub fn timing(blocks: &[Block], session_minutes: u16) -> Timing {
    Timing {
        planned: blocks.iter().map(|b| u32::from(b.minutes)).sum(),
        session: u32::from(session_minutes),
    }
}

/// "1 minute", "45 minutes", "2 hours", "2 hours 15 minutes" (hours from 120 minutes on).
fn amount_words(minutes: u32) -> String {
    let plural = |n: u32, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    if minutes < 120 {
        return plural(minutes, "minute", "minutes");
    }
    let (h, m) = (minutes / 60, minutes % 60);
    if m == 0 {
        plural(h, "hour", "hours")
    } else {
        format!(
            "{} {}",
            plural(h, "hour", "hours"),
            plural(m, "minute", "minutes")
        )
    }
}

/// The session length as an adjective: "90-minute", "3-hour".
fn length_adjective(minutes: u32) -> String {
    if minutes >= 120 && minutes.is_multiple_of(60) {
        format!("{}-hour", minutes / 60)
    } else {
        format!("{minutes}-minute")
    }
}

impl Timing {
    /// Whether the blocks fill the session exactly.
    pub fn fits(&self) -> bool {
        self.planned == self.session
    }

    /// What is wrong with the timing in plain words, if anything.
    pub fn warning(&self) -> Option<String> {
        let session = length_adjective(self.session);
        if self.planned > self.session {
            Some(format!(
                "The agenda runs {} over the {session} session: shorten or remove a block.",
                amount_words(self.planned - self.session)
            ))
        } else if self.planned < self.session {
            let gap = self.session - self.planned;
            let verb = if gap == 1 { "is" } else { "are" };
            Some(format!(
                "{} of the {session} session {verb} not planned.",
                amount_words(gap)
            ))
        } else {
            None
        }
    }
}

/// Start and end of each block when the session starts at `start` (blocks run back to back;
/// times stop at 23:59 rather than wrapping past midnight).
pub fn times(start: NaiveTime, blocks: &[Block]) -> Vec<(NaiveTime, NaiveTime)> {
    let mut at = start;
    blocks
        .iter()
        .map(|b| {
            let from = at;
            at = end_time(at, b.minutes);
            (from, at)
        })
        .collect()
}

const GONE: &str = "That block is no longer on the agenda.";

fn index_of(blocks: &[Block], id: &str) -> Result<usize, String> {
    blocks
        .iter()
        .position(|b| b.id == id)
        .ok_or_else(|| GONE.to_string())
}

/// Add a block at the end and return its id (one past the highest "bN" in use, so ids of
/// removed blocks are not reused). A blank title becomes the kind's label; the title is cut to
/// [`BLOCK_TITLE`]'s length and the length kept between 1 minute and 8 hours.
pub fn add_block(blocks: &mut Vec<Block>, kind: BlockKind, title: &str, minutes: u16) -> String {
    let next = blocks
        .iter()
        .filter_map(|b| b.id.strip_prefix('b')?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let id = format!("b{next}");
    let title = title.trim();
    let title = if title.is_empty() {
        kind.label().to_string()
    } else {
        title.chars().take(BLOCK_TITLE.max).collect()
    };
    blocks.push(Block {
        id: id.clone(),
        kind,
        title,
        minutes: minutes.clamp(1, MAX_BLOCK_MINUTES),
    });
    id
}

/// Remove the block `id`.
pub fn remove_block(blocks: &mut Vec<Block>, id: &str) -> Result<(), String> {
    let i = index_of(blocks, id)?;
    blocks.remove(i);
    Ok(())
}

/// Move the block `id` by `delta` places (negative = earlier), stopping at either end. Returns
/// whether it moved.
pub fn move_block(blocks: &mut [Block], id: &str, delta: i32) -> bool {
    let Ok(from) = index_of(blocks, id) else {
        return false;
    };
    let last = blocks.len().saturating_sub(1) as i64;
    let to = (from as i64 + i64::from(delta)).clamp(0, last) as usize;
    if to == from {
        return false;
    }
    if to < from {
        blocks[to..=from].rotate_right(1);
    } else {
        blocks[from..=to].rotate_left(1);
    }
    true
}

/// Change how long the block `id` lasts.
pub fn retime_block(blocks: &mut [Block], id: &str, minutes: u16) -> Result<(), String> {
    if !(1..=MAX_BLOCK_MINUTES).contains(&minutes) {
        return Err("A block must last between 1 minute and 8 hours.".into());
    }
    let i = index_of(blocks, id)?;
    blocks[i].minutes = minutes;
    Ok(())
}

/// Change the title of the block `id` (trimmed; not blank, within [`BLOCK_TITLE`]).
pub fn rename_block(blocks: &mut [Block], id: &str, title: &str) -> Result<(), String> {
    let title = title.trim();
    if text::is_blank(title) {
        return Err("Enter a title for the block.".into());
    }
    if let Some(problem) = BLOCK_TITLE.problem(title, Check::Typed) {
        return Err(problem);
    }
    let i = index_of(blocks, id)?;
    blocks[i].title = title.to_string();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(blocks: &[Block]) -> Vec<(&str, u16)> {
        blocks
            .iter()
            .map(|b| (b.title.as_str(), b.minutes))
            .collect()
    }

    fn total(blocks: &[Block]) -> u32 {
        blocks.iter().map(|b| u32::from(b.minutes)).sum()
    }

    #[test]
    fn templates_follow_the_group_type() {
        assert_eq!(
            shape(&template(GroupType::Process, 90)),
            [("Check-in", 20), ("Processing", 55), ("Wrap-up", 15)]
        );
        assert_eq!(
            shape(&template(GroupType::Psychoeducation, 90)),
            [
                ("Check-in", 15),
                ("Homework review", 10),
                ("Psychoeducation", 30),
                ("Skills practice", 20),
                ("Wrap-up and homework", 15)
            ]
        );
        let skills = template(GroupType::Skills, 120);
        assert_eq!(
            skills.iter().map(|b| b.kind).collect::<Vec<_>>(),
            [
                BlockKind::CheckIn,
                BlockKind::HomeworkReview,
                BlockKind::Psychoeducation,
                BlockKind::SkillsPractice,
                BlockKind::WrapUp
            ]
        );
        assert_eq!(skills[0].title, "Check-in and mindfulness");
        assert_eq!(skills[2].title, "Skills teaching");
        let ids: Vec<&str> = skills.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["b1", "b2", "b3", "b4", "b5"]);
        let family = template(GroupType::MultiFamily, 60);
        assert_eq!(family, template(GroupType::FamilyEducation, 60));
        assert_eq!(
            family.iter().map(|b| b.title.as_str()).collect::<Vec<_>>(),
            [
                "Welcome and check-in",
                "Family education",
                "Discussion",
                "Wrap-up"
            ]
        );
        assert_eq!(
            template(GroupType::RelapsePrevention, 100)
                .iter()
                .map(|b| b.kind)
                .collect::<Vec<_>>(),
            [
                BlockKind::CheckIn,
                BlockKind::Psychoeducation,
                BlockKind::SkillsPractice,
                BlockKind::Processing,
                BlockKind::WrapUp
            ]
        );
        assert_eq!(template(GroupType::Other, 60)[1].title, "Main activity");
    }

    #[test]
    fn long_sessions_break_half_way() {
        // The middle of a three-hour process group falls inside processing: it is split.
        assert_eq!(
            shape(&template(GroupType::Process, 180)),
            [
                ("Check-in", 35),
                ("Processing", 50),
                ("Break", 10),
                ("Processing (continued)", 60),
                ("Wrap-up", 25)
            ]
        );
        for kind in GroupType::ALL {
            let breaks = |m| {
                template(kind, m)
                    .iter()
                    .filter(|b| b.kind == BlockKind::Break)
                    .count()
            };
            assert_eq!(breaks(145), 0, "{kind:?}");
            assert_eq!(breaks(150), 1, "{kind:?}");
            let t = template(kind, 240);
            assert_ne!(t.first().map(|b| b.kind), Some(BlockKind::Break));
            assert_ne!(t.last().map(|b| b.kind), Some(BlockKind::Break));
        }
    }

    #[test]
    fn templates_fill_every_length_exactly() {
        for kind in GroupType::ALL {
            for minutes in 15..=480u16 {
                let t = template(kind, minutes);
                assert_eq!(total(&t), u32::from(minutes), "{kind:?} {minutes}");
                assert!(t.iter().all(|b| b.minutes >= 5), "{kind:?} {minutes}");
                for (i, b) in t.iter().enumerate() {
                    assert_eq!(b.id, format!("b{}", i + 1));
                }
            }
        }
        // Very short sessions keep check-in, the main block and wrap-up.
        assert_eq!(
            shape(&template(GroupType::Psychoeducation, 15)),
            [
                ("Check-in", 5),
                ("Psychoeducation", 5),
                ("Wrap-up and homework", 5)
            ]
        );
        assert_eq!(
            shape(&template(GroupType::Skills, 4)),
            [("Skills teaching", 4)]
        );
        assert!(template(GroupType::Process, 0).is_empty());
    }

    #[test]
    fn timing_warns_in_plain_words() {
        let mut blocks = template(GroupType::Process, 90);
        assert!(timing(&blocks, 90).fits());
        assert_eq!(timing(&blocks, 90).warning(), None);
        retime_block(&mut blocks, "b2", 70).unwrap();
        let t = timing(&blocks, 90);
        assert_eq!(
            t,
            Timing {
                planned: 105,
                session: 90
            }
        );
        assert_eq!(
            t.warning().as_deref(),
            Some(
                "The agenda runs 15 minutes over the 90-minute session: shorten or remove a block."
            )
        );
        retime_block(&mut blocks, "b2", 45).unwrap();
        assert_eq!(
            timing(&blocks, 90).warning().as_deref(),
            Some("10 minutes of the 90-minute session are not planned.")
        );
        retime_block(&mut blocks, "b2", 54).unwrap();
        assert_eq!(
            timing(&blocks, 90).warning().as_deref(),
            Some("1 minute of the 90-minute session is not planned.")
        );
        assert_eq!(
            timing(&blocks[..1], 180).warning().as_deref(),
            Some("2 hours 40 minutes of the 3-hour session are not planned.")
        );
        assert_eq!(
            timing(&template(GroupType::Other, 300), 150)
                .warning()
                .as_deref(),
            Some(
                "The agenda runs 2 hours 30 minutes over the 150-minute session: shorten or remove a block."
            )
        );
    }

    #[test]
    fn block_times_run_back_to_back() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let blocks = template(GroupType::Process, 90);
        assert_eq!(
            times(t(9, 0), &blocks),
            [
                (t(9, 0), t(9, 20)),
                (t(9, 20), t(10, 15)),
                (t(10, 15), t(10, 30))
            ]
        );
        assert_eq!(
            times(t(23, 30), &blocks),
            [
                (t(23, 30), t(23, 50)),
                (t(23, 50), t(23, 59)),
                (t(23, 59), t(23, 59))
            ]
        );
    }

    #[test]
    fn blocks_are_added_moved_retimed_renamed_and_removed() {
        let mut blocks = template(GroupType::Process, 90);
        remove_block(&mut blocks, "b3").unwrap();
        assert_eq!(
            remove_block(&mut blocks, "b3").unwrap_err(),
            "That block is no longer on the agenda."
        );
        // The new block does not reuse a removed block's id.
        let id = add_block(&mut blocks, BlockKind::Break, "  ", 10);
        assert_eq!(id, "b3");
        let id = add_block(&mut blocks, BlockKind::SkillsPractice, "Urge surfing", 0);
        assert_eq!(id, "b4");
        assert_eq!(
            shape(&blocks),
            [
                ("Check-in", 20),
                ("Processing", 55),
                ("Break", 10),
                ("Urge surfing", 1)
            ]
        );
        remove_block(&mut blocks, "b3").unwrap();
        assert_eq!(add_block(&mut blocks, BlockKind::Other, "Film", 20), "b5");

        assert!(move_block(&mut blocks, "b5", -10), "clamped to the top");
        assert!(!move_block(&mut blocks, "b5", -1), "already first");
        assert!(move_block(&mut blocks, "b1", 1));
        assert!(!move_block(&mut blocks, "nope", 1));
        let order: Vec<&str> = blocks.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(order, ["b5", "b2", "b1", "b4"]);

        assert_eq!(
            retime_block(&mut blocks, "b2", 0).unwrap_err(),
            "A block must last between 1 minute and 8 hours."
        );
        assert!(retime_block(&mut blocks, "b2", 481).is_err());
        retime_block(&mut blocks, "b2", 480).unwrap();
        assert_eq!(blocks[1].minutes, 480);

        assert_eq!(
            rename_block(&mut blocks, "b4", " ").unwrap_err(),
            "Enter a title for the block."
        );
        assert_eq!(
            rename_block(&mut blocks, "b4", &"x".repeat(201)).unwrap_err(),
            "A block title is too long: 201 characters; at most 200."
        );
        assert_eq!(
            rename_block(&mut blocks, "b4", "Ground\u{1b}ing").unwrap_err(),
            "A block title has a control character in it (character 7); remove it."
        );
        rename_block(&mut blocks, "b4", " Grounding ").unwrap();
        assert_eq!(blocks[3].title, "Grounding");
    }

    #[test]
    fn every_kind_has_a_label() {
        let labels: Vec<&str> = BlockKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(
            labels,
            [
                "Check-in",
                "Homework review",
                "Psychoeducation",
                "Skills practice",
                "Processing",
                "Break",
                "Wrap-up and homework",
                "Other"
            ]
        );
    }
}
