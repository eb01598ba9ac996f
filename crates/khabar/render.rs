//! `khabar render`: reads document records, and optionally the articles and a gold file, and
//! writes the HTML page `khabar_render` makes of them.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use khabar_render::Page;
use khabar_schema::{Article, InputLimits};

use crate::cli::RenderOptions;

/// Articles up to this size are read for their text (far above the worker's default limit).
const ARTICLE_LIMITS: InputLimits = InputLimits {
    max_record_bytes: 256 << 20,
    max_text_bytes: 128 << 20,
};

/// Runs `khabar render` with `options`.
pub fn run(options: &RenderOptions) -> anyhow::Result<ExitCode> {
    let inputs = if options.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        options.inputs.clone()
    };
    let mut documents = Vec::new();
    for input in &inputs {
        let name = input.display().to_string();
        documents.extend(khabar_render::parse_documents(&read(input)?, &name)?);
    }
    let mut texts = HashMap::new();
    for path in &options.articles {
        texts.extend(article_texts(path)?);
    }
    let mut gold = match &options.gold {
        Some(path) => {
            let path = crate::data::gold_file(&options.data.dir, path)?;
            let docs = khabar_eval::gold::read(&path)?;
            docs.into_iter().map(|doc| (doc.id.clone(), doc)).collect()
        }
        None => HashMap::new(),
    };
    let pages: Vec<Page> = documents
        .into_iter()
        .map(|document| Page {
            text: texts.remove(&document.id),
            gold: gold.remove(&document.id),
            document,
        })
        .collect();
    if !gold.is_empty() {
        let mut ids: Vec<&String> = gold.keys().collect();
        ids.sort();
        eprintln!(
            "khabar: {} gold document(s) have no record: {}",
            ids.len(),
            ids.iter()
                .take(10)
                .map(|id| id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let html = khabar_render::render(&pages);
    match &options.output {
        Some(path) => {
            std::fs::write(path, html).with_context(|| format!("writing '{}'", path.display()))?
        }
        None => std::io::stdout().lock().write_all(html.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The content of `path`, or of stdin for `-`.
fn read(path: &Path) -> anyhow::Result<String> {
    if path.as_os_str() == "-" {
        let mut content = String::new();
        std::io::stdin()
            .read_to_string(&mut content)
            .context("reading stdin")?;
        return Ok(content);
    }
    std::fs::read_to_string(path).with_context(|| format!("reading '{}'", path.display()))
}

/// Article id → text of the JSONL articles at `path`.
fn article_texts(path: &Path) -> anyhow::Result<HashMap<String, String>> {
    let content = read(path)?;
    let mut texts = HashMap::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let article = Article::from_json_bytes(line.as_bytes(), &ARTICLE_LIMITS)
            .with_context(|| format!("'{}' line {}: not an article", path.display(), i + 1))?;
        texts.insert(article.id, article.text);
    }
    Ok(texts)
}
