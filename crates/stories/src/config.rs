//! Tuning and bounds of the story stage.

/// How reports are matched and how much state is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Seconds a report stays matchable after the newest stream time (72 h).
    pub window_seconds: i64,
    /// Reports kept in the state at most; the oldest leave first.
    pub max_reports: usize,
    /// A report joins the best story whose score reaches this, else starts its own.
    pub threshold: f64,
    /// Weight of text similarity in a pair score; entities get the rest.
    pub text_weight: f64,
    /// SimHash bits two texts may differ in and still be near copies (pair score 1).
    pub near_copy_bits: u32,
    /// A report is compared with the indexed reports that share one of its this many rarest
    /// terms (highest idf).
    pub candidate_terms: usize,
    /// A term held by more than one in this many reports (the indexed ones, the new one and
    /// the idf's prior together: its idf below the logarithm of this) weighs nothing, and its
    /// posting list is not walked; 0 weighs every term.
    pub common_term_share: usize,
    /// Reports of a story its score is computed against (the first ones).
    pub max_members: usize,
    /// Articles (and distinct sources) listed in a story record at most.
    pub max_articles: usize,
    /// Event ids listed in a story record at most.
    pub max_events: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            window_seconds: 72 * 3600,
            max_reports: 200_000,
            threshold: 0.2,
            text_weight: 0.7,
            near_copy_bits: 3,
            candidate_terms: 32,
            common_term_share: 16,
            max_members: 8,
            max_articles: 50,
            max_events: 100,
        }
    }
}
