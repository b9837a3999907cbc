//! Levels of care, age bands and their weekly-hour ranges (editable defaults, never hard
//! limits).

use serde::{Deserialize, Serialize};

/// Age band; adolescent programmes have their own hour ranges and groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    Adult,
    Adolescent,
}

impl AgeBand {
    pub const ALL: [AgeBand; 2] = [AgeBand::Adult, AgeBand::Adolescent];

    pub fn label(self) -> &'static str {
        match self {
            AgeBand::Adult => "Adult",
            AgeBand::Adolescent => "Adolescent",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            AgeBand::Adult => "adult",
            AgeBand::Adolescent => "adolescent",
        }
    }

    pub fn from_code(code: &str) -> Option<AgeBand> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Level of care (ASAM-style): outpatient, intensive outpatient, partial hospitalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelOfCare {
    Op,
    Iop,
    Php,
}

impl LevelOfCare {
    pub const ALL: [LevelOfCare; 3] = [LevelOfCare::Iop, LevelOfCare::Php, LevelOfCare::Op];

    pub fn label(self) -> &'static str {
        match self {
            LevelOfCare::Op => "OP (outpatient)",
            LevelOfCare::Iop => "IOP (intensive outpatient)",
            LevelOfCare::Php => "PHP (partial hospitalisation)",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            LevelOfCare::Op => "OP",
            LevelOfCare::Iop => "IOP",
            LevelOfCare::Php => "PHP",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            LevelOfCare::Op => "op",
            LevelOfCare::Iop => "iop",
            LevelOfCare::Php => "php",
        }
    }

    pub fn from_code(code: &str) -> Option<LevelOfCare> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// Minutes as hours in words: "9 h", "7.5 h".
pub fn hours_words(minutes: u32) -> String {
    if minutes.is_multiple_of(60) {
        format!("{} h", minutes / 60)
    } else {
        let tenths = tenths_of_hours(minutes);
        format!("{}.{} h", tenths / 10, tenths % 10)
    }
}

/// `minutes` in tenths of an hour, rounded exactly as `format!("{:.1}", minutes as f64 / 60.0)`
/// rounds (to nearest; at a tie, to the side the f64 quotient lies on, or to even if it lies
/// on the tie), without the float formatter, which costs kilobytes of wasm.
fn tenths_of_hours(minutes: u32) -> u64 {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let (t, r) = (u64::from(minutes) / 6, minutes % 6);
    match r.cmp(&3) {
        Less => t,
        Greater => t + 1,
        Equal => {
            // q = mantissa * 2^exp exactly (q >= 0.05, so normal and exp < 0): compare 20 q
            // with the tie 2t + 1 in integers.
            let bits = (f64::from(minutes) / 60.0).to_bits();
            let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
            let mantissa = u128::from((bits & ((1 << 52) - 1)) | (1 << 52));
            let tie = u128::from(2 * t + 1) << (-exp) as u32;
            match (20 * mantissa).cmp(&tie) {
                Less => t,
                Greater => t + 1,
                Equal if t % 2 == 0 => t,
                Equal => t + 1,
            }
        }
    }
}

/// A weekly-hours range in minutes; `None` ends are open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursRange {
    /// Inclusive lower bound, minutes per week.
    pub min_minutes: Option<u32>,
    /// Exclusive upper bound, minutes per week.
    pub below_minutes: Option<u32>,
}

impl HoursRange {
    fn hours(min: Option<u32>, below: Option<u32>) -> HoursRange {
        HoursRange {
            min_minutes: min.map(|h| h * 60),
            below_minutes: below.map(|h| h * 60),
        }
    }

    /// ASAM-style defaults: OP under 9 h; IOP 9 to under 20 h for adults, at least 6 h for
    /// adolescents; PHP at least 20 h.
    pub fn default_for(level: LevelOfCare, age: AgeBand) -> HoursRange {
        match (level, age) {
            (LevelOfCare::Op, _) => Self::hours(None, Some(9)),
            (LevelOfCare::Iop, AgeBand::Adult) => Self::hours(Some(9), Some(20)),
            (LevelOfCare::Iop, AgeBand::Adolescent) => Self::hours(Some(6), Some(20)),
            (LevelOfCare::Php, _) => Self::hours(Some(20), None),
        }
    }

    /// `None` if `minutes` per week is inside the range, else a sentence saying what is off.
    pub fn check(&self, minutes: u32) -> Option<String> {
        let h = hours_words;
        if let Some(min) = self.min_minutes
            && minutes < min
        {
            return Some(format!(
                "{} planned per week, below the minimum of {}.",
                h(minutes),
                h(min)
            ));
        }
        if let Some(below) = self.below_minutes
            && minutes >= below
        {
            return Some(format!(
                "{} planned per week; this level of care is under {}.",
                h(minutes),
                h(below)
            ));
        }
        None
    }

    /// Like [`HoursRange::check`], for hours a client actually attended in one week of a level
    /// of care (`level` is its short name, e.g. "IOP"): "6 h attended this week, below the 9 h
    /// minimum for IOP."
    pub fn check_attended(&self, minutes: u32, level: &str) -> Option<String> {
        let h = hours_words;
        if let Some(min) = self.min_minutes
            && minutes < min
        {
            return Some(format!(
                "{} attended this week, below the {} minimum for {level}.",
                h(minutes),
                h(min)
            ));
        }
        if let Some(below) = self.below_minutes
            && minutes >= below
        {
            return Some(format!(
                "{} attended this week; {level} is under {}.",
                h(minutes),
                h(below)
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_as_the_float_formatter_writes_them() {
        for minutes in (1..20_000).chain([u32::MAX - 3, u32::MAX]) {
            if minutes % 60 != 0 {
                let expected = format!("{:.1} h", f64::from(minutes) / 60.0);
                assert_eq!(hours_words(minutes), expected, "{minutes} minutes");
            }
        }
        assert_eq!(hours_words(540), "9 h");
    }

    #[test]
    fn default_ranges_follow_the_levels_of_care() {
        let cases = [
            (LevelOfCare::Op, AgeBand::Adult, 8 * 60 + 59, true),
            (LevelOfCare::Op, AgeBand::Adult, 9 * 60, false),
            (LevelOfCare::Iop, AgeBand::Adult, 9 * 60 - 1, false),
            (LevelOfCare::Iop, AgeBand::Adult, 9 * 60, true),
            (LevelOfCare::Iop, AgeBand::Adult, 19 * 60 + 59, true),
            (LevelOfCare::Iop, AgeBand::Adult, 20 * 60, false),
            (LevelOfCare::Iop, AgeBand::Adolescent, 6 * 60, true),
            (LevelOfCare::Iop, AgeBand::Adolescent, 5 * 60 + 30, false),
            (LevelOfCare::Php, AgeBand::Adult, 20 * 60, true),
            (LevelOfCare::Php, AgeBand::Adolescent, 19 * 60, false),
        ];
        for (level, age, minutes, ok) in cases {
            let result = HoursRange::default_for(level, age).check(minutes);
            assert_eq!(
                result.is_none(),
                ok,
                "{level:?} {age:?} {minutes}: {result:?}"
            );
        }
        assert_eq!(
            HoursRange::default_for(LevelOfCare::Iop, AgeBand::Adult)
                .check(450)
                .unwrap(),
            "7.5 h planned per week, below the minimum of 9 h."
        );
    }
}
