//! Kafka plumbing shared by the phases: the worker's own client settings, topic
//! creation and deletion, loading the input topic, and reading progress from watermarks.

use std::time::{Duration, Instant};

use futures::stream::{FuturesUnordered, StreamExt};
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::Message;
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord};
use rdkafka::{Offset, TopicPartitionList};

use khabar_worker::{Config, Delivery};

use crate::corpus::Record;
use crate::error::BenchError;

/// Timeout of metadata and watermark requests.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The worker's configuration as `khabar run` loads it here (embedded defaults, then the
/// caller's `KHABAR_<SECTION>__<KEY>` variables, which the measured worker gets too), pointed at
/// `brokers` and at-least-once: the raw copy and the run's producers take the worker's own
/// client properties from it ([`consumer_client_config`], [`producer_client_config`]).
pub fn worker_config(brokers: &str) -> Result<Config, BenchError> {
    let mut config = Config::load(None)
        .map_err(|e| BenchError::Worker(format!("cannot load its configuration: {e:#}")))?;
    config.kafka.brokers = brokers.to_string();
    // The raw copy stores offsets the at-least-once way; its producer is not transactional.
    config.worker.delivery = Delivery::AtLeastOnce;
    Ok(config)
}

/// Creates topics (name, partitions); fails if any exists already.
pub async fn create_topics(brokers: &str, topics: &[(&str, i32)]) -> Result<(), BenchError> {
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .map_err(BenchError::kafka("creating the admin client"))?;
    let new: Vec<NewTopic<'_>> = topics
        .iter()
        .map(|(name, partitions)| NewTopic::new(name, *partitions, TopicReplication::Fixed(1)))
        .collect();
    let options = AdminOptions::new().operation_timeout(Some(REQUEST_TIMEOUT));
    let results = admin
        .create_topics(&new, &options)
        .await
        .map_err(BenchError::kafka("creating topics"))?;
    for result in results {
        if let Err((topic, code)) = result {
            return Err(BenchError::Kafka {
                what: format!("creating topic '{topic}'"),
                source: KafkaError::AdminOp(code),
            });
        }
    }
    Ok(())
}

/// Deletes topics; errors are ignored (this is cleanup).
pub async fn delete_topics(brokers: &str, topics: &[&str]) {
    let admin: Result<AdminClient<DefaultClientContext>, _> = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create();
    if let Ok(admin) = admin {
        let options = AdminOptions::new().operation_timeout(Some(REQUEST_TIMEOUT));
        let _ = admin.delete_topics(topics, &options).await;
    }
}

/// Produces records round-robin over `partitions` and waits for every acknowledgement.
pub async fn load(
    producer: &FutureProducer,
    topic: &str,
    partitions: i32,
    records: &[&Record],
) -> Result<(), BenchError> {
    let mut acks = FuturesUnordered::new();
    for (index, record) in records.iter().enumerate() {
        let mut future_record = FutureRecord::to(topic)
            .key(&record.key)
            .payload(&record.value)
            .partition(index as i32 % partitions);
        loop {
            match producer.send_result(future_record) {
                Ok(ack) => {
                    acks.push(ack);
                    break;
                }
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                    future_record = back;
                    // Wait for one acknowledgement to free queue space.
                    match acks.next().await {
                        Some(ack) => {
                            check_ack(topic, ack)?;
                        }
                        None => tokio::time::sleep(Duration::from_millis(5)).await,
                    }
                }
                Err((error, _)) => {
                    return Err(BenchError::kafka(format!("producing to '{topic}'"))(error))
                }
            }
        }
    }
    while let Some(ack) = acks.next().await {
        check_ack(topic, ack)?;
    }
    Ok(())
}

/// Turns a delivery outcome into an error if the record was not delivered.
pub fn check_ack(
    topic: &str,
    ack: <DeliveryFuture as std::future::Future>::Output,
) -> Result<rdkafka::producer::future_producer::Delivery, BenchError> {
    match ack {
        Ok(Ok(delivery)) => Ok(delivery),
        Ok(Err((error, _))) => Err(BenchError::Delivery {
            topic: topic.to_string(),
            message: error.to_string(),
        }),
        Err(_) => Err(BenchError::Delivery {
            topic: topic.to_string(),
            message: "producer was dropped".to_string(),
        }),
    }
}

/// A consumer for reading watermarks and single records; never joins a group.
pub fn reader(brokers: &str) -> Result<BaseConsumer, BenchError> {
    ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", "khabar-bench-reader")
        .set("enable.auto.commit", "false")
        .set("enable.partition.eof", "false")
        .set("fetch.wait.max.ms", "10")
        .create()
        .map_err(BenchError::kafka("creating the reader consumer"))
}

/// Fails unless the brokers answer a metadata request within the request timeout.
pub fn check_reachable(brokers: &str) -> Result<(), BenchError> {
    reader(brokers)?
        .fetch_metadata(None, REQUEST_TIMEOUT)
        .map(|_| ())
        .map_err(BenchError::kafka(format!(
            "reaching the brokers at '{brokers}'"
        )))
}

/// Low and high watermark of every partition of a topic.
pub fn watermarks(
    reader: &BaseConsumer,
    topic: &str,
    partitions: i32,
) -> Result<Vec<(i64, i64)>, BenchError> {
    (0..partitions)
        .map(|p| {
            reader
                .fetch_watermarks(topic, p, REQUEST_TIMEOUT)
                .map_err(BenchError::kafka(format!("watermarks of '{topic}'/{p}")))
        })
        .collect()
}

/// Records in a topic (sum of high watermarks, for topics that were never truncated).
pub fn count(reader: &BaseConsumer, topic: &str, partitions: i32) -> Result<u64, BenchError> {
    Ok(watermarks(reader, topic, partitions)?
        .iter()
        .map(|(_, high)| *high as u64)
        .sum())
}

/// Waits until `progress()` reaches `expected`; fails after `stall` without any progress.
pub fn wait_for(
    phase: &'static str,
    expected: u64,
    stall: Duration,
    mut progress: impl FnMut() -> Result<u64, BenchError>,
) -> Result<(), BenchError> {
    let mut last = (0, Instant::now());
    loop {
        let done = progress()?;
        if done >= expected {
            return Ok(());
        }
        if done > last.0 {
            last = (done, Instant::now());
        } else if last.1.elapsed() > stall {
            return Err(BenchError::Stalled {
                phase,
                seconds: stall.as_secs(),
                done,
                expected,
            });
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Timestamp (ms) of the record at `offset` of a partition.
fn timestamp_at(
    brokers: &str,
    topic: &str,
    partition: i32,
    offset: i64,
) -> Result<i64, BenchError> {
    let consumer = reader(brokers)?;
    let mut list = TopicPartitionList::new();
    list.add_partition_offset(topic, partition, Offset::Offset(offset))
        .map_err(BenchError::kafka("building a partition list"))?;
    consumer.assign(&list).map_err(BenchError::kafka(format!(
        "assigning '{topic}'/{partition}"
    )))?;
    let deadline = Instant::now() + REQUEST_TIMEOUT;
    while Instant::now() < deadline {
        match consumer.poll(Duration::from_millis(200)) {
            Some(Ok(message)) if message.offset() >= offset => {
                return message
                    .timestamp()
                    .to_millis()
                    .ok_or_else(|| BenchError::Delivery {
                        topic: topic.to_string(),
                        message: "record without a timestamp".to_string(),
                    });
            }
            Some(Err(error)) => {
                return Err(BenchError::kafka(format!("reading '{topic}'/{partition}"))(
                    error,
                ))
            }
            _ => {}
        }
    }
    Err(BenchError::Stalled {
        phase: "reading a record timestamp",
        seconds: REQUEST_TIMEOUT.as_secs(),
        done: 0,
        expected: 1,
    })
}

/// Timestamps (ms) of the first and the last record of the given offset ranges
/// (`(partition, from, to)`, half-open), from the records' own timestamps.
///
/// The producer stamps each record when it is sent, so this is the span over which the
/// producing client emitted them: start-up and group joining are not in it.
pub fn span(
    brokers: &str,
    topic: &str,
    ranges: &[(i32, i64, i64)],
) -> Result<(i64, i64), BenchError> {
    let mut first = i64::MAX;
    let mut last = i64::MIN;
    for &(partition, from, to) in ranges {
        if to <= from {
            continue;
        }
        first = first.min(timestamp_at(brokers, topic, partition, from)?);
        last = last.max(timestamp_at(brokers, topic, partition, to - 1)?);
    }
    if first > last {
        return Err(BenchError::Delivery {
            topic: topic.to_string(),
            message: "no record to time".to_string(),
        });
    }
    // One millisecond is the resolution of record timestamps.
    Ok((first, last.max(first + 1)))
}
