//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Khabar turns Arabic and English news articles into sentences, entities and PLOVER/CAMEO events.
#[derive(Debug, Parser)]
#[command(name = "khabar", version, about)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Process articles from files or stdin (no broker) and write JSONL document records.
    Process(ProcessOptions),
    /// Run the Kafka worker, or with --stage stories the story stage.
    Run {
        /// Config file (TOML); every key can be overridden by KHABAR_SECTION__KEY variables.
        #[arg(long, env = "KHABAR_CONFIG")]
        config: Option<PathBuf>,
        /// Which stage: `articles` (the worker: articles to documents and events) or `stories`
        /// (documents to story records; see the `[stories]` config section).
        #[arg(long, value_enum, env = "KHABAR_STAGE", default_value_t = RunStage::Articles)]
        stage: RunStage,
    },
    /// Link document records (JSONL: `khabar process` output or a dump of the documents topic)
    /// into stories as the Kafka story stage does, and write story records (JSONL), one line
    /// per update; the highest `version` of a `story_id` is its current record.
    Stories {
        /// JSONL files of document records, or `-` for stdin (the default).
        inputs: Vec<PathBuf>,
        /// Write story records here instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Also write the linked articles' event records, each with its `story_id`, here (what
        /// the Kafka stage publishes on `stories.events`).
        #[arg(long)]
        events: Option<PathBuf>,
    },
    /// Check a config (file, defaults and KHABAR_SECTION__KEY variables); with --connect also
    /// check that the brokers answer and the configured topics exist.
    Validate {
        /// Config file (TOML).
        #[arg(long, env = "KHABAR_CONFIG")]
        config: Option<PathBuf>,
        /// Also connect to kafka.brokers and check that every configured topic exists.
        #[arg(long)]
        connect: bool,
        /// With --connect, check the topics of this stage (`stories`: topics.documents and the
        /// `[stories]` topics).
        #[arg(long, value_enum, env = "KHABAR_STAGE", default_value_t = RunStage::Articles)]
        stage: RunStage,
        /// How long --connect waits for the brokers, in seconds.
        #[arg(long, default_value_t = 10, requires = "connect")]
        timeout_secs: u64,
    },
    /// Exit 0 if the running worker's /healthz (or --path) answers 200; for container
    /// HEALTHCHECKs, so the image needs no curl.
    Healthcheck {
        /// Config file (TOML); its metrics.address (or KHABAR_METRICS__ADDRESS) is probed.
        #[arg(long, env = "KHABAR_CONFIG")]
        config: Option<PathBuf>,
        /// Probe this host:port instead of metrics.address.
        #[arg(long)]
        address: Option<String>,
        /// Path to request.
        #[arg(long, default_value = "/healthz")]
        path: String,
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 3)]
        timeout_secs: u64,
    },
    /// Print the JSON Schemas of the output records (one object keyed by record kind).
    Schema {
        /// Compare with the `*.schema.json` files in this folder instead; exit 1 if they differ.
        #[arg(long, conflicts_with = "out")]
        check: Option<PathBuf>,
        /// Write `document`, `event`, `story` and `dead_letter` `.schema.json` files into this
        /// folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Score the pipeline against a gold file.
    Eval {
        #[command(subcommand)]
        command: EvalCommand,
    },
    /// Train a shipped model from the gold data.
    Train {
        #[command(subcommand)]
        command: TrainCommand,
    },
    /// Benchmark against a running broker: raw copy (the broker's limit), the worker's
    /// throughput, latency at half its peak and peak RSS, and the pipeline alone.
    Bench(BenchOptions),
    /// Write one self-contained HTML page of document records: entities highlighted, events as
    /// cards beside their sentences, a summary on top, and with --gold the gold beside them.
    Render(RenderOptions),
}

/// The stages `khabar run` can run.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RunStage {
    /// The worker: articles to document and event records.
    Articles,
    /// The story stage: document records to story records.
    Stories,
}

/// Options of `khabar render`.
#[derive(Debug, clap::Args)]
pub struct RenderOptions {
    /// JSONL files of document records (the output of `khabar process`, or a dump of the
    /// documents topic), or `-` for stdin (the default).
    pub inputs: Vec<PathBuf>,
    /// Write the page here instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// JSONL files of the input articles the records came from, for their full text (matched by
    /// id; a record alone quotes only its mentions and the sentences of its events).
    #[arg(long = "articles", value_name = "FILE")]
    pub articles: Vec<PathBuf>,
    /// A gold file of `khabar eval` (any of its formats) to show beside the records, matched
    /// by id; its text fills the records' text too. A relative path not found as given is
    /// looked up in the data folder.
    #[arg(long)]
    pub gold: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataOptions,
}

/// Options of `khabar process`.
#[derive(Debug, clap::Args)]
pub struct ProcessOptions {
    /// JSONL files of articles, `.txt` files (one article each), folders of them, glob patterns
    /// (`'data/**/*.jsonl'`, quoted so that Khabar expands them), or `-` for JSONL on stdin (the
    /// default). A progress bar with articles/s shows on stderr when it is a terminal.
    pub inputs: Vec<PathBuf>,
    /// Write document records here instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Write dead-letter lines here instead of stderr.
    #[arg(long)]
    pub dead_letters: Option<PathBuf>,
    /// Also link the articles into stories across articles and outlets and write story records
    /// (JSONL) here: one line per update, in input order (none for an article id seen before);
    /// the highest `version` of a `story_id` is its current record. The documents' events then
    /// carry the `story_id` of their article's story.
    #[arg(long, value_name = "FILE")]
    pub stories: Option<PathBuf>,
    /// Exit with status 1 if any input was dead-lettered.
    #[arg(long)]
    pub strict: bool,
    /// Largest accepted article text, in bytes.
    #[arg(long, default_value_t = 1024 * 1024)]
    pub max_text_bytes: usize,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Sentence boundaries: precision, recall, F1 and exact-document accuracy per language.
    Sentences {
        /// Gold file (sentence JSONL format); a relative path not found as given is looked up
        /// in the data folder.
        #[arg(long)]
        gold: PathBuf,
        #[command(flatten)]
        data: DataOptions,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Entities: conlleval-style P/R/F1 overall and per type.
    Ner {
        /// Gold file (CoNLL `token<TAB>tag` or NER JSONL); a relative path not found as given is
        /// looked up in the data folder.
        #[arg(long)]
        gold: PathBuf,
        #[command(flatten)]
        data: DataOptions,
        /// Score entity model files instead of the embedded ones, as `LANG=PATH` (`ar=ar.bin`);
        /// repeat for both languages. For checking a model from `khabar train ner` before it
        /// replaces the shipped one.
        #[arg(long = "model", value_name = "LANG=PATH")]
        models: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Events: trigger, typed and full P/R/F1 and argument accuracies.
    Events {
        /// Gold file (Khabar event JSONL, PLOVER gold records, or sentence-label gold such as
        /// the Arabic event GSR, scored sentence by sentence); a relative path not found as
        /// given is looked up in the data folder.
        #[arg(long)]
        gold: PathBuf,
        #[command(flatten)]
        data: DataOptions,
        /// Use the gold file's entities instead of the entity tagger's, to score the event
        /// stage alone (Khabar event JSONL only).
        #[arg(long)]
        gold_entities: bool,
        /// Instead of the scores, list each document's gold (G) and predicted (P) events side by
        /// side, with the trigger's gold sentence, type and argument texts, and (unless
        /// --gold-entities) the entities the tagger found.
        #[arg(long)]
        side_by_side: bool,
        /// With --side-by-side, only the documents whose id starts with PREFIX.
        #[arg(long, value_name = "PREFIX", requires = "side_by_side")]
        only: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Story clusters: the raw articles of --input through the pipeline and the story stage,
    /// scored over article pairs and with B-cubed against the gold assignment of articles to
    /// stories, restricted to the articles the gold lists.
    Stories {
        /// Gold file (JSONL `{"id", "story"}`); a relative path not found as given is looked up
        /// in the data folder.
        #[arg(long)]
        gold: PathBuf,
        /// Raw articles (JSONL) of the day the gold covers; looked up like --gold.
        #[arg(long)]
        input: PathBuf,
        #[command(flatten)]
        data: DataOptions,
        /// Link the document records without the article text, as the Kafka story stage does
        /// (document records carry the text's signature, not the text).
        #[arg(long)]
        without_text: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// Train the entity tagger for one language from the training data.
    Ner {
        /// Language: ar or en.
        #[arg(long)]
        lang: String,
        #[command(flatten)]
        data: DataOptions,
        /// Where to write the model.
        #[arg(long)]
        output: PathBuf,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Perceptron runs averaged into the model (the shipped models use 9; fewer for a
        /// quicker comparison of training setups).
        #[arg(long, default_value_t = 9)]
        runs: u64,
    },
    /// Build the gazetteer image the entity stage embeds from the gazetteer TSV files
    /// (normalized, ranked and sorted once, so that start-up only reads it).
    Gazetteer {
        /// Folder of the gazetteer TSV files.
        #[arg(long, default_value = "crates/ner/data/gazetteer")]
        from: PathBuf,
        /// Where to write the image.
        #[arg(long, default_value = "crates/ner/data/gazetteer.img")]
        output: PathBuf,
    },
    /// Build the actor-code image the event stage embeds from its actors.tsv (surfaces
    /// normalized and sorted once, so that start-up reads nothing).
    ActorCodes {
        /// The actor-code lexicon.
        #[arg(long, default_value = "crates/events/lexicons/actors.tsv")]
        from: PathBuf,
        /// Where to write the image.
        #[arg(long, default_value = "crates/events/lexicons/actors.img")]
        output: PathBuf,
    },
}

/// Where the training/evaluation data is (gold, training and raw sets; not in the repository).
#[derive(Debug, clap::Args)]
pub struct DataOptions {
    /// Folder of the training/evaluation data.
    #[arg(
        long = "data",
        value_name = "DIR",
        env = "KHABAR_DATA",
        default_value = "../shared/data"
    )]
    pub dir: PathBuf,
}

/// Report format.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// A table for people.
    Text,
    /// JSON for machines.
    Json,
}

/// Options of `khabar bench`.
#[derive(Debug, clap::Args)]
pub struct BenchOptions {
    /// JSONL files of articles (default: the SaudiNewsNet and English Wikinews raw corpora of
    /// the data folder).
    #[arg(long = "input", value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub data: DataOptions,
    /// Bootstrap servers of the broker to measure.
    #[arg(long, env = "KHABAR_BENCH_BROKERS", default_value = "127.0.0.1:9092")]
    pub brokers: String,
    /// Records to load into the input topic (the articles cycled).
    #[arg(long, short = 'n', default_value_t = 20_000)]
    pub records: usize,
    /// Partitions of the input and output topics.
    #[arg(long, short = 'p', default_value_t = 3)]
    pub partitions: i32,
    /// Worker processes in one group; with more than one, worker i is pinned to core i (taskset).
    #[arg(long, default_value_t = 1)]
    pub workers: usize,
    /// Seconds of fixed-rate load for the latency percentiles.
    #[arg(long, default_value_t = 10.0)]
    pub latency_seconds: f64,
    /// Offered rate of the latency phase, as a fraction of the worker's measured peak.
    #[arg(long, default_value_t = 0.5)]
    pub latency_fraction: f64,
    /// Minimum seconds of each pipeline-alone measurement.
    #[arg(long, default_value_t = 3.0)]
    pub pipeline_seconds: f64,
    /// In-flight bound of the raw copy; keep equal to the worker's worker.max_in_flight.
    #[arg(long, env = "KHABAR_WORKER__MAX_IN_FLIGHT", default_value_t = 512)]
    pub max_in_flight: usize,
    /// Write the report as JSON here.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Write the worker's log here (discarded otherwise).
    #[arg(long)]
    pub worker_log: Option<PathBuf>,
    /// Keep the run's topics instead of deleting them.
    #[arg(long)]
    pub keep_topics: bool,
}
