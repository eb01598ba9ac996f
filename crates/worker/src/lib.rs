//! The Kafka worker: consumes articles, runs the language pipeline on a fixed set of processing threads,
//! produces document, event and dead-letter records, and commits a partition's offset only up
//! to where every record's outputs are acknowledged by the broker.
//!
//! The same loop runs the story stage (`stories.rs`): documents re-keyed by language into a
//! repartition topic, linked into stories per partition, story records out.
//!
//! This crate does Kafka, threads, signals, logging, metrics and health endpoints; it never does
//! language work itself.

mod client_config;
mod config;
mod context;
mod health;
mod hot_metrics;
mod internal_events;
pub mod logging;
pub mod metrics;
mod order;
mod outcome;
mod processing;
mod shutdown;
mod stories;
mod topic_codec;
mod tracker;
mod transaction;
mod watchdog;
mod worker;

pub use client_config::{consumer_client_config, producer_client_config};
pub use config::{
    Config, Delivery, KafkaConfig, LimitsConfig, LogConfig, LogFormat, MetricsConfig,
    StoriesConfig, TopicsConfig, WorkerConfig,
};
pub use health::{check_cluster, probe, ClusterReport, Health};
pub use outcome::{encode, Destination, Encoded, Origin, OutputRecord};
pub use stories::run_stories;
pub use worker::run;
