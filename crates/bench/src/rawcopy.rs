//! The broker's own limit: a consumer → producer pass-through that does no work on the records,
//! with the worker's client settings, in-flight bound and offset handling (an offset is stored
//! for commit only after the copy of its record is acknowledged).

use std::collections::HashMap;

use futures::stream::{FuturesUnordered, StreamExt};
use futures::FutureExt;
use rdkafka::consumer::{Consumer, StreamConsumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::Message;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{Offset, TopicPartitionList};

use khabar_worker::{consumer_client_config, producer_client_config, Config};

use crate::error::BenchError;
use crate::kafka::check_ack;

/// Copies `expected` records from `input` to `output` with the `worker` configuration's client
/// properties, in consumer group `group`, and returns once all are acknowledged.
pub async fn run(
    worker: &Config,
    group: &str,
    input: &str,
    output: &str,
    expected: u64,
    max_in_flight: usize,
) -> Result<(), BenchError> {
    let mut config = worker.clone();
    config.kafka.group_id = group.to_string();
    let consumer: StreamConsumer = consumer_client_config(&config)
        .create()
        .map_err(BenchError::kafka("creating the raw-copy consumer"))?;
    let producer: FutureProducer = producer_client_config(&config)
        .create()
        .map_err(BenchError::kafka("creating the raw-copy producer"))?;
    consumer
        .subscribe(&[input])
        .map_err(BenchError::kafka("subscribing the raw copy"))?;

    let mut acks = FuturesUnordered::new();
    let mut stored: HashMap<i32, i64> = HashMap::new();
    let mut copied = 0u64;
    while copied < expected {
        tokio::select! {
            biased;
            Some((partition, offset, ack)) = acks.next() => {
                check_ack(output, ack)?;
                copied += 1;
                let next = stored.entry(partition).or_insert(-1);
                if offset + 1 > *next {
                    *next = offset + 1;
                    let mut list = TopicPartitionList::new();
                    // Adding one partition with an explicit offset to a fresh list cannot fail.
                    list.add_partition_offset(input, partition, Offset::Offset(offset + 1))
                        .expect("fresh partition list accepts an offset");
                    let _ = consumer.store_offsets(&list);
                }
            }
            received = consumer.recv(), if acks.len() < max_in_flight => {
                let message = received.map_err(BenchError::kafka("raw-copy consume"))?;
                let (partition, offset) = (message.partition(), message.offset());
                let mut record = FutureRecord::to(output)
                    .payload(message.payload().unwrap_or_default());
                if let Some(key) = message.key() {
                    record = record.key(key);
                }
                let ack = loop {
                    match producer.send_result(record) {
                        Ok(ack) => break ack,
                        Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                            record = back;
                            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                        }
                        Err((error, _)) => {
                            return Err(BenchError::kafka(format!("producing to '{output}'"))(error))
                        }
                    }
                };
                acks.push(ack.map(move |ack| (partition, offset, ack)));
            }
        }
    }
    consumer.unsubscribe();
    Ok(())
}
