//! Who may be in a group: keep-apart pairs, and track, age band and gender fit.

use super::*;

pub(super) fn keep_apart(p: &Programme, ix: &Index, scope: Scope, out: &mut Vec<Violation>) {
    for pair in p.keep_apart.values() {
        if pair.a == pair.b {
            continue;
        }
        if let Scope::Client(c) = scope
            && !pair.involves(c)
        {
            continue;
        }
        let theirs = ix.live_groups_of(&pair.b);
        for g in ix.live_groups_of(&pair.a) {
            if !theirs.iter().any(|t| t.id == g.id) {
                continue;
            }
            // The pair's reason is private to its own editor: only names appear here.
            let (a, b) = (p.client_name(&pair.a), p.client_name(&pair.b));
            let message = format!(
                "{a} and {b} are both in {} on {}; they are to be kept apart.",
                g.name,
                human_date(ix.date)
            );
            let fix = format!("Move {a} or {b} to another group.");
            out.push(
                Violation::new(RuleKind::KeepApart, message, fix)
                    .with_client(&pair.a)
                    .with_client(&pair.b)
                    .with_group(&g.id),
            );
        }
    }
}

pub(super) fn mismatches(p: &Programme, ix: &Index, scope: Scope, out: &mut Vec<Violation>) {
    for (id, groups) in &ix.live_groups {
        let Some(client) = p.clients.get(*id) else {
            continue;
        };
        for group in groups {
            if !scope.touches(id, &group.id) {
                continue;
            }
            for problem in fit_problems(p, client, group) {
                out.push(
                    Violation::from_problem(problem)
                        .with_client(&client.id)
                        .with_group(&group.id),
                );
            }
        }
    }
}

/// An age band in the plural, e.g. "adolescents".
pub(crate) fn band_plural(a: AgeBand) -> &'static str {
    match a {
        AgeBand::Adult => "adults",
        AgeBand::Adolescent => "adolescents",
    }
}

pub(super) fn band_one(a: AgeBand) -> &'static str {
    match a {
        AgeBand::Adult => "an adult",
        AgeBand::Adolescent => "an adolescent",
    }
}

/// Who a gender-specific group is for, e.g. "women".
pub(crate) fn gender_group_words(g: Gender) -> &'static str {
    match g {
        Gender::Woman => "women",
        Gender::Man => "men",
        Gender::NonBinary => "non-binary clients",
        Gender::Unspecified => "clients with no gender recorded",
    }
}

/// How a client's recorded gender reads after their name, e.g. "is recorded as a man".
pub(crate) fn gender_client_words(g: Gender) -> &'static str {
    match g {
        Gender::Woman => "is recorded as a woman",
        Gender::Man => "is recorded as a man",
        Gender::NonBinary => "is recorded as non-binary",
        Gender::Unspecified => "has no gender recorded",
    }
}

/// Track, age band and gender problems of a client in a group.
pub(super) fn fit_problems(p: &Programme, client: &Client, group: &Group) -> Vec<Problem> {
    let mut out = Vec::new();
    if demographic_fit(client, group) {
        return out;
    }
    let name = client.display_name();
    if let Some(track) = &group.track
        && *track != client.track
    {
        let theirs = p.settings.track_name(&client.track);
        out.push(problem(
            RuleKind::TrackMismatch,
            format!(
                "{} is for the {} track, but {name} is in the {theirs} track.",
                group.name,
                p.settings.track_name(track)
            ),
            format!("Move {name} to a {theirs} group, or change the group's track."),
        ));
    }
    if group.age_band != client.age_band {
        out.push(problem(
            RuleKind::AgeBandMismatch,
            format!(
                "{} is for {}, but {name} is {}.",
                group.name,
                band_plural(group.age_band),
                band_one(client.age_band)
            ),
            format!(
                "Move {name} to a group for {}.",
                band_plural(client.age_band)
            ),
        ));
    }
    if let Some(gender) = group.gender
        && gender != client.gender
    {
        out.push(problem(
            RuleKind::GenderMismatch,
            format!(
                "{} is a group for {}, but {name} {}.",
                group.name,
                gender_group_words(gender),
                gender_client_words(client.gender)
            ),
            format!("Move {name} to a group open to them, or correct their recorded gender."),
        ));
    }
    out
}
