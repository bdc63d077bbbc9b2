//! Reading the format's structs from JSON objects only.
//!
//! serde's derive lets a struct be read from a JSON object or from an array of its fields in
//! order, and serde_json's `deserialize_struct` compiles both paths for every struct it reads:
//! a second copy of each struct's reading code (≈ 4 KB gzip of the app's wasm) for a form
//! the plan format never uses. A struct read through [`Object`] is handed to serde_json's
//! `deserialize_map`, which reads objects only, so the array path is never compiled; an array
//! where an object belongs is refused with serde's usual words ("invalid type: sequence,
//! expected struct Kpi"), as the schema says it should be.
//!
//! The structs of the plan, the index and the draft are read this way: the documents at
//! their top level ([`from_str`]), and each struct inside them through the field helpers
//! ([`one`], [`option`], [`list`], [`option_list`]) named in `deserialize_with`. One is not:
//! `Reported`, a value of a year map (`ByYear`), whose reader is generic over its values;
//! it is small (two fields), and a struct read the derived way still works, with its array
//! path compiled.

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::{forward_to_deserialize_any, Deserialize};
use std::fmt;
use std::marker::PhantomData;

/// A deserializer that reads a struct as a map (an object), and anything else as `D` would.
pub struct Object<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Object<D> {
    type Error = D::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    // Only structs are read through `Object`; the rest is there for completeness.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// Read a whole JSON document whose top level is a struct, as `serde_json::from_str` does
/// (trailing characters other than whitespace are an error).
pub fn from_str<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Object(&mut de))?;
    de.end()?;
    Ok(value)
}

/// `deserialize_with` of a struct field.
pub fn one<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    T::deserialize(Object(d))
}

/// `deserialize_with` of an optional struct field (`null` is `None`; with `default`, so is a
/// missing one).
pub fn option<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    d.deserialize_option(Nullable(One(PhantomData)))
}

/// `deserialize_with` of a list of structs.
///
/// With no spare capacity: serde's own `Vec` grows from empty, so a node's one KPI
/// (416 bytes) took room for four; in a 10,000-KPI plan that was 16 of its 22 MB of
/// allocations. These lists are read once and rarely grow, so they start at one element
/// and give back what is left.
pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    List(PhantomData).deserialize(d)
}

/// `deserialize_with` of an optional list of structs.
pub fn option_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    d.deserialize_option(Nullable(List(PhantomData)))
}

/// One struct, read through `Object`.
struct One<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for One<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        one(d)
    }
}

/// A list of structs, each read through `Object`.
struct List<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for List<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for List<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(1);
        while let Some(item) = seq.next_element_seed(One(PhantomData))? {
            items.push(item);
        }
        items.shrink_to_fit();
        Ok(items)
    }
}

/// `None` for `null`, else `Some` of what the seed reads (serde's `Option`, with a seed).
struct Nullable<S>(S);

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Nullable<S> {
    type Value = Option<S::Value>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("option")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(d).map(Some)
    }
}
