//! Tracing setup: JSON lines in containers, human lines on a terminal, RUST_LOG filtering.

use std::io::IsTerminal;

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
            .try_init()
    } else {
        builder.try_init()
    };
    result.map_err(|e| anyhow::anyhow!("setting up logging: {e}"))
}
