//! Operating Khabar: the real worker process against the real broker, watched the way an
//! operator watches it (health endpoints, Prometheus metrics, JSON logs), plus config
//! validation and file mode for people. The deployment files are checked in `deploy`.

use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::http::{free_port, http_get, Scrape};
use crate::support::{
    article, brokers, collect, count_records, produce_all, producer, repo_path, Topics, Worker,
    TEST_TIMEOUT,
};

/// Waits (bounded) until `check` holds, polling every 100 ms.
fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + TEST_TIMEOUT;
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `khabar run` with its metrics server on a port of its own, JSON logs at debug for the
/// worker (so per-article lines show), killed when dropped.
struct OpsWorker {
    worker: Worker,
    metrics: String,
}

impl OpsWorker {
    fn start(topics: &Topics, extra_env: &[(&str, &str)]) -> OpsWorker {
        let metrics = format!("127.0.0.1:{}", free_port());
        let mut env = vec![
            ("KHABAR_METRICS__ADDRESS", metrics.as_str()),
            ("KHABAR_METRICS__STATISTICS_INTERVAL_MS", "500"),
            ("RUST_LOG", "info,khabar_worker=debug"),
        ];
        env.extend_from_slice(extra_env);
        let worker = Worker::start_on(&brokers(), topics, &env);
        OpsWorker { worker, metrics }
    }

    fn get(&self, path: &str) -> Option<(u16, String)> {
        http_get(&self.metrics, path)
    }

    fn wait_ready(&self) {
        wait_until("the worker is ready", || {
            self.get("/readyz").is_some_and(|(status, _)| status == 200)
        });
    }

    fn scrape(&self) -> Scrape {
        let (status, body) = self.get("/metrics").expect("/metrics answers");
        assert_eq!(status, 200);
        Scrape::parse(&body)
    }

    fn log_text(&self) -> String {
        self.worker.log_text()
    }

    fn terminate(&mut self) -> std::process::ExitStatus {
        self.worker.stop()
    }
}

/// Forwards connections on `listener` to `target`, on plain threads, for the rest of the test
/// process: a bootstrap address that starts answering only when the test says so.
fn forward(listener: TcpListener, target: String) {
    std::thread::spawn(move || {
        for inbound in listener.incoming().flatten() {
            let Ok(outbound) = TcpStream::connect(&target) else {
                continue;
            };
            for (mut from, mut to) in [
                (inbound.try_clone(), outbound.try_clone()),
                (outbound.try_clone(), inbound.try_clone()),
            ]
            .into_iter()
            .filter_map(|(a, b)| Some((a.ok()?, b.ok()?)))
            {
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut from, &mut to);
                    let _ = to.shutdown(std::net::Shutdown::Write);
                });
            }
        }
    });
}

/// Runs the `khabar` binary with `args` and extra environment `env`, stdin closed.
pub(crate) fn khabar(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run khabar")
}

/// A finished process's standard error as text.
pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn readyz_is_503_until_the_broker_answers_and_partitions_are_assigned() {
    let topics = Topics::create("ops-ready", 2).await;
    // The worker's only bootstrap address answers nothing until the proxy below starts.
    let bootstrap = free_port();
    let bootstrap_address = format!("127.0.0.1:{bootstrap}");
    let mut worker = OpsWorker::start(&topics, &[("KHABAR_KAFKA__BROKERS", &bootstrap_address)]);
    wait_until("/healthz answers", || {
        worker.get("/healthz").is_some_and(|(s, _)| s == 200)
    });
    let healthcheck = ["healthcheck", "--address", &worker.metrics];
    let mut reasons = Vec::new();
    for _ in 0..10 {
        let (status, body) = worker.get("/readyz").expect("/readyz answers");
        assert_eq!(status, 503, "ready without a broker: {body}");
        assert!(body.starts_with("not ready: "), "{body}");
        reasons.push(body);
        std::thread::sleep(Duration::from_millis(200));
    }
    // librdkafka's "all brokers down" error callback flips readiness to say why.
    assert!(
        reasons.iter().any(|r| r.contains("brokers unreachable")),
        "{reasons:?}"
    );
    assert!(khabar(&healthcheck, &[]).status.success(), "alive");
    let not_ready = khabar(&[&healthcheck[..], &["--path", "/readyz"]].concat(), &[]);
    assert_eq!(not_ready.status.code(), Some(1), "{}", stderr(&not_ready));
    assert!(stderr(&not_ready).contains("503"), "{}", stderr(&not_ready));
    assert_eq!(worker.scrape().sum("khabar_ready", &[]), 0.0);

    forward(
        TcpListener::bind(&bootstrap_address).expect("bind the bootstrap port again"),
        brokers(),
    );
    worker.wait_ready();
    let ready = khabar(&[&healthcheck[..], &["--path", "/readyz"]].concat(), &[]);
    assert!(ready.status.success(), "{}", stderr(&ready));
    let scrape = worker.scrape();
    assert_eq!(scrape.sum("khabar_ready", &[]), 1.0);
    assert_eq!(scrape.sum("khabar_assigned_partitions", &[]), 2.0);
    assert_eq!(worker.get("/nope").map(|(s, _)| s), Some(404));
    assert!(worker.terminate().success());
}

#[tokio::test(flavor = "multi_thread")]
async fn readyz_is_503_while_the_broker_is_lost_and_200_when_it_is_back() {
    // A broker of its own, so stopping it does not disturb the other tests.
    let broker = crate::support::PrivateBroker::start("ops-lost", 29492);
    let address = "127.0.0.1:29492";
    let topics = Topics::create_on(address, "ops-lost", 1).await;
    let worker = OpsWorker::start(&topics, &[("KHABAR_KAFKA__BROKERS", address)]);
    worker.wait_ready();
    broker.stop();
    wait_until("/readyz says the brokers are unreachable", || {
        worker
            .get("/readyz")
            .is_some_and(|(status, body)| status == 503 && body.contains("brokers unreachable"))
    });
    assert_eq!(
        worker.get("/healthz").map(|(s, _)| s),
        Some(200),
        "still alive"
    );
    assert_eq!(worker.scrape().sum("khabar_ready", &[]), 0.0);
    broker.restart();
    worker.wait_ready();
    assert_eq!(worker.scrape().sum("khabar_ready", &[]), 1.0);
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_exactly_the_records_sent_and_their_dead_letters_by_reason() {
    let topics = Topics::create("ops-metrics", 1).await;
    let mut worker = OpsWorker::start(&topics, &[]);
    worker.wait_ready();
    let before = worker.scrape();
    let texts = [
        "Protesters marched in Nairobi on Monday.",
        "The minister visited Cairo and met the president.",
        "Police arrested two men in Beirut.",
        "وصل وزير الخارجية إلى القاهرة يوم الاثنين.",
        "Rebels attacked a convoy near Aleppo.",
    ];
    let mut inputs: Vec<(Option<&str>, Vec<u8>)> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| (None, article(&format!("ops-m-{i}"), text)))
        .collect();
    inputs.push((None, b"not json".to_vec()));
    inputs.push((None, b"{\"id\": ".to_vec()));
    inputs.push((None, b"{\"id\":\"x\",\"text\":\"caf\xe9\"}".to_vec()));
    inputs.push((None, br#"{"id":"no-text"}"#.to_vec()));
    let (good, bad) = (texts.len() as f64, 4.0);
    produce_all(&producer(), &topics.input, &inputs).await;
    collect(&topics.documents, texts.len(), Duration::from_millis(200)).await;
    collect(&topics.dead_letters, 4, Duration::from_millis(200)).await;

    let delta = |scrape: &Scrape, name: &str, labels: &[(&str, &str)]| {
        scrape.sum(name, labels) - before.sum(name, labels)
    };
    let mut scrape = worker.scrape();
    wait_until("every output is acknowledged", || {
        scrape = worker.scrape();
        delta(&scrape, "khabar_records_produced_total", &[]) > 0.0
            && scrape.sum("khabar_in_flight_records", &[]) == 0.0
            && delta(
                &scrape,
                "component_sent_events_total",
                &[("stage", "produce")],
            ) == delta(
                &scrape,
                "component_received_events_total",
                &[("stage", "produce")],
            )
    });
    let events = count_records(&brokers(), &topics.events) as f64;
    let d = |name: &str, labels: &[(&str, &str)]| delta(&scrape, name, labels);
    assert_eq!(
        d("khabar_records_consumed_total", &[("topic", &topics.input)]),
        good + bad
    );
    for stage in ["consume", "decode"] {
        assert_eq!(
            d("component_received_events_total", &[("stage", stage)]),
            good + bad,
            "{stage}"
        );
    }
    assert_eq!(
        d("component_sent_events_total", &[("stage", "decode")]),
        good
    );
    for (reason, count) in [
        ("invalid_json", 2.0),
        ("invalid_utf8", 1.0),
        ("missing_field", 1.0),
    ] {
        assert_eq!(
            d("khabar_records_dead_lettered_total", &[("reason", reason)]),
            count,
            "{reason}"
        );
        assert_eq!(
            d(
                "component_errors_total",
                &[("stage", "decode"), ("error_code", reason)]
            ),
            count,
            "{reason}"
        );
    }
    assert_eq!(d("khabar_records_dead_lettered_total", &[]), bad);
    for stage in ["text", "ner", "events", "output"] {
        assert_eq!(
            d("component_received_events_total", &[("stage", stage)]),
            good
        );
        assert_eq!(d("component_sent_events_total", &[("stage", stage)]), good);
        assert_eq!(d("component_errors_total", &[("stage", stage)]), 0.0);
        assert_eq!(
            d("khabar_stage_duration_seconds_count", &[("stage", stage)]),
            good,
            "{stage} timings"
        );
    }
    assert_eq!(
        d("khabar_records_produced_total", &[("output", "documents")]),
        good
    );
    assert_eq!(
        d(
            "khabar_records_produced_total",
            &[("output", "dead_letters")]
        ),
        bad
    );
    assert_eq!(
        d("khabar_records_produced_total", &[("output", "events")]),
        events
    );
    assert_eq!(d("khabar_events_total", &[]), events, "events by type");
    assert_eq!(
        d("component_sent_events_total", &[("stage", "produce")]),
        good + events + bad
    );
    assert_eq!(d("component_discarded_events_total", &[]), 0.0);
    assert_eq!(d("khabar_end_to_end_lag_seconds_count", &[]), good + bad);
    assert_eq!(d("khabar_record_duration_seconds_count", &[]), good + bad);
    assert!(scrape.has("khabar_queue_depth"));
    // Consumer lag per partition, from librdkafka statistics, drains to zero.
    wait_until("the consumer lag gauge reads 0", || {
        let scrape = worker.scrape();
        let labels = [("topic", topics.input.as_str()), ("partition", "0")];
        scrape.has("khabar_consumer_lag") && scrape.sum("khabar_consumer_lag", &labels) == 0.0
    });
    // Every metric the Grafana dashboard queries is one this worker exports.
    let scrape = worker.scrape();
    let names = crate::deploy::dashboard_metric_names();
    let absent: Vec<&String> = names.iter().filter(|name| !scrape.has(name)).collect();
    assert!(
        absent.is_empty(),
        "the dashboard queries metrics the worker does not export: {absent:?}"
    );
    assert!(worker.terminate().success());
}

#[tokio::test(flavor = "multi_thread")]
async fn json_log_lines_parse_and_carry_the_article_id_and_offset() {
    let topics = Topics::create("ops-logs", 1).await;
    let mut worker = OpsWorker::start(&topics, &[]);
    let inputs = vec![
        (None, article("ops-log-0", "Protesters marched in Nairobi.")),
        (None, b"not json".to_vec()),
        (None, article("ops-log-2", "The minister visited Cairo.")),
    ];
    produce_all(&producer(), &topics.input, &inputs).await;
    collect(&topics.documents, 2, Duration::from_millis(200)).await;
    collect(&topics.dead_letters, 1, Duration::from_millis(200)).await;
    assert!(worker.terminate().success());

    let text = worker.log_text();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    assert!(lines
        .iter()
        .all(|l| l["level"].is_string() && l["timestamp"].is_string()));
    for (id, offset) in [("ops-log-0", 0), ("ops-log-2", 2)] {
        let line = lines
            .iter()
            .find(|l| l["message"] == "article processed" && l["span"]["article_id"] == id)
            .unwrap_or_else(|| panic!("no 'article processed' line for {id}:\n{text}"));
        assert_eq!(line["span"]["offset"], offset);
        assert_eq!(line["span"]["partition"], 0);
        assert_eq!(line["span"]["topic"], topics.input.as_str());
    }
    let dead = lines
        .iter()
        .find(|l| l["message"] == "record dead-lettered")
        .expect("dead-letter line");
    assert_eq!(dead["level"], "WARN");
    assert_eq!(dead["kind"], "invalid_json");
    assert_eq!(dead["span"]["offset"], 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_environment_variable_changes_the_topic_and_secrets_stay_out_of_the_log() {
    let topics = Topics::create("ops-env", 1).await;
    let elsewhere = Topics::create("ops-env-other", 1).await;
    let mut worker = OpsWorker::start(
        &topics,
        &[
            ("KHABAR_TOPICS__DOCUMENTS", &elsewhere.documents),
            ("KHABAR_KAFKA__COMMON", "{\"sasl.password\"=\"hunter2\"}"),
        ],
    );
    produce_all(
        &producer(),
        &topics.input,
        &[(
            None,
            article("ops-env-0", "Police arrested two men in Beirut."),
        )],
    )
    .await;
    let documents = collect(&elsewhere.documents, 1, Duration::from_millis(500)).await;
    assert_eq!(documents[0].json()["id"], "ops-env-0");
    assert_eq!(count_records(&brokers(), &topics.documents), 0);
    let log = worker.log_text();
    assert!(!log.contains("hunter2"), "a secret was logged:\n{log}");
    assert!(log.contains("sasl.password=***"), "{log}");
    assert!(worker.terminate().success());
}

#[tokio::test(flavor = "multi_thread")]
async fn validate_rejects_a_broken_config_naming_the_key_and_connect_checks_the_topics() {
    let dir = std::env::temp_dir().join(format!("khabar-ops-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let cases = [
        ("[kafka]\nbrokerz = \"b:9092\"\n", "kafka.brokerz"),
        (
            "[worker]\nmax_in_flight = \"many\"\n",
            "worker.max_in_flight",
        ),
        ("[worker]\nmax_in_flight = 0\n", "worker.max_in_flight"),
        (
            "[topics]\ndocuments = \"khabar.articles\"\n",
            "topics.documents",
        ),
        ("[metrics]\naddress = \"everywhere\"\n", "metrics.address"),
        (
            "[kafka.consumer]\n\"enable.auto.commit\" = \"false\"\n",
            "enable.auto.commit",
        ),
    ];
    for (i, (text, key)) in cases.iter().enumerate() {
        let path = write(&format!("bad{i}.toml"), text);
        let output = khabar(&["validate", "--config", &path], &[]);
        assert!(!output.status.success(), "accepted:\n{text}");
        assert!(stderr(&output).contains(key), "{key}: {}", stderr(&output));
    }
    let output = khabar(
        &["validate"],
        &[("KHABAR_WORKER__COMMIT_INTERVAL_MS", "soon")],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("worker.commit_interval_ms")
            && stderr(&output).contains("KHABAR_WORKER__COMMIT_INTERVAL_MS"),
        "{}",
        stderr(&output)
    );
    let shipped = repo_path("config/khabar.toml").display().to_string();
    assert!(khabar(&["validate", "--config", &shipped], &[])
        .status
        .success());

    // --connect: the test topics exist; a missing one is named; a dead broker times out.
    let topics = Topics::create("ops-validate", 1).await;
    let env = topics.worker_env(&brokers());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let output = khabar(&["validate", "--connect"], &env);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("connected"), "{stdout}");
    assert!(stdout.contains(&topics.input), "{stdout}");
    let mut missing = env.clone();
    missing.push(("KHABAR_TOPICS__EVENTS", "ops.no.such.topic"));
    let output = khabar(&["validate", "--connect"], &missing);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("topics.events: topic 'ops.no.such.topic' does not exist"),
        "{}",
        stderr(&output)
    );
    let dead = format!("127.0.0.1:{}", free_port());
    let started = Instant::now();
    let output = khabar(
        &["validate", "--connect", "--timeout-secs", "2"],
        &[("KHABAR_KAFKA__BROKERS", &dead)],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("kafka.brokers"),
        "{}",
        stderr(&output)
    );
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "bounded timeout"
    );
}

#[test]
fn process_expands_globs_and_folders_and_prints_nothing_extra_when_piped() {
    let dir = std::env::temp_dir().join(format!("khabar-ops-glob-{}", std::process::id()));
    let nested = dir.join("b");
    std::fs::create_dir_all(&nested).unwrap();
    let line =
        |id: &str| String::from_utf8(article(id, "Protesters marched in Nairobi.")).unwrap() + "\n";
    std::fs::write(dir.join("a.jsonl"), line("g-a")).unwrap();
    std::fs::write(nested.join("c.jsonl"), line("g-c")).unwrap();
    std::fs::write(dir.join("skip.json"), line("g-skip")).unwrap();
    let pattern = format!("{}/**/*.jsonl", dir.display());
    let output = khabar(&["process", &pattern], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "no progress bar when piped");
    let ids: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"g-a\"", "\"g-c\""]);

    let out = dir.join("out.jsonl");
    let output = khabar(
        &[
            "process",
            &dir.display().to_string(),
            "--output",
            &out.display().to_string(),
        ],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 1);

    let none = format!("{}/*.nothing", dir.display());
    let output = khabar(&["process", &none], &[]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no files match"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn process_shows_a_progress_bar_with_articles_per_second_on_a_terminal() {
    // util-linux `script` gives the command a pseudo-terminal.
    assert!(
        Command::new("script").arg("--version").output().is_ok(),
        "this test needs util-linux `script` to make a terminal: run scripts/install-deps.sh \
         (Debian/Ubuntu package bsdutils)"
    );
    let dir = std::env::temp_dir().join(format!("khabar-ops-tty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.jsonl");
    let lines: String = (0..20)
        .map(|i| {
            String::from_utf8(article(&format!("t-{i}"), "Police arrested two men.")).unwrap()
                + "\n"
        })
        .collect();
    std::fs::write(&input, lines).unwrap();
    let out = dir.join("out.jsonl");
    let command = format!(
        "{} process {} --output {}",
        env!("CARGO_BIN_EXE_khabar"),
        input.display(),
        out.display()
    );
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("run script");
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{screen}");
    assert!(
        screen.contains("khabar: 20 article(s), 0 dead-lettered") && screen.contains("articles/s"),
        "{screen}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 20);
}
