//! [`Table`]: the records of one kind, keyed by id.
//!
//! A `BTreeMap` is compiled once per key and value type, and the programme holds ten kinds: ten
//! copies of the tree's insert, remove and rebalancing code (about 100 KB of the optimised wasm,
//! 14 KB brotli, measured). A table boxes its values, so every kind's tree holds the same
//! pointer-sized value and the optimiser folds the copies into one. Reading goes through `&V`,
//! so callers never see the box.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::collections::btree_map;
use std::fmt;

/// Records of one kind by id, in id order.
#[derive(Clone, PartialEq)]
pub struct Table<K, V>(BTreeMap<K, Box<V>>);

type Unbox<'a, V> = fn(&'a Box<V>) -> &'a V;
type UnboxMut<'a, V> = fn(&'a mut Box<V>) -> &'a mut V;
type UnboxPair<'a, K, V> = fn((&'a K, &'a Box<V>)) -> (&'a K, &'a V);

impl<K, V> Default for Table<K, V> {
    fn default() -> Self {
        Table(BTreeMap::new())
    }
}

impl<K: Ord + fmt::Debug, V: fmt::Debug> fmt::Debug for Table<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Ord, V> Table<K, V> {
    pub fn new() -> Self {
        Table(BTreeMap::new())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get<Q: Ord + ?Sized>(&self, id: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.0.get(id).map(|b| &**b)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, id: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.0.get_mut(id).map(|b| &mut **b)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, id: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.0.contains_key(id)
    }

    /// Puts `value` under `id`, returning what was there.
    pub fn insert(&mut self, id: K, value: V) -> Option<V> {
        self.0.insert(id, Box::new(value)).map(|b| *b)
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, id: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.0.remove(id).map(|b| *b)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain(|k, v| keep(k, v))
    }

    pub fn keys(&self) -> btree_map::Keys<'_, K, Box<V>> {
        self.0.keys()
    }

    pub fn values(&self) -> std::iter::Map<btree_map::Values<'_, K, Box<V>>, Unbox<'_, V>> {
        self.0.values().map(|b| &**b)
    }

    pub fn values_mut(
        &mut self,
    ) -> std::iter::Map<btree_map::ValuesMut<'_, K, Box<V>>, UnboxMut<'_, V>> {
        self.0.values_mut().map(|b| &mut **b)
    }

    pub fn iter(&self) -> std::iter::Map<btree_map::Iter<'_, K, Box<V>>, UnboxPair<'_, K, V>> {
        self.0.iter().map(|(k, v)| (k, &**v))
    }

    /// The records whose ids fall in `range`, in id order.
    pub fn range<Q: Ord + ?Sized, R: std::ops::RangeBounds<Q>>(
        &self,
        range: R,
    ) -> impl DoubleEndedIterator<Item = (&K, &V)>
    where
        K: Borrow<Q>,
    {
        self.0.range(range).map(|(k, v)| (k, &**v))
    }

    pub fn into_values(self) -> impl DoubleEndedIterator<Item = V> {
        self.0.into_values().map(|b| *b)
    }
}

/// `table[id]`: the record, panicking when there is none (as a map does).
impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for Table<K, V> {
    type Output = V;
    fn index(&self, id: &Q) -> &V {
        self.get(id).expect("no record with that id")
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Table<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        Table(items.into_iter().map(|(k, v)| (k, Box::new(v))).collect())
    }
}

impl<K: Ord, V> Extend<(K, V)> for Table<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, items: I) {
        self.0
            .extend(items.into_iter().map(|(k, v)| (k, Box::new(v))))
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a Table<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<btree_map::Iter<'a, K, Box<V>>, UnboxPair<'a, K, V>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K: Ord, V> IntoIterator for Table<K, V> {
    type Item = (K, V);
    type IntoIter = std::iter::Map<btree_map::IntoIter<K, Box<V>>, fn((K, Box<V>)) -> (K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter().map(|(k, v)| (k, *v))
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for Table<K, V> {
    fn from(items: [(K, V); N]) -> Self {
        items.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn a_table_reads_and_writes_like_a_map_in_id_order() {
        let mut t: Table<String, u32> = Table::new();
        assert_eq!(t.insert("b".into(), 2), None);
        assert_eq!(t.insert("a".into(), 1), None);
        assert_eq!(t.insert("b".into(), 3), Some(2));
        assert_eq!(t.get("b"), Some(&3));
        *t.get_mut("a").unwrap() += 10;
        assert_eq!(t.values().copied().collect::<Vec<_>>(), vec![11, 3]);
        assert_eq!(t.keys().cloned().collect::<Vec<_>>(), vec!["a", "b"]);
        assert_eq!(t.remove("a"), Some(11));
        assert!(!t.contains_key("a"));
        t.retain(|_, v| *v != 3);
        assert!(t.is_empty());
    }
}
