//! `ByYear`: values keyed by fiscal year, kept as a vector sorted by year.
//!
//! A KPI holds a handful of years in each of its maps (targets, actuals, comments …), and a
//! 10,000-KPI plan holds tens of thousands of such maps. A B-tree costs a node allocation and
//! pointer chasing for each; a sorted vector is one exact allocation read front to back, which
//! made parsing and a full recompute measurably faster (bench/report.md) and the wasm smaller.
//! The API mirrors the part of `BTreeMap` the app uses; the JSON form is the same object with
//! the year as key (`{"2023": 12}`).

use crate::plan::FiscalYear;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Bound, RangeBounds};

#[derive(Clone, Debug, PartialEq)]
pub struct ByYear<T>(Vec<(FiscalYear, T)>);

impl<T> Default for ByYear<T> {
    fn default() -> Self {
        ByYear(Vec::new())
    }
}

impl<T> ByYear<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find(&self, fy: FiscalYear) -> Result<usize, usize> {
        self.0.binary_search_by_key(&fy, |(y, _)| *y)
    }

    pub fn get(&self, fy: &FiscalYear) -> Option<&T> {
        self.find(*fy).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, fy: &FiscalYear) -> bool {
        self.find(*fy).is_ok()
    }

    /// Set the value of a year; returns the value it replaces.
    pub fn insert(&mut self, fy: FiscalYear, value: T) -> Option<T> {
        match self.find(fy) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (fy, value));
                None
            }
        }
    }

    pub fn remove(&mut self, fy: &FiscalYear) -> Option<T> {
        self.find(*fy).ok().map(|i| self.0.remove(i).1)
    }

    /// (year, value) in year order.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter(self.0.iter())
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &FiscalYear> + Clone + '_ {
        self.0.iter().map(|(y, _)| y)
    }

    /// The entries whose year lies in `years`, in year order.
    pub fn range(&self, years: impl RangeBounds<FiscalYear>) -> Iter<'_, T> {
        let start = match years.start_bound() {
            Bound::Included(&y) => self.0.partition_point(|(k, _)| *k < y),
            Bound::Excluded(&y) => self.0.partition_point(|(k, _)| *k <= y),
            Bound::Unbounded => 0,
        };
        let end = match years.end_bound() {
            Bound::Included(&y) => self.0.partition_point(|(k, _)| *k <= y),
            Bound::Excluded(&y) => self.0.partition_point(|(k, _)| *k < y),
            Bound::Unbounded => self.0.len(),
        };
        Iter(self.0[start..end.max(start)].iter())
    }

    pub fn first_key_value(&self) -> Option<(&FiscalYear, &T)> {
        self.0.first().map(|(y, v)| (y, v))
    }

    pub fn last_key_value(&self) -> Option<(&FiscalYear, &T)> {
        self.0.last().map(|(y, v)| (y, v))
    }

    /// Sort by year; of several values for one year the last one given wins (as with
    /// repeated inserts, or a repeated key in JSON read into a map).
    fn from_unsorted(mut entries: Vec<(FiscalYear, T)>) -> Self {
        if !entries.windows(2).all(|w| w[0].0 < w[1].0) {
            crate::sort::sort_by_key(&mut entries, |(y, _)| *y); // stable: equal years stay in given order
            entries.dedup_by(|later, earlier| {
                if later.0 == earlier.0 {
                    std::mem::swap(later, earlier);
                    true
                } else {
                    false
                }
            });
        }
        ByYear(entries)
    }
}

/// Iterator over (&year, &value), like `BTreeMap::iter`.
#[derive(Clone, Debug)]
pub struct Iter<'a, T>(std::slice::Iter<'a, (FiscalYear, T)>);

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = (&'a FiscalYear, &'a T);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(y, v)| (y, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(y, v)| (y, v))
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

impl<'a, T> IntoIterator for &'a ByYear<T> {
    type Item = (&'a FiscalYear, &'a T);
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> FromIterator<(FiscalYear, T)> for ByYear<T> {
    fn from_iter<I: IntoIterator<Item = (FiscalYear, T)>>(iter: I) -> Self {
        Self::from_unsorted(iter.into_iter().collect())
    }
}

impl<T, const N: usize> From<[(FiscalYear, T); N]> for ByYear<T> {
    fn from(entries: [(FiscalYear, T); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<T> From<std::collections::BTreeMap<FiscalYear, T>> for ByYear<T> {
    fn from(map: std::collections::BTreeMap<FiscalYear, T>) -> Self {
        ByYear(map.into_iter().collect())
    }
}

impl<T> std::ops::Index<&FiscalYear> for ByYear<T> {
    type Output = T;
    fn index(&self, fy: &FiscalYear) -> &T {
        self.get(fy).expect("no value for that year")
    }
}

impl<T: Serialize> Serialize for ByYear<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (y, v) in &self.0 {
            map.serialize_entry(y, v)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ByYear<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct YearsVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for YearsVisitor<T> {
            type Value = ByYear<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ByYear<T>, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
                while let Some(entry) = map.next_entry::<FiscalYear, T>()? {
                    entries.push(entry);
                }
                Ok(ByYear::from_unsorted(entries))
            }
        }
        deserializer.deserialize_map(YearsVisitor(PhantomData))
    }
}

/// The schema of the JSON form: exactly that of the `BTreeMap` it stands in for.
#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for ByYear<T> {
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
