//! The real worker as a child process (`khabar run` configured by environment variables) and
//! its memory, sampled from `/proc/<pid>/status`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::BenchError;

/// How to start the worker: a program and its arguments (e.g. the `khabar` binary and `run`).
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    /// The executable.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
}

/// Topics and group the worker is pointed at.
#[derive(Debug, Clone)]
pub struct WorkerTopics {
    /// Input topics.
    pub inputs: Vec<String>,
    /// Documents topic.
    pub documents: String,
    /// Events topic.
    pub events: String,
    /// Dead-letter topic.
    pub dead_letters: String,
    /// Consumer group.
    pub group: String,
}

/// A running worker process with a background RSS sampler.
pub struct Worker {
    child: Child,
    stop_sampling: Arc<AtomicBool>,
    peak_sampled_kib: Arc<AtomicU64>,
    sampler: Option<std::thread::JoinHandle<()>>,
}

/// What the worker's memory looked like.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    /// Kernel's resident-set high-water mark (`VmHWM`), in KiB; 0 if it could not be read.
    pub hwm_kib: u64,
    /// Largest `VmRSS` seen by the 50 ms sampler, in KiB.
    pub sampled_peak_kib: u64,
}

impl Worker {
    /// Starts worker instance `instance` with its configuration in `KHABAR_*` variables (other
    /// `KHABAR_*` variables of the caller, e.g. `KHABAR_WORKER__MAX_IN_FLIGHT`, pass through),
    /// pinned to one core (`taskset`) when `core` is given.
    pub fn start(
        command: &WorkerCommand,
        brokers: &str,
        topics: &WorkerTopics,
        instance: usize,
        core: Option<usize>,
        log: Option<&std::path::Path>,
    ) -> Result<Worker, BenchError> {
        let inputs = serde_json::to_string(&topics.inputs).unwrap_or_default();
        let stderr = match log {
            Some(path) => {
                Stdio::from(
                    std::fs::File::create(path).map_err(|source| BenchError::Io {
                        path: path.to_path_buf(),
                        source,
                    })?,
                )
            }
            None => Stdio::null(),
        };
        let mut process = match core {
            // taskset execs the worker: the child's pid stays the worker's.
            Some(core) => {
                let mut taskset = Command::new("taskset");
                taskset
                    .args(["-c", &core.to_string()])
                    .arg(&command.program);
                taskset
            }
            None => Command::new(&command.program),
        };
        let child = process
            .args(&command.args)
            // Instances of one group on one host need their own static membership.
            .env("KHABAR_WORKER__INSTANCE_ID", format!("bench-{instance}"))
            .env("KHABAR_KAFKA__BROKERS", brokers)
            .env("KHABAR_KAFKA__GROUP_ID", &topics.group)
            .env("KHABAR_TOPICS__INPUT", inputs)
            .env("KHABAR_TOPICS__DOCUMENTS", &topics.documents)
            .env("KHABAR_TOPICS__EVENTS", &topics.events)
            .env("KHABAR_TOPICS__DEAD_LETTERS", &topics.dead_letters)
            .env("KHABAR_LOG__FORMAT", "json")
            // Several workers may share this host: never bind the metrics port.
            .env("KHABAR_METRICS__ADDRESS", "")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .map_err(|e| {
                BenchError::Worker(format!("cannot start '{}': {e}", command.program.display()))
            })?;
        let pid = child.id();
        let stop_sampling = Arc::new(AtomicBool::new(false));
        let peak_sampled_kib = Arc::new(AtomicU64::new(0));
        let sampler = {
            let stop = Arc::clone(&stop_sampling);
            let peak = Arc::clone(&peak_sampled_kib);
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Some(rss) = status_kib(pid, "VmRSS:") {
                        peak.fetch_max(rss, Ordering::Relaxed);
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            })
        };
        Ok(Worker {
            child,
            stop_sampling,
            peak_sampled_kib,
            sampler: Some(sampler),
        })
    }

    /// CPU time the process has used so far, in microseconds.
    pub fn cpu_us(&self) -> Option<u64> {
        crate::cpu::child_us(self.child.id())
    }

    /// Fails if the process has exited.
    pub fn check_alive(&mut self) -> Result<(), BenchError> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(BenchError::Worker(format!("exited early ({status})"))),
            Err(e) => Err(BenchError::Worker(format!("cannot poll: {e}"))),
        }
    }

    /// Memory so far (read before stopping: the high-water mark disappears with the process).
    pub fn memory(&self) -> Memory {
        Memory {
            hwm_kib: status_kib(self.child.id(), "VmHWM:").unwrap_or(0),
            sampled_peak_kib: self.peak_sampled_kib.load(Ordering::Relaxed),
        }
    }

    /// Kills the process with SIGKILL (no drain, no commit) and reaps it.
    pub fn kill(mut self) {
        self.stop_sampling.store(true, Ordering::Relaxed);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM (graceful drain and commit) and waits up to 20 s, then kills.
    pub fn stop(mut self) -> Result<std::process::ExitStatus, BenchError> {
        self.stop_sampling.store(true, Ordering::Relaxed);
        if let Some(sampler) = self.sampler.take() {
            let _ = sampler.join();
        }
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: `kill` only sends a signal to our own child, which has not been reaped yet.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Ok(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                _ => {
                    let _ = self.child.kill();
                    return self
                        .child
                        .wait()
                        .map_err(|e| BenchError::Worker(format!("cannot wait: {e}")));
                }
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Only reached on an error path before `stop`: never leave a worker behind.
        self.stop_sampling.store(true, Ordering::Relaxed);
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A `kB` line of `/proc/<pid>/status`, in KiB.
fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}
