//! `khabar bench`: where Khabar stands against the broker's own limit, in one run.
//!
//! Against a running broker it loads N articles (JSONL files cycled) into a fresh input topic,
//! then measures (1) a raw consumer → producer copy with the worker's client settings, the
//! broker's limit on this machine; (2) the real worker process (`khabar run`) draining the same
//! input: records/s, MB/s, events/s and the ratio to (1); (3) end-to-end latency percentiles at
//! a fixed offered rate of half the worker's peak; (4) the worker's peak RSS; and (5) the
//! pipeline alone, no Kafka, on one core and on all cores.
//!
//! Unlike the language crates this one does I/O, Kafka and processes: it is a tool that sits
//! beside the `khabar` binary, and nothing depends on it but that binary.

mod alone;
mod corpus;
mod cpu;
mod error;
mod kafka;
mod latency;
mod process;
mod rawcopy;
mod recovery;
mod report;

pub use alone::{AloneReport, ALL_INPUTS};
pub use corpus::{Corpus, CorpusFile, Record};
pub use error::BenchError;
pub use latency::{LatencyReport, Percentiles};
pub use process::WorkerCommand;
pub use report::{Machine, Rate, Report, Setup, Target, WorkerReport};

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use process::{Worker, WorkerTopics};

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Bootstrap servers of the broker to measure.
    pub brokers: String,
    /// JSONL files of articles.
    pub inputs: Vec<PathBuf>,
    /// Records to load (the articles cycled).
    pub records: usize,
    /// Partitions of every topic the run creates (dead letters: 1).
    pub partitions: i32,
    /// Duration of the fixed-rate latency phase, in seconds.
    pub latency_seconds: f64,
    /// Offered rate of the latency phase as a fraction of the worker's measured peak.
    pub latency_fraction: f64,
    /// Minimum duration of each pipeline-alone measurement, in seconds.
    pub pipeline_seconds: f64,
    /// In-flight bound of the raw copy; keep it equal to the worker's `worker.max_in_flight`.
    pub max_in_flight: usize,
    /// How to start the worker.
    pub worker: WorkerCommand,
    /// Worker processes in the group; with more than one, worker `i` is pinned to core
    /// `i % cores` (`taskset`).
    pub workers: usize,
    /// Where the worker's log goes (discarded if `None`).
    pub worker_log: Option<PathBuf>,
    /// Keep the run's topics instead of deleting them at the end.
    pub keep_topics: bool,
}

/// Runs every phase; `progress` receives one line per step, for people watching.
pub fn run(options: &Options, progress: &dyn Fn(&str)) -> Result<Report, BenchError> {
    // Fail fast on an unreachable broker, before minutes of pipeline measurements.
    kafka::check_reachable(&options.brokers)?;
    let worker_config = kafka::worker_config(&options.brokers)?;
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let machine = machine();
    let corpus = Corpus::load(&options.inputs)?;
    let records = corpus.cycle(options.records.max(1));
    let record_bytes = corpus::bytes_of(&records);
    progress(&format!(
        "{} articles in {} file(s), cycled to {} records ({:.1} MB)",
        corpus.articles.len(),
        corpus.files.len(),
        records.len(),
        record_bytes as f64 / 1e6
    ));

    let (pipeline_alone, pipeline_load_seconds) =
        measure_alone(options, &corpus, &records, machine.cores, progress)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| BenchError::Worker(format!("cannot start the async runtime: {e}")))?;
    let run_id = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let topics = Topics::new(run_id);
    let p = options.partitions;
    runtime.block_on(kafka::create_topics(
        &options.brokers,
        &[
            (&topics.input, p),
            (&topics.copy, p),
            (&topics.latency, p),
            (&topics.documents, p),
            (&topics.events, p),
            (&topics.dead_letters, 1),
        ],
    ))?;
    let result = runtime.block_on(measure_kafka(
        options,
        &worker_config,
        &corpus,
        &records,
        &topics,
        machine.cores,
        progress,
    ));
    if !options.keep_topics {
        runtime.block_on(kafka::delete_topics(&options.brokers, &topics.all()));
    }
    let (load, raw_copy, mut worker, latency) = result?;

    let alone_all = pipeline_alone
        .iter()
        .filter(|a| a.label == ALL_INPUTS)
        .map(|a| a.articles_per_s)
        .fold(0.0, f64::max);
    worker.ratio_to_raw_copy = worker.throughput.records_per_s / raw_copy.records_per_s;
    worker.ratio_to_pipeline_alone = worker.throughput.records_per_s / alone_all;
    let mut report = Report {
        format: 1,
        started_at,
        machine,
        setup: Setup {
            brokers: options.brokers.clone(),
            inputs: corpus.files.clone(),
            records: records.len() as u64,
            record_bytes,
            partitions: p,
            max_in_flight: options.max_in_flight,
            workers: options.workers.max(1),
        },
        load,
        raw_copy,
        worker,
        latency,
        pipeline_alone,
        pipeline_load_seconds,
        targets: Vec::new(),
    };
    report.targets = report::check_targets(&report);
    Ok(report)
}

/// The topics of one run, named after its start time so that runs never share state.
struct Topics {
    input: String,
    copy: String,
    latency: String,
    documents: String,
    events: String,
    dead_letters: String,
}

impl Topics {
    fn new(run_id: u128) -> Topics {
        let name = |role: &str| format!("khabar-bench.{run_id}.{role}");
        Topics {
            input: name("input"),
            copy: name("copy"),
            latency: name("latency"),
            documents: name("documents"),
            events: name("events"),
            dead_letters: name("dlq"),
        }
    }

    fn all(&self) -> Vec<&str> {
        vec![
            &self.input,
            &self.copy,
            &self.latency,
            &self.documents,
            &self.events,
            &self.dead_letters,
        ]
    }
}

fn measure_alone(
    options: &Options,
    corpus: &Corpus,
    records: &[&Record],
    cores: usize,
    progress: &dyn Fn(&str),
) -> Result<(Vec<AloneReport>, f64), BenchError> {
    let loading = Instant::now();
    let pipeline = khabar_pipeline::Pipeline::new()
        .map_err(|e| BenchError::Worker(format!("cannot load the language pipeline: {e}")))?;
    let load_seconds = loading.elapsed().as_secs_f64();
    progress(&format!("pipeline loaded in {load_seconds:.2} s"));
    let min_time = Duration::from_secs_f64(options.pipeline_seconds);
    let mut reports = Vec::new();
    for (index, file) in corpus.files.iter().enumerate() {
        let of_file = corpus.of_file(index);
        if of_file.is_empty() {
            continue;
        }
        let label = file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let report = alone::measure(
            &pipeline,
            &label,
            file.language.as_deref(),
            &of_file,
            1,
            min_time,
        );
        progress(&format!(
            "pipeline alone, {label}, 1 thread: {:.0} articles/s",
            report.articles_per_s
        ));
        reports.push(report);
    }
    let mut threads = vec![1];
    if cores > 1 {
        threads.push(cores);
    }
    for threads in threads {
        let report = alone::measure(&pipeline, ALL_INPUTS, None, records, threads, min_time);
        progress(&format!(
            "pipeline alone, {ALL_INPUTS}, {threads} thread(s): {:.0} articles/s",
            report.articles_per_s
        ));
        reports.push(report);
    }
    Ok((reports, load_seconds))
}

async fn measure_kafka(
    options: &Options,
    worker_config: &khabar_worker::Config,
    corpus: &Corpus,
    records: &[&Record],
    topics: &Topics,
    cores: usize,
    progress: &dyn Fn(&str),
) -> Result<(Rate, Rate, WorkerReport, LatencyReport), BenchError> {
    let brokers = options.brokers.as_str();
    let p = options.partitions;
    let n = records.len() as u64;
    let bytes = corpus::bytes_of(records);
    let reader = kafka::reader(brokers)?;

    // Load.
    let producer: rdkafka::producer::FutureProducer =
        khabar_worker::producer_client_config(worker_config)
            .create()
            .map_err(BenchError::kafka("creating the load producer"))?;
    let clock = Instant::now();
    kafka::load(&producer, &topics.input, p, records).await?;
    let load = Rate::new(n, bytes, clock.elapsed().as_secs_f64());
    drop(producer);
    progress(&format!("loaded: {:.0} records/s", load.records_per_s));

    // Raw copy (in this process: its CPU time includes the tokio and librdkafka threads).
    let cpu_before = cpu::process_us();
    rawcopy::run(
        worker_config,
        &format!("{}.copy", topics.input),
        &topics.input,
        &topics.copy,
        n,
        options.max_in_flight,
    )
    .await?;
    let ranges = full_ranges(&reader, &topics.copy, p)?;
    let (first, last) = kafka::span(brokers, &topics.copy, &ranges)?;
    let mut raw_copy = Rate::new(n, bytes, (last - first) as f64 / 1000.0);
    raw_copy.cpu_seconds = Some((cpu::process_us() - cpu_before) as f64 / 1e6);
    let raw_copy = raw_copy.with_cpu();
    progress(&format!(
        "raw copy: {:.0} records/s, {:.1} MB/s",
        raw_copy.records_per_s, raw_copy.mb_per_s
    ));

    // Worker.
    let worker_topics = WorkerTopics {
        inputs: vec![topics.input.clone(), topics.latency.clone()],
        documents: topics.documents.clone(),
        events: topics.events.clone(),
        dead_letters: topics.dead_letters.clone(),
        group: format!("{}.worker", topics.input),
    };
    let spawned_ms = unix_ms();
    let cores = cores.max(1);
    let core_of = |instance: usize| (options.workers > 1).then_some(instance % cores);
    let mut workers = (0..options.workers.max(1))
        .map(|instance| {
            // Only the first worker's log is kept.
            let log = options.worker_log.as_deref().filter(|_| instance == 0);
            Worker::start(
                &options.worker,
                brokers,
                &worker_topics,
                instance,
                core_of(instance),
                log,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let outputs = |reader: &rdkafka::consumer::BaseConsumer| -> Result<(u64, u64), BenchError> {
        Ok((
            kafka::count(reader, &topics.documents, p)?,
            kafka::count(reader, &topics.dead_letters, 1)?,
        ))
    };
    let mut last_report = Instant::now();
    // CPU time of the worker from its first output on (model loading and joining excluded).
    let mut cpu_from: Option<(u64, u64)> = None;
    tokio::task::block_in_place(|| {
        kafka::wait_for("worker", n, Duration::from_secs(60), || {
            for worker in &mut workers {
                worker.check_alive()?;
            }
            let (documents, dead) = outputs(&reader)?;
            if cpu_from.is_none() && documents + dead > 0 {
                cpu_from = cpu_us(&workers).map(|cpu| (cpu, documents + dead));
            }
            if last_report.elapsed() > Duration::from_secs(5) {
                last_report = Instant::now();
                progress(&format!("worker: {} of {n} records done", documents + dead));
            }
            Ok(documents + dead)
        })
    })?;
    let (documents, dead_letters) = outputs(&reader)?;
    let cpu_per_record = match (cpu_from, cpu_us(&workers)) {
        (Some((from, done)), Some(to)) if to > from && n > done => {
            Some((to - from) as f64 / 1e6 / (n - done) as f64)
        }
        _ => None,
    };
    let events = kafka::count(&reader, &topics.events, p)?;
    let ranges = full_ranges(&reader, &topics.documents, p)?;
    let (first, last) = kafka::span(brokers, &topics.documents, &ranges)?;
    let mut throughput = Rate::new(n, bytes, (last - first) as f64 / 1000.0);
    throughput.cpu_seconds = cpu_per_record.map(|per| per * n as f64);
    let throughput = throughput.with_cpu();
    progress(&format!(
        "worker: {:.0} records/s, {:.1} MB/s",
        throughput.records_per_s, throughput.mb_per_s
    ));

    // Latency at a fraction (default half) of the worker's peak, on the same warm process.
    let rate = (throughput.records_per_s * options.latency_fraction).max(1.0);
    let count = ((rate * options.latency_seconds).ceil() as usize).max(50);
    let latency_records = corpus.cycle(count);
    let start_offsets = kafka::watermarks(&reader, &topics.documents, p)?
        .into_iter()
        .map(|(_, high)| high)
        .collect();
    progress(&format!(
        "latency: offering {rate:.0} records/s for {:.0} s",
        options.latency_seconds
    ));
    let latency = latency::run(
        worker_config,
        &topics.latency,
        p,
        &latency_records,
        rate,
        latency::Outputs {
            documents: &topics.documents,
            document_partitions: p,
            start_offsets,
            dead_letters: (&topics.dead_letters, dead_letters),
        },
    )
    .await?;
    let latency = LatencyReport {
        fraction_of_peak: options.latency_fraction,
        ..latency
    };
    progress(&format!(
        "latency: p50 {:.1} ms, p99 {:.1} ms",
        latency.record_ms.p50, latency.record_ms.p99
    ));

    let peak_rss_kib = workers
        .iter()
        .map(|w| {
            let memory = w.memory();
            memory.hwm_kib.max(memory.sampled_peak_kib)
        })
        .max()
        .unwrap_or(0);
    // The others stop first: the first output after the restart must be the restarted worker's
    // (a stopped static member's partitions wait for its session, then move to the restarted one).
    for worker in workers.drain(1..) {
        worker.stop()?;
    }
    progress("recovery: kill -9, then the same instance again");
    let producer: rdkafka::producer::FutureProducer =
        khabar_worker::producer_client_config(worker_config)
            .create()
            .map_err(BenchError::kafka("creating the recovery producer"))?;
    let restart_seconds = recovery::Recovery {
        brokers,
        command: &options.worker,
        topics: &worker_topics,
        input: &topics.latency,
        partitions: p,
        instance: 0,
        core: core_of(0),
    }
    .measure(
        workers.remove(0),
        &producer,
        &corpus.cycle(RECOVERY_RECORDS),
    )
    .await?;
    progress(&format!(
        "recovery: first output {restart_seconds:.1} s after the restart"
    ));
    let worker = WorkerReport {
        events_per_s: events as f64 / throughput.seconds,
        throughput,
        documents,
        dead_letters,
        events,
        ratio_to_raw_copy: 0.0,
        ratio_to_pipeline_alone: 0.0,
        startup_seconds: (first - spawned_ms).max(0) as f64 / 1000.0,
        restart_seconds,
        peak_rss_mib: peak_rss_kib as f64 / 1024.0,
    };
    Ok((load, raw_copy, worker, latency))
}

/// `(partition, low, high)` of every partition of a topic.
fn full_ranges(
    reader: &rdkafka::consumer::BaseConsumer,
    topic: &str,
    partitions: i32,
) -> Result<Vec<(i32, i64, i64)>, BenchError> {
    Ok(kafka::watermarks(reader, topic, partitions)?
        .into_iter()
        .enumerate()
        .map(|(p, (low, high))| (p as i32, low, high))
        .collect())
}

/// CPU time all the worker processes have used so far, in microseconds.
fn cpu_us(workers: &[Worker]) -> Option<u64> {
    workers.iter().map(Worker::cpu_us).sum()
}

/// Records loaded while the killed worker is down.
const RECOVERY_RECORDS: usize = 200;

fn unix_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Cores, memory and load of this machine.
fn machine() -> Machine {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let memory_mib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib / 1024);
    let load_average_1m = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0.0);
    Machine {
        cores,
        memory_mib,
        load_average_1m,
    }
}
