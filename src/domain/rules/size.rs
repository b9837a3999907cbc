//! Group size: over capacity and under the minimum, with the roomiest group that fits as a fix.

use super::*;

pub(super) fn members_words(n: usize) -> String {
    if n == 1 {
        "1 member".into()
    } else {
        format!("{n} members")
    }
}

pub(super) fn group_sizes(p: &Programme, ix: &Index, scope: Scope, out: &mut Vec<Violation>) {
    for g in p.groups.values() {
        if !scope.group(&g.id) || !runs(g, ix.date) {
            continue;
        }
        let n = ix.headcount(&g.id);
        let count = u32::try_from(n).unwrap_or(u32::MAX);
        if count > g.capacity_max {
            let fix = match roomier_group(p, ix, g) {
                Some(other) => format!("Move a member to {}, or raise the maximum.", other.name),
                None => "Move a member to another group, or raise the maximum.".into(),
            };
            let message = format!(
                "{} has {} on {}; its maximum is {}.",
                g.name,
                members_words(n),
                human_date(ix.date),
                g.capacity_max
            );
            out.push(Violation::new(RuleKind::OverCapacity, message, fix).with_group(&g.id));
        } else if n > 0 && count < g.capacity_min {
            let message = format!(
                "{} has only {} on {}; its minimum is {}.",
                g.name,
                members_words(n),
                human_date(ix.date),
                g.capacity_min
            );
            let fix = format!(
                "Add members to {}, merge it with a similar group, or lower its minimum.",
                g.name
            );
            out.push(Violation::new(RuleKind::UnderMinimum, message, fix).with_group(&g.id));
        }
    }
}

/// A running group for the same people with a free place, emptiest first.
pub(super) fn roomier_group<'p>(p: &'p Programme, ix: &Index, full: &Group) -> Option<&'p Group> {
    p.groups
        .values()
        .filter(|o| {
            o.id != full.id
                && runs(o, ix.date)
                && o.track == full.track
                && o.age_band == full.age_band
                && o.gender == full.gender
        })
        .map(|o| (ix.headcount(&o.id), o))
        .filter(|(n, o)| u32::try_from(*n).is_ok_and(|n| n < o.capacity_max))
        .min_by(|(n1, a), (n2, b)| n1.cmp(n2).then_with(|| a.name.cmp(&b.name)))
        .map(|(_, o)| o)
}
