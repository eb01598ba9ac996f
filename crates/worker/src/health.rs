//! Liveness, readiness and connectivity: the worker's readiness state, the HTTP server that
//! answers `/healthz`, `/readyz` and `/metrics`, the client behind `khabar healthcheck`, and the
//! broker check behind `khabar validate --connect`.
//!
//! Readiness is: the consumer has joined its group and received an assignment (possibly empty:
//! a worker beyond the partition count is a healthy standby), the brokers are reachable, and the
//! worker is not stopping. Liveness is the process answering at all.

use std::convert::Infallible;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use metrics_exporter_prometheus::PrometheusHandle;
use rdkafka::consumer::{BaseConsumer, Consumer};
use tracing::{debug, info};

use crate::client_config::consumer_client_config;
use crate::config::Config;
use crate::internal_events::{PartitionsChanged, ReadinessChanged};

/// The worker's readiness, shared by the consumer callbacks, the loop and the HTTP server.
#[derive(Debug, Default)]
pub struct Health {
    joined: AtomicBool,
    brokers_down: AtomicBool,
    stopping: AtomicBool,
    partitions: AtomicUsize,
    /// Last readiness reported, to log changes only.
    reported: Mutex<Option<bool>>,
}

impl Health {
    /// Why the worker is not ready, or `None` when it is.
    pub fn not_ready_reason(&self) -> Option<&'static str> {
        if self.stopping.load(Ordering::Relaxed) {
            Some("stopping")
        } else if self.brokers_down.load(Ordering::Relaxed) {
            Some("brokers unreachable")
        } else if !self.joined.load(Ordering::Relaxed) {
            Some("waiting for a partition assignment")
        } else {
            None
        }
    }

    /// Whether `/readyz` answers 200.
    pub fn is_ready(&self) -> bool {
        self.not_ready_reason().is_none()
    }

    /// The group assigned `count` partitions (incrementally or all at once).
    pub fn assigned(&self, count: usize) {
        let now = self.partitions.fetch_add(count, Ordering::Relaxed) + count;
        PartitionsChanged { assigned: now }.emit();
        self.joined.store(true, Ordering::Relaxed);
        // An assignment comes from the group coordinator: a broker answered.
        self.brokers_down.store(false, Ordering::Relaxed);
        self.report();
    }

    /// The group revoked `count` partitions.
    pub fn revoked(&self, count: usize) {
        let previous = self
            .partitions
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                Some(n.saturating_sub(count))
            })
            .unwrap_or_default();
        PartitionsChanged {
            assigned: previous.saturating_sub(count),
        }
        .emit();
    }

    /// Whether the brokers are reachable, from client errors and statistics.
    pub fn brokers_reachable(&self, reachable: bool) {
        let was_down = self.brokers_down.swap(!reachable, Ordering::Relaxed);
        if was_down == reachable {
            self.report();
        }
    }

    /// The worker is draining and leaving the group.
    pub fn stopping(&self) {
        self.stopping.store(true, Ordering::Relaxed);
        self.report();
    }

    /// Emits a readiness change. The state is read under the lock: a thread that read it
    /// before another's change must not report after it (the librdkafka callback thread saying
    /// "brokers down" and the loop saying "a record came" race when a broker comes back).
    fn report(&self) {
        let mut reported = self
            .reported
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let reason = self.not_ready_reason();
        let ready = reason.is_none();
        if *reported != Some(ready) {
            *reported = Some(ready);
            ReadinessChanged {
                ready,
                reason: reason.unwrap_or("assigned and connected"),
            }
            .emit();
        }
    }
}

/// The running HTTP server.
pub struct Server {
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Binds `address` and serves `/healthz`, `/readyz` and `/metrics` until the returned server is
/// dropped.
pub async fn serve(
    address: &str,
    health: Arc<Health>,
    metrics: PrometheusHandle,
) -> anyhow::Result<Server> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("binding metrics.address '{address}'"))?;
    let address = listener.local_addr().context("reading the bound address")?;
    info!(%address, "serving /metrics, /healthz and /readyz");
    let task = tokio::spawn(async move {
        let mut upkeep = tokio::time::interval(Duration::from_secs(5));
        loop {
            tokio::select! {
                _ = upkeep.tick() => metrics.run_upkeep(),
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let health = Arc::clone(&health);
                    let metrics = metrics.clone();
                    tokio::spawn(async move {
                        let service = hyper::service::service_fn(move |request| {
                            let response = respond(&request, &health, &metrics);
                            async move { Ok::<_, Infallible>(response) }
                        });
                        let io = hyper_util::rt::TokioIo::new(stream);
                        if let Err(error) = hyper::server::conn::http1::Builder::new()
                            .serve_connection(io, service)
                            .await
                        {
                            debug!(%error, "metrics connection ended");
                        }
                    });
                }
            }
        }
    });
    Ok(Server { task })
}

fn respond(
    request: &Request<Incoming>,
    health: &Health,
    metrics: &PrometheusHandle,
) -> Response<Full<Bytes>> {
    let text = |status: StatusCode, body: String, content_type: &str| {
        let mut response = Response::new(Full::new(Bytes::from(body)));
        *response.status_mut() = status;
        if let Ok(value) = content_type.parse() {
            response
                .headers_mut()
                .insert(hyper::header::CONTENT_TYPE, value);
        }
        response
    };
    const PLAIN: &str = "text/plain; charset=utf-8";
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return text(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD\n".into(),
            PLAIN,
        );
    }
    match request.uri().path() {
        "/healthz" => text(StatusCode::OK, "ok\n".into(), PLAIN),
        "/readyz" => match health.not_ready_reason() {
            None => text(StatusCode::OK, "ready\n".into(), PLAIN),
            Some(reason) => text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("not ready: {reason}\n"),
                PLAIN,
            ),
        },
        "/metrics" => text(
            StatusCode::OK,
            metrics.render(),
            "text/plain; version=0.0.4; charset=utf-8",
        ),
        _ => text(
            StatusCode::NOT_FOUND,
            "not found; try /metrics, /healthz or /readyz\n".into(),
            PLAIN,
        ),
    }
}

/// `GET path` on the server at `address` (an unspecified host such as `0.0.0.0` means this
/// host) and returns the status code; used by `khabar healthcheck`, so the image needs no curl.
pub fn probe(address: &str, path: &str, timeout: Duration) -> anyhow::Result<u16> {
    let mut target: SocketAddr = address
        .to_socket_addrs()
        .with_context(|| format!("resolving '{address}'"))?
        .next()
        .with_context(|| format!("'{address}' resolves to no address"))?;
    if target.ip().is_unspecified() {
        let loopback = if target.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        };
        target.set_ip(loopback);
    }
    let mut stream = TcpStream::connect_timeout(&target, timeout)
        .with_context(|| format!("connecting to {target}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\n\r\n"
    )
    .with_context(|| format!("sending the request to {target}"))?;
    let mut head = Vec::new();
    stream
        .take(4096)
        .read_to_end(&mut head)
        .with_context(|| format!("reading the answer of {target}"))?;
    let head = String::from_utf8_lossy(&head);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .with_context(|| format!("{target} did not answer HTTP"))?;
    Ok(status)
}

/// What `validate --connect` found on the cluster.
#[derive(Debug)]
pub struct ClusterReport {
    /// Brokers in the cluster metadata.
    pub brokers: usize,
    /// Each configured topic: config key, name, partition count.
    pub topics: Vec<(String, String, usize)>,
}

impl std::fmt::Display for ClusterReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "connected: {} broker(s)", self.brokers)?;
        for (key, name, partitions) in &self.topics {
            writeln!(f, "{key} '{name}': {partitions} partition(s)")?;
        }
        let inputs: usize = self
            .topics
            .iter()
            .filter(|(key, _, _)| key.starts_with("topics.input") || key == "stories.repartition")
            .map(|(_, _, partitions)| partitions)
            .sum();
        write!(
            f,
            "at most {inputs} worker(s) of one group can share the input partitions"
        )
    }
}

/// Connects with the consumer's properties, fetches the cluster metadata within `timeout` and
/// checks that every topic of `configured` exists (config key and name:
/// `config.worker_topics()` or `config.story_topics()`).
pub fn check_cluster(
    config: &Config,
    configured: Vec<(String, &str)>,
    timeout: Duration,
) -> anyhow::Result<ClusterReport> {
    let consumer: BaseConsumer = consumer_client_config(config)
        .create()
        .context("creating a Kafka client from kafka.* (check the [kafka.common] and [kafka.consumer] properties)")?;
    let metadata = consumer.fetch_metadata(None, timeout).with_context(|| {
        format!(
            "kafka.brokers: no answer from '{}' within {} ms",
            config.kafka.brokers,
            timeout.as_millis()
        )
    })?;
    let mut report = ClusterReport {
        brokers: metadata.brokers().len(),
        topics: Vec::new(),
    };
    let mut missing = Vec::new();
    for (key, name) in configured {
        match metadata
            .topics()
            .iter()
            .find(|t| t.name() == name && t.error().is_none())
        {
            Some(topic) => report
                .topics
                .push((key, name.to_string(), topic.partitions().len())),
            None => missing.push(format!(
                "{key}: topic '{name}' does not exist on the broker"
            )),
        }
    }
    if !missing.is_empty() {
        anyhow::bail!("{}", missing.join("; "));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_only_when_joined_connected_and_running() {
        let health = Health::default();
        assert_eq!(
            health.not_ready_reason(),
            Some("waiting for a partition assignment")
        );
        health.assigned(0);
        assert!(
            health.is_ready(),
            "an empty assignment is a healthy standby"
        );
        health.brokers_reachable(false);
        assert_eq!(health.not_ready_reason(), Some("brokers unreachable"));
        health.brokers_reachable(true);
        assert!(health.is_ready());
        health.stopping();
        assert_eq!(health.not_ready_reason(), Some("stopping"));
    }

    #[test]
    fn revocations_never_go_below_zero() {
        let health = Health::default();
        health.assigned(2);
        health.revoked(5);
        assert_eq!(health.partitions.load(Ordering::Relaxed), 0);
    }
}
