//! Offline work over gold data: readers for the gold formats of `shared/data/README.md` (and
//! [`gold::read`], any of them as documents to show),
//! scorers for sentences, entities and events, and the driver that trains the shipped entity
//! models. This crate reads files; the stages it measures do not.

pub mod conll;
mod error;
pub mod events;
pub mod gold;
pub mod ner;
mod prf;
pub mod sentences;
pub mod stories;
pub mod train;

pub use error::EvalError;
pub use prf::Prf;
