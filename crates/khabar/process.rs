//! File mode: articles from JSONL or text files (or stdin) to JSONL document records, with bad
//! lines reported as dead-letter lines and processing going on; with `--stories`, the story
//! stage links them in input order and its records go to their own file. On a terminal, a
//! progress bar with articles/s runs on stderr; piped, nothing but dead letters goes there.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use khabar_pipeline::Pipeline;
use khabar_schema::{Article, InputError, InputLimits};
use khabar_stories::{story_events, Config, Linkable, Report, Stage};
use serde::Serialize;

use crate::cli::ProcessOptions;

/// One rejected input, as written to the dead-letter output.
#[derive(Debug, Serialize)]
struct DeadLetterLine<'a> {
    source: &'a str,
    line: usize,
    kind: &'static str,
    message: String,
}

struct Outputs {
    documents: Box<dyn Write>,
    /// The story stage and where its records go, with `--stories`.
    stories: Option<(Stage, Box<dyn Write>)>,
    dead_letters: Box<dyn Write>,
    rejected: usize,
    /// The progress bar, on a terminal only.
    progress: Option<ProgressBar>,
}

impl Outputs {
    fn advance(&self) {
        if let Some(bar) = &self.progress {
            bar.inc(1);
        }
    }

    fn dead_letter(&mut self, source: &str, line: usize, error: &InputError) -> anyhow::Result<()> {
        self.rejected += 1;
        self.advance();
        let record = DeadLetterLine {
            source,
            line,
            kind: error.kind(),
            message: error.to_string(),
        };
        serde_json::to_writer(&mut self.dead_letters, &record)?;
        self.dead_letters.write_all(b"\n")?;
        Ok(())
    }
}

/// Runs file mode with `options`.
pub fn run(options: &ProcessOptions) -> anyhow::Result<ExitCode> {
    let pipeline = crate::embedded_pipeline()?;
    let limits = InputLimits {
        max_text_bytes: options.max_text_bytes,
        max_record_bytes: options.max_text_bytes.saturating_mul(2).max(4096),
    };
    let documents: Box<dyn Write> = match &options.output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating '{}'", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let progress = progress_bar();
    let dead_letters: Box<dyn Write> = match (&options.dead_letters, &progress) {
        (Some(path), _) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating '{}'", path.display()))?,
        )),
        (None, Some(bar)) => Box::new(AboveBar(bar.clone())),
        (None, None) => Box::new(io::stderr()),
    };
    let stories = match &options.stories {
        Some(path) => {
            let file =
                File::create(path).with_context(|| format!("creating '{}'", path.display()))?;
            let writer: Box<dyn Write> = Box::new(BufWriter::new(file));
            Some((Stage::new(Config::default()), writer))
        }
        None => None,
    };
    let mut outputs = Outputs {
        documents,
        stories,
        dead_letters,
        rejected: 0,
        progress,
    };
    let started = Instant::now();
    let inputs = expand_inputs(&options.inputs)?;
    for input in &inputs {
        if let Some(bar) = &outputs.progress {
            bar.set_message(input.display().to_string());
        }
        if input.as_os_str() == "-" {
            process_jsonl(io::stdin().lock(), "-", &pipeline, &limits, &mut outputs)?;
        } else if input.extension().is_some_and(|e| e == "txt") {
            let name = input.display().to_string();
            let bytes = std::fs::read(input).with_context(|| format!("reading '{name}'"))?;
            let id = input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let article = String::from_utf8(bytes)
                .map_err(|e| InputError::InvalidUtf8 {
                    valid_up_to: e.utf8_error().valid_up_to(),
                })
                .and_then(|text| Article::from_plain_text(id, text, &limits));
            match article {
                Ok(article) => write_document(&pipeline, &article, &mut outputs)?,
                Err(error) => outputs.dead_letter(&name, 1, &error)?,
            }
        } else {
            let file =
                File::open(input).with_context(|| format!("opening '{}'", input.display()))?;
            process_jsonl(
                BufReader::new(file),
                &input.display().to_string(),
                &pipeline,
                &limits,
                &mut outputs,
            )?;
        }
    }
    outputs.documents.flush()?;
    outputs.dead_letters.flush()?;
    if let Some((_, writer)) = &mut outputs.stories {
        writer.flush()?;
    }
    if let Some(bar) = outputs.progress.take() {
        let count = bar.position();
        bar.finish_and_clear();
        let seconds = started.elapsed().as_secs_f64();
        eprintln!(
            "khabar: {count} article(s), {} dead-lettered, in {seconds:.1} s ({:.1} articles/s)",
            outputs.rejected,
            count as f64 / seconds.max(1e-9)
        );
    }
    if options.strict && outputs.rejected > 0 {
        eprintln!("khabar: {} input(s) dead-lettered", outputs.rejected);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// A spinner with the article count and rate on stderr, when stderr is a terminal.
fn progress_bar() -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8));
    // The template is a constant known to parse; fall back to the default style if not.
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {human_pos} articles  {rate}  {elapsed}  {wide_msg}",
    ) {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.1} articles/s", state.per_sec());
            },
        ));
    }
    bar.enable_steady_tick(Duration::from_millis(125));
    Some(bar)
}

/// Writes dead-letter lines to stderr above the progress bar instead of through it.
struct AboveBar(ProgressBar);

impl Write for AboveBar {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.suspend(|| io::stderr().write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}

/// Whether a path is a glob pattern rather than a file name.
fn is_glob(path: &std::path::Path) -> bool {
    path.to_str().is_some_and(|p| p.contains(['*', '?', '[']))
}

/// Expands folders into their `.jsonl` and `.txt` files and glob patterns into the files they
/// match (each sorted); no inputs means stdin.
fn expand_inputs(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    if inputs.is_empty() {
        return Ok(vec![PathBuf::from("-")]);
    }
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("listing '{}'", input.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "jsonl" || e == "txt"))
                .collect();
            found.sort();
            files.extend(found);
        } else if !input.exists() && is_glob(input) {
            // is_glob only accepts paths that are valid UTF-8.
            let pattern = input.to_str().unwrap_or_default();
            let mut found: Vec<PathBuf> = glob::glob(pattern)
                .with_context(|| format!("invalid glob pattern '{pattern}'"))?
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            anyhow::ensure!(!found.is_empty(), "no files match '{pattern}'");
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn process_jsonl(
    mut reader: impl BufRead,
    source: &str,
    pipeline: &Pipeline,
    limits: &InputLimits,
    outputs: &mut Outputs,
) -> anyhow::Result<()> {
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        let read = reader
            .read_until(b'\n', &mut line)
            .with_context(|| format!("reading '{source}'"))?;
        if read == 0 {
            return Ok(());
        }
        number += 1;
        let record = trim_line_end(&line);
        if record.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match Article::from_json_bytes(record, limits) {
            Ok(article) => write_document(pipeline, &article, outputs)?,
            Err(error) => outputs.dead_letter(source, number, &error)?,
        }
    }
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|b| *b != b'\n' && *b != b'\r')
        .map_or(0, |i| i + 1);
    &line[..end]
}

fn write_document(
    pipeline: &Pipeline,
    article: &Article,
    outputs: &mut Outputs,
) -> anyhow::Result<()> {
    outputs.advance();
    let mut document = pipeline.process(article);
    if let Some((stage, writer)) = &mut outputs.stories {
        let report = Report::new(&document, Some(&article.text), None);
        if let Some(record) = stage.add(Stage::key(&document.language), report) {
            document.events = story_events(&document.events, &record.story_id);
            serde_json::to_writer(&mut *writer, &record)?;
            writer.write_all(b"\n")?;
        }
    }
    // As the worker writes it: the same bytes as serde_json's, in fewer instructions.
    outputs
        .documents
        .write_all(&khabar_schema::json::document(&document).json)?;
    outputs.documents.write_all(b"\n")?;
    Ok(())
}

/// `khabar stories`: document records (JSONL) through the story stage as the Kafka stage runs
/// it (no article text: the records' text signatures stand in), one story record line per
/// update; with `events`, the linked articles' event records with their `story_id` go there.
/// A line that is not a document record stops it with its place.
pub fn link_documents(
    inputs: &[PathBuf],
    output: Option<&std::path::Path>,
    events: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let create = |path: &std::path::Path| -> anyhow::Result<Box<dyn Write>> {
        Ok(Box::new(BufWriter::new(File::create(path).with_context(
            || format!("creating '{}'", path.display()),
        )?)))
    };
    let mut writer: Box<dyn Write> = match output {
        Some(path) => create(path)?,
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let mut events = events.map(create).transpose()?;
    let mut stage = Stage::new(Config::default());
    for input in expand_inputs(inputs)? {
        let source = input.display().to_string();
        let reader: Box<dyn BufRead> = if source == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(BufReader::new(
                File::open(&input).with_context(|| format!("opening '{source}'"))?,
            ))
        };
        for (number, line) in reader.lines().enumerate() {
            let line = line.with_context(|| format!("reading '{source}'"))?;
            if line.trim().is_empty() {
                continue;
            }
            let document: Linkable = serde_json::from_str(&line)
                .with_context(|| format!("{source}:{}: not a document record", number + 1))?;
            let report = Report::of(&document, None, None);
            if let Some(record) = stage.add(Stage::key(&document.language), report) {
                serde_json::to_writer(&mut writer, &record)?;
                writer.write_all(b"\n")?;
                if let Some(events) = &mut events {
                    for event in story_events(&document.events, &record.story_id) {
                        serde_json::to_writer(&mut *events, &event)?;
                        events.write_all(b"\n")?;
                    }
                }
            }
        }
    }
    writer.flush()?;
    if let Some(events) = &mut events {
        events.flush()?;
    }
    Ok(())
}
