//! Names that tell clients apart in pickers and rosters: the display name, with as many letters
//! of the family name as it takes, only where two clients would otherwise look the same.

use std::collections::BTreeMap;

use super::client::{Client, ClientId};

/// Words after the family name that are not part of it ("Jr.").
const SUFFIXES: [&str; 7] = ["jr", "sr", "ii", "iii", "iv", "phd", "md"];

/// The name to show for each of `clients`: the display name ("Riley"), or, when another of
/// `clients` has the same display name (ignoring case and spaces), the display name with the
/// shortest start of the family name that differs from every namesake's ("Riley M." and
/// "Riley T."; "Riley Mor." and "Riley Moo." when the initials clash too). A whole family name
/// is shown without a full stop ("Riley Smith" next to "Riley Smithson"). Namesakes with the
/// same family name get its initial ("Jo L."), and a one-word name stays as it is: those still
/// look alike, and telling them apart is left to the details shown next to them.
///
/// Pass the clients that can appear together, usually the active ones:
///
/// ```
/// # use iop_planner::domain::{people::names::distinct_names, Programme};
/// let p = Programme::default();
/// let names = distinct_names(p.active_clients());
/// assert!(names.is_empty());
/// ```
pub fn distinct_names<'a>(
    clients: impl IntoIterator<Item = &'a Client>,
) -> BTreeMap<ClientId, String> {
    let mut by_name: BTreeMap<String, Vec<&Client>> = BTreeMap::new();
    for c in clients {
        by_name.entry(key(c.display_name())).or_default().push(c);
    }
    let mut out = BTreeMap::new();
    for namesakes in by_name.values() {
        let families: Vec<Vec<char>> = namesakes
            .iter()
            .map(|c| family_name(c).chars().collect())
            .collect();
        for (i, c) in namesakes.iter().enumerate() {
            let shown = c.display_name().trim();
            let name = if namesakes.len() < 2 || families[i].is_empty() {
                shown.to_string()
            } else {
                let own = &families[i];
                let others: Vec<&Vec<char>> = families
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, f)| f)
                    .collect();
                // The shortest start of the family name no namesake shares; just the initial
                // when even the whole name is shared.
                let len = (1..=own.len() + 1)
                    .find(|&n| others.iter().all(|f| !same_start(own, f, n)))
                    .map_or(1, |n| n.min(own.len()));
                let mut letters: String = own[..len].iter().collect();
                letters = capitalised(&letters);
                if len < own.len() {
                    format!("{shown} {letters}.")
                } else {
                    format!("{shown} {letters}")
                }
            };
            out.insert(c.id.clone(), name);
        }
    }
    out
}

fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The last word of the full name that is not a suffix, without punctuation; empty for a
/// one-word name.
fn family_name(c: &Client) -> String {
    let words: Vec<&str> = c
        .full_name
        .split_whitespace()
        .filter(|w| {
            let bare = w
                .trim_matches(|ch: char| !ch.is_alphanumeric())
                .to_lowercase();
            !SUFFIXES.contains(&bare.as_str())
        })
        .collect();
    if words.len() < 2 {
        return String::new();
    }
    words
        .last()
        .map(|w| w.trim_matches(|ch: char| !ch.is_alphanumeric()).to_string())
        .unwrap_or_default()
}

/// Whether the first `n` letters of `a` and `b` are the same, ignoring case (a name shorter than
/// `n` counts as a whole word, so "Smith" differs from "Smiths").
fn same_start(a: &[char], b: &[char], n: usize) -> bool {
    let lower = |s: &[char]| -> String { s.iter().take(n).collect::<String>().to_lowercase() };
    a.len().min(n) == b.len().min(n) && lower(a) == lower(b)
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(id: &str, full: &str, preferred: &str) -> Client {
        Client {
            preferred_name: preferred.into(),
            track: String::new(),
            ..crate::domain::testkit::client(
                id,
                full,
                chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            )
        }
    }

    fn names(list: &[Client]) -> Vec<String> {
        let map = distinct_names(list);
        list.iter().map(|c| map[&c.id].clone()).collect()
    }

    #[test]
    fn two_rileys_get_their_family_initial() {
        let list = [
            client("a", "Riley Morgan", "Riley"),
            client("b", "Rileigh Thompson", "riley "),
            client("c", "Sam Green", ""),
        ];
        assert_eq!(names(&list), ["Riley M.", "riley T.", "Sam Green"]);
    }

    #[test]
    fn different_names_stay_as_they_are() {
        let list = [
            client("a", "Riley Morgan", "Riley"),
            client("b", "Samantha Morgan", "Sam"),
        ];
        assert_eq!(names(&list), ["Riley", "Sam"]);
    }

    #[test]
    fn clashing_initials_take_more_letters_only_where_needed() {
        let list = [
            client("a", "Riley Morgan", "Riley"),
            client("b", "Riley Moore Jr.", "Riley"),
            client("c", "Riley Thompson", "Riley"),
            client("d", "Riley smith", "Riley"),
            client("e", "Riley Smithson", "Riley"),
        ];
        assert_eq!(
            names(&list),
            [
                "Riley Mor.",
                "Riley Moo.",
                "Riley T.",
                "Riley Smith",
                "Riley Smiths."
            ]
        );
    }

    #[test]
    fn names_that_cannot_be_told_apart_show_no_more_than_an_initial() {
        let list = [
            client("a", "Cher", ""),
            client("b", "Cher", ""),
            client("c", "Jo Lane", "Jo"),
            client("d", "Joanne Lane", "Jo"),
        ];
        assert_eq!(names(&list), ["Cher", "Cher", "Jo L.", "Jo L."]);
    }
}
