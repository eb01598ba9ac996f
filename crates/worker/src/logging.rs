//! Tracing setup: JSON lines in containers, human lines on a terminal, RUST_LOG filtering.

use std::fmt;
use std::io::IsTerminal;

use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::format::{JsonFields, Writer};
use tracing_subscriber::fmt::{FormatFields, FormattedFields};
use tracing_subscriber::EnvFilter;

use crate::config::{LogConfig, LogFormat};

/// Installs the global subscriber; `None` means file mode (warnings only unless RUST_LOG says
/// otherwise, human format, to stderr).
pub fn init(config: Option<&LogConfig>) -> anyhow::Result<()> {
    let default_level = config.map_or("warn", |c| c.level.as_str());
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(default_level))
        .map_err(|e| anyhow::anyhow!("invalid log filter '{default_level}': {e}"))?;
    let json = match config.map_or(LogFormat::Human, |c| c.format) {
        LogFormat::Json => true,
        LogFormat::Human => false,
        LogFormat::Auto => !std::io::stderr().is_terminal(),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let result = if json {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .fmt_fields(SpanJsonFields)
            .try_init()
    } else {
        builder.try_init()
    };
    result.map_err(|e| anyhow::anyhow!("setting up logging: {e}"))
}

/// The JSON formatter's span fields, but a field recorded on a span later (a record's article
/// id, once decoded) is appended to the span's JSON object: the stock formatter parses the
/// object and writes it again at every such record, the costliest part of a record's span.
struct SpanJsonFields;

impl<'writer> FormatFields<'writer> for SpanJsonFields {
    fn format_fields<R: RecordFields>(&self, writer: Writer<'writer>, fields: R) -> fmt::Result {
        JsonFields::new().format_fields(writer, fields)
    }

    fn add_fields(
        &self,
        current: &'writer mut FormattedFields<Self>,
        fields: &tracing::span::Record<'_>,
    ) -> fmt::Result {
        let mut more = String::new();
        JsonFields::new().format_fields(Writer::new(&mut more), fields)?;
        join_objects(&mut current.fields, &more);
        Ok(())
    }
}

/// Adds the members of the JSON object `more` to the JSON object `current` (either may be
/// empty, `current` may be no text yet).
fn join_objects(current: &mut String, more: &str) {
    let members = |object: &str| {
        object
            .trim()
            .strip_prefix('{')
            .and_then(|rest| rest.strip_suffix('}'))
            .map(str::trim)
            .unwrap_or_default()
            .to_string()
    };
    let (old, new) = (members(current), members(more));
    *current = match (old.is_empty(), new.is_empty()) {
        (_, true) if !current.is_empty() => return,
        (true, _) => format!("{{{new}}}"),
        (false, _) => format!("{{{old},{new}}}"),
    };
}

#[cfg(test)]
mod tests {
    use super::join_objects;

    #[test]
    fn a_later_field_joins_the_span_object() {
        for (current, more, joined) in [
            (
                r#"{"offset":1,"topic":"t"}"#,
                r#"{"article_id":"a"}"#,
                r#"{"offset":1,"topic":"t","article_id":"a"}"#,
            ),
            ("{}", r#"{"article_id":"a"}"#, r#"{"article_id":"a"}"#),
            ("", r#"{"article_id":"a"}"#, r#"{"article_id":"a"}"#),
            (r#"{"offset":1}"#, "{}", r#"{"offset":1}"#),
            ("", "{}", "{}"),
        ] {
            let mut fields = current.to_string();
            join_objects(&mut fields, more);
            assert_eq!(fields, joined, "{current} + {more}");
            let parsed: serde_json::Value = serde_json::from_str(&fields).expect("JSON");
            assert!(parsed.is_object());
        }
    }
}
