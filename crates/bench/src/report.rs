//! The result of one run: serialized as JSON for comparing runs, displayed as markdown tables.

use std::fmt;

use serde::Serialize;

use crate::alone::{AloneReport, ALL_INPUTS};
use crate::corpus::CorpusFile;
use crate::latency::LatencyReport;

/// Everything one benchmark run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Format version of this JSON.
    pub format: u32,
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    /// The machine.
    pub machine: Machine,
    /// Run parameters.
    pub setup: Setup,
    /// Loading the input topic (the load generator's rate including client start-up; for
    /// reference only, not in the table).
    pub load: Rate,
    /// Raw copy: the broker's limit for this input on this machine.
    pub raw_copy: Rate,
    /// The real worker draining the same input.
    pub worker: WorkerReport,
    /// Latency at a fixed offered rate (by default half the worker's peak).
    pub latency: LatencyReport,
    /// The pipeline alone (no Kafka), per input file on one core and on all inputs.
    pub pipeline_alone: Vec<AloneReport>,
    /// Seconds to load the language pipeline (models, gazetteers, lexicons) in the bench's
    /// process: the part of the worker's start-up that is not Kafka.
    pub pipeline_load_seconds: f64,
    /// The targets, checked.
    pub targets: Vec<Target>,
}

/// The machine the run was on.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    /// Logical CPUs available to the process.
    pub cores: usize,
    /// Total memory, in MiB (from /proc/meminfo).
    pub memory_mib: u64,
    /// The 1-minute load average when the run started (other work on the machine).
    pub load_average_1m: f64,
}

/// Run parameters.
#[derive(Debug, Clone, Serialize)]
pub struct Setup {
    /// Bootstrap servers.
    pub brokers: String,
    /// Input files.
    pub inputs: Vec<CorpusFile>,
    /// Records loaded into the input topic (the articles cycled).
    pub records: u64,
    /// Their total value bytes.
    pub record_bytes: u64,
    /// Partitions of the input and output topics.
    pub partitions: i32,
    /// In-flight bound of the raw copy (the worker's `worker.max_in_flight`).
    pub max_in_flight: usize,
    /// Worker processes in the group (each pinned to one core when more than one).
    pub workers: usize,
}

/// Records over a span of time.
#[derive(Debug, Clone, Serialize)]
pub struct Rate {
    /// Records.
    pub records: u64,
    /// Input bytes of those records.
    pub bytes: u64,
    /// Seconds between the first and the last output record.
    pub seconds: f64,
    /// Records per second.
    pub records_per_s: f64,
    /// Input megabytes (10^6 bytes) per second.
    pub mb_per_s: f64,
    /// CPU seconds spent on the records by the measured client, if known (for the worker,
    /// extrapolated from its CPU time after its first output).
    pub cpu_seconds: Option<f64>,
    /// Records per CPU second, if known.
    pub records_per_cpu_s: Option<f64>,
}

impl Rate {
    /// A rate from a count, bytes and seconds.
    pub fn new(records: u64, bytes: u64, seconds: f64) -> Rate {
        let seconds = seconds.max(1e-3);
        Rate {
            records,
            bytes,
            seconds,
            records_per_s: records as f64 / seconds,
            mb_per_s: bytes as f64 / 1e6 / seconds,
            cpu_seconds: None,
            records_per_cpu_s: None,
        }
    }

    /// Fills in the per-CPU-second rate from `cpu_seconds`.
    pub fn with_cpu(mut self) -> Rate {
        self.records_per_cpu_s = self
            .cpu_seconds
            .filter(|cpu| *cpu > 0.0)
            .map(|cpu| self.records as f64 / cpu);
        self
    }
}

/// The worker's run.
#[derive(Debug, Clone, Serialize)]
pub struct WorkerReport {
    /// Input records consumed (documents plus dead letters), per second and MB/s of input.
    pub throughput: Rate,
    /// Document records produced.
    pub documents: u64,
    /// Dead letters produced (e.g. articles with an empty text).
    pub dead_letters: u64,
    /// Event records produced.
    pub events: u64,
    /// Event records per second.
    pub events_per_s: f64,
    /// Worker throughput / raw-copy throughput.
    pub ratio_to_raw_copy: f64,
    /// Worker throughput / the pipeline alone on all cores.
    pub ratio_to_pipeline_alone: f64,
    /// Seconds from process start to its first output (model loading, joining the group).
    pub startup_seconds: f64,
    /// Seconds from restarting the worker after `kill -9` to its first output (static group
    /// membership gives it its partitions back without waiting for the old session to expire).
    pub restart_seconds: f64,
    /// Peak resident set size over the whole run (kernel high-water mark) of the largest worker
    /// process, in MiB.
    pub peak_rss_mib: f64,
}

/// One of the performance goals.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// What is measured.
    pub name: String,
    /// The requirement, for people.
    pub required: String,
    /// The measured value, for people.
    pub actual: String,
    /// Whether it is met.
    pub met: bool,
    /// What the run measured about why, shown when the goal is not met.
    pub reason: String,
    /// What would meet it, by the run's own figures, shown when the goal is not met.
    pub remedy: String,
}

fn thousands(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = &self.worker;
        let l = &self.latency;
        writeln!(
            f,
            "{} records ({:.1} MB, {} input file(s)), {} partitions, {} worker(s), {} cores, {} MiB, load {:.2}\n",
            thousands(self.setup.records as f64),
            self.setup.record_bytes as f64 / 1e6,
            self.setup.inputs.len(),
            self.setup.partitions,
            self.setup.workers,
            self.machine.cores,
            thousands(self.machine.memory_mib as f64),
            self.machine.load_average_1m,
        )?;
        let per_cpu = |x: Option<f64>| x.map_or("".to_string(), thousands);
        writeln!(
            f,
            "| measure | records/s | MB/s | records per CPU-s | notes |"
        )?;
        writeln!(f, "|---|---:|---:|---:|---|")?;
        writeln!(
            f,
            "| raw copy (broker limit) | {} | {:.1} | {} | consumer → producer, no work, worker's client settings |",
            thousands(self.raw_copy.records_per_s),
            self.raw_copy.mb_per_s,
            per_cpu(self.raw_copy.records_per_cpu_s)
        )?;
        writeln!(
            f,
            "| khabar worker | {} | {:.1} | {} | {} events/s; {:.2} × raw copy, {:.2} × pipeline alone |",
            thousands(w.throughput.records_per_s),
            w.throughput.mb_per_s,
            per_cpu(w.throughput.records_per_cpu_s),
            thousands(w.events_per_s),
            w.ratio_to_raw_copy,
            w.ratio_to_pipeline_alone
        )?;
        for alone in &self.pipeline_alone {
            writeln!(
                f,
                "| pipeline alone, {}, {} thread(s) | {} | {:.2} | {} | {} /s per thread |",
                alone.label,
                alone.threads,
                thousands(alone.articles_per_s),
                alone.mb_per_s,
                thousands(alone.articles_per_cpu_s),
                thousands(alone.articles_per_s_per_core)
            )?;
        }
        writeln!(
            f,
            "\n| latency at {} records/s offered ({} sent) | p50 | p95 | p99 | max |",
            thousands(l.offered_per_s),
            thousands(l.sent as f64)
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|")?;
        for (name, p) in [
            (
                "input record → document record (timestamps), ms",
                l.record_ms,
            ),
            ("input sent → document received, ms", l.observed_ms),
            (
                "of which in the pipeline (timing header), ms",
                l.processing_ms,
            ),
        ] {
            writeln!(
                f,
                "| {name} | {:.1} | {:.1} | {:.1} | {:.1} |",
                p.p50, p.p95, p.p99, p.max
            )?;
        }
        writeln!(
            f,
            "\nworker: {} documents, {} dead letters, {} events; startup {:.2} s; restart after kill -9 → first output {:.2} s; peak RSS {:.1} MiB\n",
            thousands(w.documents as f64),
            thousands(w.dead_letters as f64),
            thousands(w.events as f64),
            w.startup_seconds,
            w.restart_seconds,
            w.peak_rss_mib
        )?;
        writeln!(f, "| target | required | actual | met |")?;
        writeln!(f, "|---|---|---|---|")?;
        for t in &self.targets {
            let met = if t.met {
                "yes".to_string()
            } else {
                format!("**no**: {}. To meet it: {}", t.reason, t.remedy)
            };
            writeln!(f, "| {} | {} | {} | {met} |", t.name, t.required, t.actual)?;
        }
        Ok(())
    }
}

/// Checks the performance goals against a report; a goal not met says what the run measured
/// about why.
pub fn check_targets(report: &Report) -> Vec<Target> {
    let w = &report.worker;
    let all_cores = report
        .pipeline_alone
        .iter()
        .filter(|a| a.label == ALL_INPUTS)
        .max_by_key(|a| a.threads);
    let machine = format!(
        "{} cores shared by the worker, the broker and the bench's clients; load {:.2} at the start",
        report.machine.cores, report.machine.load_average_1m
    );
    let mut targets = Vec::new();
    if let (Some(worker_cpu), Some(alone)) = (w.throughput.records_per_cpu_s, all_cores) {
        let ratio = worker_cpu / alone.articles_per_cpu_s;
        let overhead_ms = 1e3 / worker_cpu - 1e3 / alone.articles_per_cpu_s;
        targets.push(Target {
            name: format!(
                "worker records per CPU second vs pipeline alone ({} threads)",
                alone.threads
            ),
            required: "≥ 0.9 ×".to_string(),
            actual: format!(
                "{} vs {} = {ratio:.2} ×",
                thousands(worker_cpu),
                thousands(alone.articles_per_cpu_s)
            ),
            met: ratio >= 0.9,
            reason: format!(
                "the worker's own CPU (Kafka clients, hand-offs, compression) is {overhead_ms:.3} ms per record"
            ),
            remedy: format!(
                "at most {:.3} ms of its own a record, a ninth of the pipeline's: output topics \
                 uncompressed (`kafka.producer` `compression.type = none`; LZ4 was about 3% of \
                 the worker's instructions in the callgrind profile of docs/performance.md) and \
                 the broker and clients off its cores (the rest is system time and cache misses \
                 on shared cores)",
                allowed_overhead_ms(alone.articles_per_cpu_s)
            ),
        });
    }
    let alone = all_cores.map_or(f64::INFINITY, |a| a.articles_per_s);
    let limit = report.raw_copy.records_per_s.min(alone);
    let ratio = w.throughput.records_per_s / limit;
    targets.push(Target {
        name: "worker wall rate vs min(raw copy, pipeline alone)".to_string(),
        required: "≥ 0.8 ×".to_string(),
        actual: format!(
            "{}/s vs min({}, {}) = {ratio:.2} ×",
            thousands(w.throughput.records_per_s),
            thousands(report.raw_copy.records_per_s),
            thousands(alone)
        ),
        met: ratio >= 0.8,
        reason: machine.clone(),
        remedy: "the worker on cores of its own, the broker and the load elsewhere (its wall \
                 rate can then reach its rate per CPU second times its cores), and the row above"
            .to_string(),
    });
    for alone in report
        .pipeline_alone
        .iter()
        .filter(|a| a.language.as_deref() == Some("ar"))
    {
        targets.push(Target {
            name: format!("pipeline alone, Arabic, per CPU second ({})", alone.label),
            required: "≥ 2,000".to_string(),
            actual: format!(
                "{} ({}/s wall clock)",
                thousands(alone.articles_per_cpu_s),
                thousands(alone.articles_per_s_per_core)
            ),
            met: alone.articles_per_cpu_s >= 2000.0,
            reason: format!(
                "the language stages cost {:.3} ms of CPU per article",
                1e3 / alone.articles_per_cpu_s
            ),
            remedy: format!(
                "{:.0}% less CPU an article (0.500 ms), or a core that much faster: the entity \
                 tagger's reads of its weight table are the largest share (docs/profiles.md, \
                 the callgrind profiles)",
                100.0 * cut_to_reach(alone.articles_per_cpu_s, 2000.0)
            ),
        });
    }
    let latency = &report.latency;
    targets.push(Target {
        name: format!(
            "p99 input record → document record at {:.0}% of peak",
            latency.fraction_of_peak * 100.0
        ),
        required: "≤ 50 ms".to_string(),
        actual: format!(
            "{:.1} ms at {}/s (p50 {:.1} ms)",
            latency.record_ms.p99,
            thousands(latency.offered_per_s),
            latency.record_ms.p50
        ),
        met: latency.documents > 0 && latency.record_ms.p99 <= 50.0,
        reason: format!(
            "the pipeline's own p99 is {:.1} ms; the rest is waiting for a core ({machine})",
            latency.processing_ms.p99
        ),
        remedy: "the worker's processing threads on cores nothing else runs on (`taskset`; the \
                 broker and the load generator on other cores or hosts), so that a record waits \
                 for no one but the records before it"
            .to_string(),
    });
    targets.push(Target {
        name: "worker start-up (process start → first output)".to_string(),
        required: "≤ 0.5 s".to_string(),
        actual: format!("{:.2} s", w.startup_seconds),
        met: w.startup_seconds <= 0.5,
        reason: format!(
            "loading the language pipeline takes {:.2} s (in the bench's process); joining the \
             group and the first fetch overlap it",
            report.pipeline_load_seconds
        ),
        remedy: format!(
            "{:.2} s less from process start to the first output",
            (w.startup_seconds - 0.5).max(0.0)
        ),
    });
    targets.push(Target {
        name: "restart after kill -9 → first output".to_string(),
        required: "≤ 5 s".to_string(),
        actual: format!("{:.2} s", w.restart_seconds),
        met: w.restart_seconds <= 5.0,
        reason: "the group did not hand the restarted instance its partitions".to_string(),
        remedy: "a `worker.instance_id` that stays the same across restarts (static membership)"
            .to_string(),
    });
    targets.push(Target {
        name: "worker peak RSS".to_string(),
        required: "≤ 256 MiB".to_string(),
        actual: format!("{:.1} MiB", w.peak_rss_mib),
        met: w.peak_rss_mib > 0.0 && w.peak_rss_mib <= 256.0,
        reason: "models, gazetteers and lexicons, plus in-flight records and client buffers"
            .to_string(),
        remedy: format!(
            "{:.1} MiB less: fewer records held (`worker.max_in_flight`, the consumer's \
             `queued.max.messages.kbytes`)",
            (w.peak_rss_mib - 256.0).max(0.0)
        ),
    });
    targets
}

/// The worker's own CPU a record, in ms, that the ≥ 0.9 × goal allows beside a pipeline alone of
/// `alone_per_cpu_s` articles per CPU second: a ninth of the pipeline's own.
fn allowed_overhead_ms(alone_per_cpu_s: f64) -> f64 {
    1e3 / alone_per_cpu_s * (1.0 / 0.9 - 1.0)
}

/// The share of its CPU an article must lose for a rate of `per_cpu_s` articles per CPU second
/// to reach `goal`.
fn cut_to_reach(per_cpu_s: f64, goal: f64) -> f64 {
    (1.0 - per_cpu_s / goal).max(0.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn remedies_follow_from_the_measured_rates() {
        // A pipeline of 1,389 articles per CPU second spends 0.720 ms an article: the worker
        // may add a ninth of it.
        assert!((super::allowed_overhead_ms(1389.0) - 0.080).abs() < 0.001);
        // 1,298 Arabic articles per CPU second need 35% less CPU each to reach 2,000.
        assert!((super::cut_to_reach(1298.0, 2000.0) - 0.351).abs() < 0.001);
        assert_eq!(super::cut_to_reach(2100.0, 2000.0), 0.0);
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(0.4), "0");
        assert_eq!(super::thousands(999.0), "999");
        assert_eq!(super::thousands(1234.5), "1,235");
        assert_eq!(super::thousands(1_234_567.0), "1,234,567");
        assert_eq!(super::thousands(-20_000.0), "-20,000");
    }
}
