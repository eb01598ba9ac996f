//! End-to-end tests against the real Apache Kafka broker (`deploy/local/kafka.sh start`), with
//! the real `khabar` binary as a separate process. `KHABAR_TEST_BROKERS` names the broker
//! (default 127.0.0.1:9092). Every test makes its own topics and consumer group.

// Broker, topic, worker-process and output helpers shared by the modules below.
mod support;

// The seed article travels through the broker and comes out as documents and events.
mod seed;

// Bad records become dead letters with their reason and offset; good ones after them go on.
mod dead_letters;

// A restarted worker resumes from committed offsets and re-emits nothing it had committed.
mod restart;

// The story stage on Kafka: story records equal file mode's, also after kill -9, restart and
// rebalance, in both delivery modes; invalid input dead-lettered.
mod stories;

// `khabar process`, `khabar schema` and the committed schemas (no broker needed).
mod cli;

// Kill -9, SIGTERM, two workers, broker loss, hostile records, slow downstream: nothing lost.
mod faults;

// Operating Khabar: /readyz and /metrics of the real worker, JSON logs, env overrides,
// `validate`, file-mode globs (every metric the Grafana dashboard queries is in a live scrape).
mod ops;

// The Dockerfile, compose file, Kubernetes manifests, Grafana dashboard and Prometheus
// configuration (no broker needed).
mod deploy;

// `khabar render` opened in headless Chromium: every entity and event in the DOM, gold beside
// the records, hostile articles as text, a screenshot (no broker needed).
mod render;
