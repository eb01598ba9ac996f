//! The worker process of a test: started on a test's topics, stopped, killed or restarted by a
//! supervisor; its log is kept and reported when the test fails.

use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{brokers, Topics};

/// A running `khabar run` process, killed when dropped.
pub struct Worker {
    child: Child,
    pub log: PathBuf,
}

impl Worker {
    /// Starts the worker binary on `topics` with extra environment variables.
    pub fn start(topics: &Topics, extra_env: &[(&str, &str)]) -> Worker {
        Worker::start_on(&brokers(), topics, extra_env)
    }

    /// Like [`Worker::start`], against the given broker.
    pub fn start_on(brokers: &str, topics: &Topics, extra_env: &[(&str, &str)]) -> Worker {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let nth = STARTED.fetch_add(1, Ordering::Relaxed);
        let log = std::env::temp_dir().join(format!("{}.worker{nth}.log", topics.group));
        let log_file = std::fs::File::create(&log).expect("worker log file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_khabar"));
        command
            .arg("run")
            .envs(topics.worker_env(brokers))
            .env("RUST_LOG", worker_log_filter())
            .envs(
                extra_env
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string())),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file);
        let child = command.spawn().expect("spawn khabar run");
        Worker { child, log }
    }

    /// Sends SIGTERM and waits for the exit status (bounded).
    pub fn terminate(mut self) -> std::process::ExitStatus {
        self.stop()
    }

    /// Like [`Worker::terminate`], keeping the handle (and its log) for later checks.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill -TERM");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait worker") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "worker did not exit after SIGTERM; log: {}",
                self.log.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the worker with SIGKILL (no chance to drain or commit) and reaps it.
    pub fn kill_9(&mut self) {
        self.child.kill().expect("kill -9 worker");
        self.child.wait().expect("reap worker");
    }

    /// Waits up to `timeout` for the worker to exit on its own; its status, if it did.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait worker") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }

    /// The worker's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The worker's log so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let status = self.child.wait().ok();
        if std::thread::panicking() {
            report_logs(&[(self.log.clone(), status)]);
        }
    }
}

/// A worker run's log and, once it ended, its exit status.
type Run = (PathBuf, Option<ExitStatus>);

/// A worker restarted whenever it exits, as an orchestrator (Kubernetes) would: the worker
/// exits non-zero on errors it must not paper over (a fatal transactional producer error, a
/// stall). When the test fails, every run's log is reported, not only the last one's.
pub struct SupervisedWorker {
    stop: Arc<AtomicBool>,
    /// Each run's log and, once it ended, its exit status.
    runs: Arc<Mutex<Vec<Run>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SupervisedWorker {
    /// Starts the worker and keeps it running until dropped.
    pub fn start_on(
        brokers: &str,
        topics: &Topics,
        extra_env: &[(&str, &str)],
    ) -> SupervisedWorker {
        let stop = Arc::new(AtomicBool::new(false));
        let runs = Arc::new(Mutex::new(Vec::new()));
        let (brokers, topics) = (brokers.to_string(), topics.clone());
        let env: Vec<(String, String)> = extra_env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (stopping, logged) = (Arc::clone(&stop), Arc::clone(&runs));
        let thread = std::thread::spawn(move || {
            let env: Vec<(&str, &str)> =
                env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let start = || {
                let worker = Worker::start_on(&brokers, &topics, &env);
                lock(&logged).push((worker.log.clone(), None));
                worker
            };
            let mut worker = start();
            while !stopping.load(Ordering::SeqCst) {
                if let Ok(Some(status)) = worker.child.try_wait() {
                    eprintln!(
                        "worker exited ({status}), restarting; log: {}",
                        worker.log.display()
                    );
                    if let Some(run) = lock(&logged).last_mut() {
                        run.1 = Some(status);
                    }
                    worker = start();
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        });
        SupervisedWorker {
            stop,
            runs,
            thread: Some(thread),
        }
    }
}

impl Drop for SupervisedWorker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        if std::thread::panicking() {
            report_logs(&lock(&self.runs));
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Lines of a worker log shown in a failing test's output.
const TAIL_LINES: usize = 25;

/// Prints, for a failing test, each worker log's path, how the run ended and the log's last
/// lines (the logs themselves are kept in the temporary directory).
fn report_logs(runs: &[Run]) {
    for (nth, (log, status)) in runs.iter().enumerate() {
        let ended = status.map_or("still running when the test failed".to_string(), |s| {
            format!("exited: {s}")
        });
        eprintln!(
            "worker run {} of {} ({ended}), log kept in {}; its last lines:",
            nth + 1,
            runs.len(),
            log.display()
        );
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        for line in &lines[lines.len().saturating_sub(TAIL_LINES)..] {
            eprintln!("  {line}");
        }
    }
}

/// The log filter of the workers the tests start: `KHABAR_TEST_WORKER_LOG` when set (e.g.
/// `info,khabar_worker=debug` to follow a flaky broker test), else `info`.
fn worker_log_filter() -> String {
    std::env::var("KHABAR_TEST_WORKER_LOG").unwrap_or_else(|_| "info".to_string())
}
