//! Gold annotations of a document, whatever file they were read from: the text and its gold
//! entities and events in character offsets. `khabar eval` reads them from every gold format and
//! scores against them; `khabar render --gold` shows them beside the records.

/// A half-open character span.
pub type Span = (usize, usize);

/// One gold document of any format.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoldDocument {
    /// Document id (for CoNLL, the file name and sentence number).
    pub id: String,
    /// The text every span indexes, in characters.
    pub text: String,
    /// Gold entity mentions, when annotated.
    pub entities: Option<Vec<GoldMention>>,
    /// Gold events, when annotated.
    pub events: Option<Vec<GoldEventSpans>>,
    /// Sentence-level judgements (`ASSAULT: yes`) of sentence-label gold.
    pub labels: Vec<String>,
}

/// A gold entity mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldMention {
    /// The mention's span.
    pub span: Span,
    /// Its type label as in the file (`PER`, `LOC`, ...; `ACTOR` for PLOVER actors).
    pub label: String,
}

/// A gold event, its arguments as spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldEventSpans {
    /// Index of the gold sentence holding the trigger.
    pub sentence: usize,
    /// The trigger (the first, when several words are marked).
    pub trigger: Span,
    /// PLOVER event type.
    pub event_type: String,
    /// CAMEO code, when annotated.
    pub cameo: Option<String>,
    /// Source actor.
    pub source: Option<Span>,
    /// Target actor.
    pub target: Option<Span>,
    /// Location.
    pub location: Option<Span>,
    /// Day-precise date, when annotated.
    pub date: Option<String>,
}
