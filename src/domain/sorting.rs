//! One sorting routine for every list the app sorts. The standard library's `sort*` methods are
//! generic over both the element and the comparison, so each call site compiles its own copy of
//! the whole sort (several per call in the wasm: about 22 KB brotli for 57 calls). These
//! functions sort a list of positions through a `&dyn Fn` comparison instead, so the algorithm
//! exists once; what stays per call is a comparison closure and a loop of swaps.
//!
//! ```
//! use iop_planner::domain::sorting;
//! let mut names = vec!["Riley", "Ash", "Kai"];
//! sorting::sort(&mut names);
//! assert_eq!(names, ["Ash", "Kai", "Riley"]);
//! sorting::sort_by_key(&mut names, |n| std::cmp::Reverse(n.len()));
//! assert_eq!(names, ["Riley", "Ash", "Kai"]);
//! ```
//!
//! All of them are stable: equal elements keep their order.

use std::cmp::Ordering;

/// Sort `v` in ascending order.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sort `v` by `compare`.
pub fn sort_by<T>(v: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = stable_order(v.len(), &|a, b| compare(&v[a], &v[b]));
    permute(v, order);
}

/// Sort `v` by the key `key` gives each element (computed at every comparison, as
/// `slice::sort_by_key` does: use [`sort_by_cached_key`] for costly keys).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sort `v` by the key `key` gives each element, computing each key once.
pub fn sort_by_cached_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = stable_order(keys.len(), &|a, b| keys[a].cmp(&keys[b]));
    permute(v, order);
}

/// The positions `0..len` in the order `compare` puts them, ties in position order. This is
/// the one place the sorting algorithm is compiled.
fn stable_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearrange `v` so that position `k` holds the element that was at `order[k]`, following each
/// cycle of the permutation with swaps.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_library_does() {
        let data: Vec<(u8, u32)> = (0..200u32)
            .map(|i| (((i * 7919) % 13) as u8, (i * 104_729) % 97))
            .collect();
        let mut expected = data.clone();
        expected.sort();
        let mut got = data.clone();
        sort(&mut got);
        assert_eq!(got, expected);

        // Stable: equal keys keep their order, as with `sort_by_key`.
        let mut expected = data.clone();
        expected.sort_by_key(|p| p.0);
        let mut got = data.clone();
        sort_by_key(&mut got, |p| p.0);
        assert_eq!(got, expected);
        let mut got = data.clone();
        sort_by_cached_key(&mut got, |p| p.0);
        assert_eq!(got, expected);

        let mut expected = data.clone();
        expected.sort_by_key(|p| std::cmp::Reverse(p.1));
        let mut got = data;
        sort_by(&mut got, |a, b| b.1.cmp(&a.1));
        assert_eq!(got, expected);
    }

    #[test]
    fn empty_and_single_lists_stay_as_they_are() {
        let mut empty: Vec<String> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec!["only".to_string()];
        sort(&mut one);
        assert_eq!(one, ["only"]);
    }
}
