//! End-to-end latency at a fixed offered rate: an open-loop producer sends input records on a
//! fixed schedule while a reader consumes the worker's documents and matches each one to its
//! input through the `khabar.source.partition`/`khabar.source.offset` headers.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Headers, Message};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{Offset, TopicPartitionList};
use serde::Serialize;

use crate::corpus::Record;
use khabar_worker::{producer_client_config, Config};

use crate::error::BenchError;
use crate::kafka::{check_ack, reader};

/// Latency percentiles, in milliseconds.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Percentiles {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Largest.
    pub max: f64,
}

impl Percentiles {
    /// Nearest-rank percentiles of a sample (all zero when empty).
    pub fn of(mut sample: Vec<f64>) -> Percentiles {
        if sample.is_empty() {
            return Percentiles::default();
        }
        sample.sort_by(f64::total_cmp);
        let rank =
            |q: f64| sample[((q * sample.len() as f64).ceil() as usize).clamp(1, sample.len()) - 1];
        Percentiles {
            p50: rank(0.50),
            p95: rank(0.95),
            p99: rank(0.99),
            max: sample[sample.len() - 1],
        }
    }
}

/// Result of the latency phase.
#[derive(Debug, Clone, Serialize)]
pub struct LatencyReport {
    /// Offered rate as a fraction of the worker's measured peak (the target is set at 0.5).
    pub fraction_of_peak: f64,
    /// Offered rate, in records per second.
    pub offered_per_s: f64,
    /// Rate the producer actually achieved, in records per second.
    pub achieved_per_s: f64,
    /// Input records sent.
    pub sent: u64,
    /// Documents matched to an input record.
    pub documents: u64,
    /// Input record timestamp (set when sent) → document record timestamp (set when the
    /// worker produced it); millisecond resolution.
    pub record_ms: Percentiles,
    /// Input send → document received by the benchmark's reader (adds the worker producer's
    /// 5 ms linger and one broker round trip).
    pub observed_ms: Percentiles,
    /// Time in the language pipeline alone (the document's `khabar.timing.total_us` header);
    /// the rest of the latency is Kafka, batching and queueing.
    pub processing_ms: Percentiles,
}

/// Where the worker writes and what has to arrive there.
pub struct Outputs<'a> {
    /// Documents topic.
    pub documents: &'a str,
    /// Its partition count.
    pub document_partitions: i32,
    /// Per-partition offsets where this phase's documents start.
    pub start_offsets: Vec<i64>,
    /// Dead-letter topic and its record count before this phase.
    pub dead_letters: (&'a str, u64),
}

fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0)
}

/// Sends `records` to `input` at `rate` per second and measures each one's document.
pub async fn run(
    worker: &Config,
    input: &str,
    partitions: i32,
    records: &[&Record],
    rate: f64,
    outputs: Outputs<'_>,
) -> Result<LatencyReport, BenchError> {
    // No linger on the offered load: the client upstream of Khabar is not Khabar's cost.
    let brokers = worker.kafka.brokers.as_str();
    let producer: FutureProducer = producer_client_config(worker)
        .set("linger.ms", "0")
        .create()
        .map_err(BenchError::kafka("creating the latency producer"))?;
    let sent_at: Arc<Mutex<HashMap<(i32, i64), i64>>> = Arc::default();

    let stop_after = Arc::new(AtomicU64::new(u64::MAX));
    let stop_now = Arc::new(AtomicBool::new(false));
    let reading = {
        let consumer = reader(brokers)?;
        let mut list = TopicPartitionList::new();
        for (p, offset) in outputs.start_offsets.iter().enumerate() {
            list.add_partition_offset(outputs.documents, p as i32, Offset::Offset(*offset))
                .map_err(BenchError::kafka("building a partition list"))?;
        }
        consumer
            .assign(&list)
            .map_err(BenchError::kafka("assigning the documents topic"))?;
        let input = input.to_string();
        let stop_after = Arc::clone(&stop_after);
        let stop_now = Arc::clone(&stop_now);
        std::thread::spawn(move || read_documents(consumer, &input, &stop_after, &stop_now))
    };

    let start = Instant::now();
    let mut acks = Vec::with_capacity(records.len());
    for (index, record) in records.iter().enumerate() {
        let due = start + Duration::from_secs_f64(index as f64 / rate);
        tokio::time::sleep_until(due.into()).await;
        let sent_us = now_us();
        let future_record = FutureRecord::to(input)
            .key(&record.key)
            .payload(&record.value)
            .partition(index as i32 % partitions)
            .timestamp(sent_us / 1000);
        let ack = producer
            .send_result(future_record)
            .map_err(|(error, _)| BenchError::kafka(format!("producing to '{input}'"))(error))?;
        let sent_at = Arc::clone(&sent_at);
        let topic = input.to_string();
        acks.push(tokio::spawn(async move {
            let delivery = check_ack(&topic, ack.await)?;
            sent_at
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert((delivery.partition, delivery.offset), sent_us);
            Ok::<(), BenchError>(())
        }));
    }
    let elapsed = start.elapsed().as_secs_f64();
    for ack in acks {
        ack.await
            .map_err(|e| BenchError::Worker(format!("latency producer task: {e}")))??;
    }

    // Every input owes a document or a dead letter: wait for all of them.
    let sent = records.len() as u64;
    let counter = reader(brokers)?;
    let docs_start: u64 = outputs.start_offsets.iter().map(|o| *o as u64).sum();
    let mut docs_seen = 0;
    let waited = tokio::task::block_in_place(|| {
        crate::kafka::wait_for("latency", sent, Duration::from_secs(30), || {
            docs_seen =
                crate::kafka::count(&counter, outputs.documents, outputs.document_partitions)?
                    - docs_start;
            let dead =
                crate::kafka::count(&counter, outputs.dead_letters.0, 1)? - outputs.dead_letters.1;
            Ok(docs_seen + dead)
        })
    });
    stop_after.store(docs_seen, Ordering::Relaxed);
    if waited.is_err() {
        stop_now.store(true, Ordering::Relaxed);
    }
    let seen = reading
        .join()
        .map_err(|_| BenchError::Worker("document reader panicked".to_string()))??;
    waited?;

    let sent_at = sent_at.lock().unwrap_or_else(|p| p.into_inner());
    let mut record_ms = Vec::with_capacity(seen.len());
    let mut observed_ms = Vec::with_capacity(seen.len());
    let mut processing_ms = Vec::with_capacity(seen.len());
    for doc in &seen {
        if let Some(&sent_us) = sent_at.get(&(doc.partition, doc.offset)) {
            record_ms.push((doc.timestamp_ms - sent_us / 1000) as f64);
            observed_ms.push((doc.received_us - sent_us) as f64 / 1000.0);
            if let Some(us) = doc.processing_us {
                processing_ms.push(us as f64 / 1000.0);
            }
        }
    }
    Ok(LatencyReport {
        fraction_of_peak: 0.0,
        offered_per_s: rate,
        achieved_per_s: sent as f64 / elapsed.max(1e-9),
        sent,
        documents: record_ms.len() as u64,
        record_ms: Percentiles::of(record_ms),
        observed_ms: Percentiles::of(observed_ms),
        processing_ms: Percentiles::of(processing_ms),
    })
}

struct SeenDocument {
    partition: i32,
    offset: i64,
    timestamp_ms: i64,
    received_us: i64,
    processing_us: Option<u64>,
}

fn read_documents(
    consumer: BaseConsumer,
    input: &str,
    stop_after: &AtomicU64,
    stop_now: &AtomicBool,
) -> Result<Vec<SeenDocument>, BenchError> {
    let mut seen = Vec::new();
    let mut read = 0u64;
    while read < stop_after.load(Ordering::Relaxed) && !stop_now.load(Ordering::Relaxed) {
        let Some(message) = consumer.poll(Duration::from_millis(50)) else {
            continue;
        };
        let message = message.map_err(BenchError::kafka("reading documents"))?;
        let received_us = now_us();
        read += 1;
        let (mut topic, mut partition, mut offset, mut processing_us) = (None, None, None, None);
        if let Some(headers) = message.headers() {
            for header in headers.iter() {
                let value = header.value.and_then(|v| std::str::from_utf8(v).ok());
                match header.key {
                    "khabar.source.topic" => topic = value,
                    "khabar.source.partition" => partition = value.and_then(|v| v.parse().ok()),
                    "khabar.source.offset" => offset = value.and_then(|v| v.parse().ok()),
                    "khabar.timing.total_us" => processing_us = value.and_then(|v| v.parse().ok()),
                    _ => {}
                }
            }
        }
        if let (Some(t), Some(partition), Some(offset), Some(timestamp_ms)) =
            (topic, partition, offset, message.timestamp().to_millis())
        {
            if t == input {
                seen.push(SeenDocument {
                    partition,
                    offset,
                    timestamp_ms,
                    received_us,
                    processing_us,
                });
            }
        }
    }
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::Percentiles;

    #[test]
    fn nearest_rank_percentiles() {
        let sample: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        let p = Percentiles::of(sample);
        assert_eq!((p.p50, p.p95, p.p99, p.max), (50.0, 95.0, 99.0, 100.0));
        let one = Percentiles::of(vec![7.0]);
        assert_eq!((one.p50, one.p99, one.max), (7.0, 7.0, 7.0));
        assert_eq!(Percentiles::of(Vec::new()).max, 0.0);
    }
}
