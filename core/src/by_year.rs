//! `VecMap`: a map kept as a vector sorted by key, and `ByYear`, values keyed by fiscal year.
//!
//! A KPI holds a handful of years in each of its maps (targets, actuals, comments …), and a
//! 10,000-KPI plan holds tens of thousands of such maps. A B-tree costs a node allocation and
//! pointer chasing for each; a sorted vector is one exact allocation read front to back, which
//! made parsing and a full recompute measurably faster (bench/report.md).
//! The staff's draft (`edits::Draft`, tens of changed cells) is one too.
//! The API mirrors the part of `BTreeMap` the app uses; the JSON form of `ByYear` is the same
//! object with the year as key (`{"2023": 12}`).

use crate::plan::FiscalYear;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Bound, RangeBounds};

/// Values keyed by fiscal year.
pub type ByYear<T> = VecMap<FiscalYear, T>;

/// A map as a vector of (key, value) sorted by key, each key once.
#[derive(Clone, Debug, PartialEq)]
pub struct VecMap<K, T>(Vec<(K, T)>);

impl<K, T> Default for VecMap<K, T> {
    fn default() -> Self {
        VecMap(Vec::new())
    }
}

impl<K: Ord, T> VecMap<K, T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find(&self, key: &K) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(key))
    }

    pub fn get(&self, key: &K) -> Option<&T> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.find(key).is_ok()
    }

    /// Set the value of a key; returns the value it replaces.
    pub fn insert(&mut self, key: K, value: T) -> Option<T> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &K) -> Option<T> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// (key, value) in key order.
    pub fn iter(&self) -> Iter<'_, K, T> {
        Iter(self.0.iter())
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + Clone + '_ {
        self.0.iter().map(|(k, _)| k)
    }

    /// The entries whose key lies in `keys`, in key order.
    pub fn range(&self, keys: impl RangeBounds<K>) -> Iter<'_, K, T> {
        let start = match keys.start_bound() {
            Bound::Included(y) => self.0.partition_point(|(k, _)| k < y),
            Bound::Excluded(y) => self.0.partition_point(|(k, _)| k <= y),
            Bound::Unbounded => 0,
        };
        let end = match keys.end_bound() {
            Bound::Included(y) => self.0.partition_point(|(k, _)| k <= y),
            Bound::Excluded(y) => self.0.partition_point(|(k, _)| k < y),
            Bound::Unbounded => self.0.len(),
        };
        Iter(self.0[start..end.max(start)].iter())
    }

    pub fn first_key_value(&self) -> Option<(&K, &T)> {
        self.0.first().map(|(k, v)| (k, v))
    }

    pub fn last_key_value(&self) -> Option<(&K, &T)> {
        self.0.last().map(|(k, v)| (k, v))
    }
}

/// Iterator over (&key, &value), like `BTreeMap::iter`.
#[derive(Clone, Debug)]
pub struct Iter<'a, K, T>(std::slice::Iter<'a, (K, T)>);

impl<'a, K, T> Iterator for Iter<'a, K, T> {
    type Item = (&'a K, &'a T);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, T> DoubleEndedIterator for Iter<'_, K, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl<K, T> ExactSizeIterator for Iter<'_, K, T> {}

impl<'a, K: Ord, T> IntoIterator for &'a VecMap<K, T> {
    type Item = (&'a K, &'a T);
    type IntoIter = Iter<'a, K, T>;
    fn into_iter(self) -> Iter<'a, K, T> {
        self.iter()
    }
}

impl<K, T> IntoIterator for VecMap<K, T> {
    type Item = (K, T);
    type IntoIter = std::vec::IntoIter<(K, T)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Each entry inserted in turn: of several values for one key the last one wins. (The maps
/// are small — a KPI's years, a draft's cells — and usually given in key order, when each
/// insert is a push at the end.)
impl<K: Ord, T> FromIterator<(K, T)> for VecMap<K, T> {
    fn from_iter<I: IntoIterator<Item = (K, T)>>(iter: I) -> Self {
        let mut map = VecMap::new();
        map.extend(iter);
        map
    }
}

impl<K: Ord, T> Extend<(K, T)> for VecMap<K, T> {
    fn extend<I: IntoIterator<Item = (K, T)>>(&mut self, iter: I) {
        for (key, value) in iter {
            self.insert(key, value);
        }
    }
}

impl<K: Ord, T, const N: usize> From<[(K, T); N]> for VecMap<K, T> {
    fn from(entries: [(K, T); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K, T> From<std::collections::BTreeMap<K, T>> for VecMap<K, T> {
    fn from(map: std::collections::BTreeMap<K, T>) -> Self {
        VecMap(map.into_iter().collect())
    }
}

impl<K: Ord, T> std::ops::Index<&K> for VecMap<K, T> {
    type Output = T;
    fn index(&self, key: &K) -> &T {
        self.get(key).expect("no value for that key")
    }
}

impl<T: Serialize> Serialize for VecMap<FiscalYear, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (y, v) in &self.0 {
            map.serialize_entry(y, v)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for VecMap<FiscalYear, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct YearsVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for YearsVisitor<T> {
            type Value = ByYear<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            /// A year repeated in the JSON keeps its last value, as a map read from JSON does.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ByYear<T>, A::Error> {
                let mut years = VecMap(Vec::with_capacity(map.size_hint().unwrap_or(0).min(64)));
                while let Some((year, value)) = map.next_entry::<FiscalYear, T>()? {
                    years.insert(year, value);
                }
                Ok(years)
            }
        }
        deserializer.deserialize_map(YearsVisitor(PhantomData))
    }
}

/// The schema of the JSON form: exactly that of the `BTreeMap` it stands in for.
#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for VecMap<FiscalYear, T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <std::collections::BTreeMap<FiscalYear, T>>::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        <std::collections::BTreeMap<FiscalYear, T>>::schema_id()
    }
    fn inline_schema() -> bool {
        <std::collections::BTreeMap<FiscalYear, T>>::inline_schema()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <std::collections::BTreeMap<FiscalYear, T>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    proptest! {
        /// Every operation agrees with `BTreeMap`, the type this replaces.
        #[test]
        fn behaves_like_a_btree_map(
            ops in proptest::collection::vec((any::<bool>(), 2015..2035i32, any::<u8>()), 0..40),
            lo in 2015..2035i32,
            hi in 2015..2035i32,
        ) {
            let mut ours = ByYear::new();
            let mut theirs = BTreeMap::new();
            for (insert, fy, v) in ops {
                if insert {
                    prop_assert_eq!(ours.insert(fy, v), theirs.insert(fy, v));
                } else {
                    prop_assert_eq!(ours.remove(&fy), theirs.remove(&fy));
                }
                prop_assert_eq!(ours.len(), theirs.len());
            }
            prop_assert!(ours.iter().eq(theirs.iter()));
            prop_assert!(ours.iter().rev().eq(theirs.iter().rev()));
            prop_assert!(ours.range(..=lo).eq(theirs.range(..=lo)));
            prop_assert!(ours.range(lo..).eq(theirs.range(lo..)));
            if lo <= hi {
                prop_assert!(ours.range(lo..=hi).eq(theirs.range(lo..=hi)));
                prop_assert!(ours.range(lo..hi).eq(theirs.range(lo..hi)));
            }
            prop_assert_eq!(ours.get(&lo), theirs.get(&lo));
            prop_assert_eq!(ours.last_key_value(), theirs.last_key_value());
            prop_assert_eq!(ours.first_key_value(), theirs.first_key_value());
            // The same JSON both ways.
            let json = serde_json::to_string(&ours).unwrap();
            prop_assert_eq!(&json, &serde_json::to_string(&theirs).unwrap());
            let back: ByYear<u8> = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, ours);
        }
    }

    proptest! {
        /// With keys that are not `Copy` (the draft's cells): insert, remove, clear, extend
        /// and collect agree with `BTreeMap` too, a repeated key keeping the last value.
        #[test]
        fn with_string_keys_behaves_like_a_btree_map(
            ops in proptest::collection::vec((0..4u8, "[a-c]{0,2}", any::<u8>()), 0..40),
        ) {
            let mut ours = VecMap::new();
            let mut theirs = BTreeMap::new();
            for (op, key, v) in ops {
                match op {
                    0 => prop_assert_eq!(ours.insert(key.clone(), v), theirs.insert(key, v)),
                    1 => prop_assert_eq!(ours.remove(&key), theirs.remove(&key)),
                    2 => {
                        let more = [(key.clone(), v), (format!("{key}x"), v), (key, v / 2)];
                        ours.extend(more.clone());
                        theirs.extend(more);
                    }
                    _ => {
                        prop_assert_eq!(ours.contains_key(&key), theirs.contains_key(&key));
                        if v % 8 == 0 {
                            ours.clear();
                            theirs.clear();
                        }
                    }
                }
                prop_assert!(ours.iter().eq(theirs.iter()));
            }
            let collected: VecMap<String, u8> = theirs.clone().into_iter().rev().collect();
            prop_assert!(collected.iter().eq(theirs.iter()));
            prop_assert!(ours.into_iter().eq(theirs.into_iter()));
        }
    }

    #[test]
    fn json_in_any_order_is_sorted_and_a_repeated_year_keeps_the_last_value() {
        let years: ByYear<i32> =
            serde_json::from_str(r#"{"2024": 3, "2021": 1, "2023": 2, "2021": 9}"#).unwrap();
        assert_eq!(years, ByYear::from([(2021, 9), (2023, 2), (2024, 3)]));
        let as_map: BTreeMap<i32, i32> =
            serde_json::from_str(r#"{"2024": 3, "2021": 1, "2023": 2, "2021": 9}"#).unwrap();
        assert_eq!(years, ByYear::from(as_map));
    }

    #[test]
    fn a_key_that_is_not_a_year_is_refused_as_a_map_would_refuse_it() {
        let ours = serde_json::from_str::<ByYear<i32>>(r#"{"R5": 1}"#).unwrap_err();
        let theirs = serde_json::from_str::<BTreeMap<i32, i32>>(r#"{"R5": 1}"#).unwrap_err();
        assert_eq!(ours.to_string(), theirs.to_string());
    }
}
