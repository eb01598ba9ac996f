//! Tracing setup: JSON lines in containers, human lines on a terminal, RUST_LOG filtering.

use std::fmt;
use std::io::IsTerminal;

use tracing::field::{Field, Visit};
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::format::Writer;
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

/// The JSON formatter's span fields, written as they come (the stock formatter gathers them in
/// a map of JSON values first), and a field recorded on a span later (a record's article id,
/// once decoded) appended to the span's object (the stock formatter parses the object and
/// writes it again): the costliest parts of a record's span.
struct SpanJsonFields;

impl<'writer> FormatFields<'writer> for SpanJsonFields {
    fn format_fields<R: RecordFields>(
        &self,
        mut writer: Writer<'writer>,
        fields: R,
    ) -> fmt::Result {
        let mut members = Members::default();
        fields.record(&mut members);
        write!(writer, "{{{}}}", members.0)
    }

    fn add_fields(
        &self,
        current: &'writer mut FormattedFields<Self>,
        fields: &tracing::span::Record<'_>,
    ) -> fmt::Result {
        let mut more = String::new();
        self.format_fields(Writer::new(&mut more), fields)?;
        join_objects(&mut current.fields, &more);
        Ok(())
    }
}

/// Fields as the members of a JSON object, in the order they come, named as the stock JSON
/// formatter names them.
#[derive(Default)]
struct Members(String);

impl Members {
    fn add(&mut self, field: &Field, value: impl serde::Serialize) {
        let name = field.name();
        if name.starts_with("log.") {
            return;
        }
        let name = name.strip_prefix("r#").unwrap_or(name);
        // A name, a string, a number, a bool or bytes always serialize.
        let (Ok(name), Ok(value)) = (serde_json::to_string(name), serde_json::to_string(&value))
        else {
            return;
        };
        if !self.0.is_empty() {
            self.0.push(',');
        }
        self.0.push_str(&name);
        self.0.push(':');
        self.0.push_str(&value);
    }
}

impl Visit for Members {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.add(field, value);
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.add(field, value);
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.add(field, value);
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.add(field, value);
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.add(field, value);
    }

    fn record_bytes(&mut self, field: &Field, value: &[u8]) {
        self.add(field, value);
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.add(field, value.to_string());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.add(field, format!("{value:?}"));
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
    use std::io;
    use std::sync::{Arc, Mutex};

    use super::{join_objects, SpanJsonFields};

    /// Log output kept in memory.
    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Capture {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0
                .lock()
                .expect("not poisoned")
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_log_line_carries_its_span_fields_recorded_at_once_and_later() {
        let capture = Capture::default();
        let writer = capture.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .fmt_fields(SpanJsonFields)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!(
                "record",
                topic = "in \"quoted\"",
                partition = 3,
                offset = 7u64,
                ratio = 0.5,
                up = true,
                kind = ?Some(1),
                article_id = tracing::field::Empty,
            );
            span.record("article_id", "a-1");
            span.in_scope(|| tracing::warn!("processed"));
        });
        let output =
            String::from_utf8(capture.0.lock().expect("not poisoned").clone()).expect("UTF-8");
        let line: serde_json::Value = serde_json::from_str(output.trim()).expect("one JSON line");
        assert_eq!(
            line["span"],
            serde_json::json!({
                "name": "record", "topic": "in \"quoted\"", "partition": 3, "offset": 7,
                "ratio": 0.5, "up": true, "kind": "Some(1)", "article_id": "a-1",
            })
        );
        assert_eq!(line["message"], "processed");
    }

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
