//! A story in the state: its members, capped lists and the tally behind its representative
//! event, and the story record it publishes.

use std::collections::BTreeSet;

use khabar_schema::{EventRecord, RepresentativeEvent, StoryArticle, StoryRecord, SCHEMA_VERSION};

use crate::config::Config;
use crate::report::{compatible, Report};

/// Distinct events tallied for the representative event, at most.
const MAX_TALLY: usize = 32;

/// One story of the state.
#[derive(Debug, Clone)]
pub struct Story {
    /// Stable story id.
    pub id: String,
    /// Version of the last record published.
    pub version: u64,
    /// Stream time of the first report.
    pub first_seen: Option<i64>,
    /// Stream time of the latest report.
    pub last_seen: Option<i64>,
    /// Slots of the live reports the story is matched against (the first ones, capped).
    pub members: Vec<u64>,
    /// Live reports of the story, in the state or not matched against.
    pub live: usize,
    articles: Vec<StoryArticle>,
    article_count: usize,
    sources: BTreeSet<String>,
    events: Vec<String>,
    /// Distinct non-generic events with how many articles reported them.
    tally: Vec<(EventRecord, usize)>,
}

impl Story {
    /// A new story whose first report is `report`.
    pub fn new(report: &Report) -> Story {
        Story {
            id: story_id(&report.id),
            version: 0,
            first_seen: report.time,
            last_seen: report.time,
            members: Vec::new(),
            live: 0,
            articles: Vec::new(),
            article_count: 0,
            sources: BTreeSet::new(),
            events: Vec::new(),
            tally: Vec::new(),
        }
    }

    /// Adds `report` (in slot `slot`) and bumps the version.
    pub fn add(&mut self, slot: u64, report: &Report, config: &Config) {
        self.version += 1;
        self.live += 1;
        if self.members.len() < config.max_members {
            self.members.push(slot);
        }
        self.first_seen = min_time(self.first_seen, report.time);
        self.last_seen = max_time(self.last_seen, report.time);
        self.article_count += 1;
        if self.articles.len() < config.max_articles {
            self.articles.push(StoryArticle {
                id: report.id.clone(),
                source: report.source.clone(),
                url: report.url.clone(),
            });
        }
        if let Some(source) = &report.source {
            if self.sources.len() < config.max_articles {
                self.sources.insert(source.clone());
            }
        }
        for event in &report.events {
            if self.events.len() < config.max_events {
                self.events.push(event.event_id.clone());
            }
        }
        self.count_events(report);
    }

    /// Counts each matchable event of `report` once against the compatible tallied event.
    fn count_events(&mut self, report: &Report) {
        let mut counted = vec![false; self.tally.len()];
        for event in report.matchable_events() {
            match self.tally.iter().position(|(e, _)| compatible(e, event)) {
                Some(i) if !counted[i] => {
                    counted[i] = true;
                    self.tally[i].1 += 1;
                }
                Some(_) => {}
                None if self.tally.len() < MAX_TALLY => {
                    self.tally.push((event.clone(), 1));
                    counted.push(true);
                }
                None => {}
            }
        }
    }

    /// The story record of the current version.
    pub fn record(&self) -> StoryRecord {
        // The first of the most reported events: ties go to the earliest.
        let representative = self
            .tally
            .iter()
            .rev()
            .max_by_key(|(_, count)| *count)
            .map(|(e, _)| representative(e));
        StoryRecord {
            schema_version: SCHEMA_VERSION.to_string(),
            story_id: self.id.clone(),
            version: self.version,
            first_seen: self.first_seen.and_then(format_time),
            last_seen: self.last_seen.and_then(format_time),
            articles: self.articles.clone(),
            article_count: self.article_count,
            source_count: self.sources.len(),
            events: self.events.clone(),
            representative_event: representative,
        }
    }
}

fn representative(event: &EventRecord) -> RepresentativeEvent {
    RepresentativeEvent {
        event_id: event.event_id.clone(),
        event_type: event.event_type.clone(),
        mode: event.mode.clone(),
        cameo: event.cameo.clone(),
        modality: event.modality,
        source: event.source.clone(),
        target: event.target.clone(),
        location: event.location.clone(),
        date: event.date.clone(),
    }
}

/// Stable story id: 32 hex digits of the BLAKE3 hash of the first article's id.
fn story_id(article_id: &str) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"khabar.story\0");
    hasher.update(article_id.as_bytes());
    hasher.finalize().to_hex()[..32].to_string()
}

fn min_time(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_time(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    a.max(b)
}

fn format_time(seconds: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}
