//! Fictional names for the sample: first names, nicknames and made-up surnames, never one
//! person twice.

use super::*;

pub(super) const WOMEN: [&str; 30] = [
    "Amara", "Beatrix", "Celeste", "Delphine", "Esme", "Fiona", "Greta", "Harriet", "Imogen",
    "Juno", "Katya", "Lorena", "Maren", "Nadia", "Odette", "Priya", "Rosalind", "Selma", "Tamsin",
    "Ursula", "Vivienne", "Wren", "Yara", "Zelda", "Ines", "Marisol", "Noor", "Ottilie", "Sabine",
    "Thea",
];
pub(super) const MEN: [&str; 30] = [
    "Anselm", "Bram", "Cyrus", "Dorian", "Emeric", "Felix", "Gideon", "Hugo", "Idris", "Jasper",
    "Kian", "Leander", "Marek", "Nico", "Orrin", "Piers", "Quentin", "Rafferty", "Silas", "Tobin",
    "Ulric", "Vaughn", "Wendell", "Xavier", "Yusuf", "Zane", "Callum", "Desmond", "Matthias",
    "Ambrose",
];
pub(super) const NEUTRAL: [&str; 20] = [
    "Avery", "Blair", "Carey", "Dale", "Emery", "Finley", "Harper", "Indigo", "Jules", "Kai",
    "Lennox", "Marlowe", "Noa", "Oakley", "Phoenix", "Quinn", "Reese", "Sage", "Tatum", "Rowan",
];
/// Short forms some clients prefer to be called by.
pub(super) const NICKNAMES: [(&str, &str); 16] = [
    ("Beatrix", "Bea"),
    ("Rosalind", "Roz"),
    ("Vivienne", "Viv"),
    ("Harriet", "Hattie"),
    ("Katya", "Kat"),
    ("Ottilie", "Tilly"),
    ("Imogen", "Immy"),
    ("Celeste", "Cece"),
    ("Leander", "Lee"),
    ("Quentin", "Quin"),
    ("Rafferty", "Raff"),
    ("Matthias", "Matt"),
    ("Xavier", "Xav"),
    ("Desmond", "Des"),
    ("Ambrose", "Amby"),
    ("Marlowe", "Mars"),
];
pub(super) const SURNAME_START: [&str; 24] = [
    "Ash", "Bramble", "Cinder", "Dapple", "Elder", "Fallow", "Gorse", "Heron", "Ivory", "Juniper",
    "Kettle", "Lantern", "Marram", "Nettle", "Otter", "Pebble", "Quill", "Rushy", "Sorrel",
    "Thistle", "Umber", "Vellum", "Willow", "Yarrow",
];
pub(super) const SURNAME_END: [&str; 13] = [
    "brook", "combe", "dale", "field", "gate", "holt", "hurst", "mere", "more", "ridge", "stead",
    "wick", "worth",
];

/// Hands out invented full names, never the same one twice while combinations last.
pub(super) struct Names {
    pub(super) used: BTreeSet<String>,
}

impl Names {
    pub(super) fn first_name(&self, rng: &mut Rng, gender: Gender) -> &'static str {
        // Some women and men have names from the neutral list; non-binary and unrecorded
        // clients get any name.
        let neutral = rng.chance(15);
        match gender {
            Gender::Woman if !neutral => rng.pick(&WOMEN),
            Gender::Man if !neutral => rng.pick(&MEN),
            Gender::NonBinary if rng.chance(70) => rng.pick(&NEUTRAL),
            Gender::Unspecified => match rng.below(3) {
                0 => rng.pick(&WOMEN),
                1 => rng.pick(&MEN),
                _ => rng.pick(&NEUTRAL),
            },
            _ => rng.pick(&NEUTRAL),
        }
    }

    pub(super) fn full_name(&mut self, rng: &mut Rng, gender: Gender) -> (String, &'static str) {
        let mut tries = 0;
        loop {
            let first = self.first_name(rng, gender);
            let last = format!("{}{}", rng.pick(&SURNAME_START), rng.pick(&SURNAME_END));
            let mut name = format!("{first} {last}");
            tries += 1;
            if tries > 40 {
                // The combinations are used up: a middle initial keeps names distinct (and,
                // in the very end, a number, so this always finishes).
                let initial = char::from(b'A' + (rng.below(26) as u8));
                name = format!("{first} {initial}. {last}");
                if tries > 200 {
                    name = format!("{name} {tries}");
                }
            }
            if self.used.insert(name.clone()) {
                return (name, first);
            }
        }
    }
}
