//! The story stage over a stream: reports meet only reports of their blocking key, and an
//! article that is already in the window is a repeat.
//!
//! The blocking key is the document's language: two outlets' reports of one happening in one
//! language share it whatever they call the happening, while keys built from extracted events
//! or actors lose half the linked pairs or more (docs/stories.md, "Blocking keys"). Each key has
//! a linker of its own, so the records do not depend on how keys are spread over partitions.
//! A repeat (the same article id again, as an at-least-once redelivery brings it) changes
//! nothing and gives no record, so a stream with repeats links as the stream without them.

use std::collections::BTreeMap;

use khabar_schema::StoryRecord;

use crate::config::Config;
use crate::linker::{Linker, StateSize};
use crate::report::Report;

/// Linkers by blocking key.
#[derive(Debug, Default)]
pub struct Stage {
    config: Config,
    linkers: BTreeMap<String, Linker>,
}

impl Stage {
    /// An empty stage with `config`.
    pub fn new(config: Config) -> Stage {
        Stage {
            config,
            linkers: BTreeMap::new(),
        }
    }

    /// The blocking key of a document of language `language`: the language itself.
    pub fn key(language: &str) -> &str {
        language
    }

    /// Adds the report of a document of blocking key `key`; the updated story record, or
    /// `None` when the article is a repeat.
    pub fn add(&mut self, key: &str, report: Report) -> Option<StoryRecord> {
        let config = &self.config;
        let linker = self
            .linkers
            .entry(key.to_string())
            .or_insert_with(|| Linker::new(config.clone()));
        if linker.contains(&report.id) {
            return None;
        }
        Some(linker.add(report))
    }

    /// Sizes of the state, summed over the keys.
    pub fn size(&self) -> StateSize {
        self.linkers.values().map(Linker::size).fold(
            StateSize {
                reports: 0,
                stories: 0,
                terms: 0,
            },
            |a, b| StateSize {
                reports: a.reports + b.reports,
                stories: a.stories + b.stories,
                terms: a.terms + b.terms,
            },
        )
    }
}
