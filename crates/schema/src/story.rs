//! The story record: one per cluster of reports of the same happening across articles and
//! outlets, re-published with a higher version each time a report joins it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::output::{Actor, Argument, EventDate, Modality};

/// One record per story; the latest version of a story id replaces the earlier ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StoryRecord {
    /// Version of this record schema (semver).
    pub schema_version: String,
    /// Stable id: a hash of the id of the story's first article.
    pub story_id: String,
    /// Starts at 1 and grows by one with each update; a reader keeps the highest.
    pub version: u64,
    /// Stream time (RFC 3339 UTC) of the first report, when the reports carry a time.
    pub first_seen: Option<String>,
    /// Stream time (RFC 3339 UTC) of the latest report, when the reports carry a time.
    pub last_seen: Option<String>,
    /// Articles in the story, in arrival order (capped; `article_count` has the total).
    pub articles: Vec<StoryArticle>,
    /// Number of articles in the story.
    pub article_count: usize,
    /// Number of distinct sources (outlets) among the articles.
    pub source_count: usize,
    /// Event ids of the story's articles, in arrival order (capped).
    pub events: Vec<String>,
    /// The event that stands for the story: the most reported non-generic event, if any.
    pub representative_event: Option<RepresentativeEvent>,
}

/// An article of a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StoryArticle {
    /// The article id.
    pub id: String,
    /// Source (outlet) of the article.
    pub source: Option<String>,
    /// URL of the article.
    pub url: Option<String>,
}

/// The event that stands for a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RepresentativeEvent {
    /// The event id.
    pub event_id: String,
    /// PLOVER event type.
    #[serde(rename = "type")]
    pub event_type: String,
    /// PLOVER mode, where it applies.
    pub mode: Option<String>,
    /// Closest CAMEO code.
    pub cameo: String,
    /// Whether the event is reported as fact, future or hypothetical.
    pub modality: Modality,
    /// Who acts.
    pub source: Option<Actor>,
    /// Who is acted upon.
    pub target: Option<Actor>,
    /// Where it happens.
    pub location: Option<Argument>,
    /// When it happens.
    pub date: Option<EventDate>,
}
