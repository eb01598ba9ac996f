//! The story stage: links the reports of one happening across articles and outlets into
//! stories, and gives the updated story record after each report.
//!
//! Pure and incremental: [`Linker::add`] takes one document's [`Report`] at a time, in stream
//! order, and returns the record of the story it joined. The state is windowed by stream time
//! and bounded in size; story ids are hashes of the first article's id and versions only grow,
//! so the same input in the same order gives the same records. No I/O, no language stages: the
//! signals are the document record's terms, linked entities, events and a near-copy
//! fingerprint of the text.

mod config;
mod index;
mod linker;
mod record;
mod report;
mod stage;
mod story;

pub use config::Config;
pub use linker::{Linker, StateSize};
pub use record::{Head, Linkable, LinkableEntity};
pub use report::{compatible, is_generic, Person, Report};
pub use stage::Stage;

/// The events of a document as the story stage publishes them: each with `story_id`, the
/// story its article joined. An article never changes story (stories grow, they do not merge),
/// so the id is final.
pub fn story_events(
    events: &[khabar_schema::EventRecord],
    story_id: &str,
) -> Vec<khabar_schema::EventRecord> {
    events
        .iter()
        .map(|event| khabar_schema::EventRecord {
            story_id: Some(story_id.to_string()),
            ..event.clone()
        })
        .collect()
}

/// Links `reports` in order and returns the last record of every story, by first appearance:
/// the batch form of [`Linker::add`], with the same result.
pub fn link_all(
    reports: impl IntoIterator<Item = Report>,
    config: Config,
) -> Vec<khabar_schema::StoryRecord> {
    let mut linker = Linker::new(config);
    let mut latest: Vec<khabar_schema::StoryRecord> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for report in reports {
        let record = linker.add(report);
        match index.get(&record.story_id) {
            Some(&i) => latest[i] = record,
            None => {
                index.insert(record.story_id.clone(), latest.len());
                latest.push(record);
            }
        }
    }
    latest
}
