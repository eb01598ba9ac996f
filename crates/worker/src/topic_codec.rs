//! A compression codec for one output topic, other than the producer's: librdkafka compresses
//! per topic, with the settings of the topic's handle, but the Rust client creates every handle
//! from the producer's defaults. A handle made here before anything is produced to the topic,
//! and held while the producer runs, is the one librdkafka then uses for it.

use std::ffi::{c_char, CStr, CString};

use rdkafka::bindings as rdsys;
use rdkafka::producer::{FutureProducer, Producer as _};

/// The codecs `compression.codec` takes on a topic in this build (`inherit`: the producer's;
/// zstd is not built in).
pub(crate) const CODECS: &[&str] = &["none", "gzip", "snappy", "lz4", "inherit"];

/// Topic handles with their own codec, held until dropped (before the producer is closed).
pub(crate) struct TopicCodecs {
    handles: Vec<*mut rdsys::rd_kafka_topic_t>,
    /// Keeps the client the handles belong to alive for as long as they are.
    _producer: FutureProducer,
}

// SAFETY: librdkafka's topic handles may be used and destroyed from any thread; the handles
// are only held here and destroyed once, on drop.
unsafe impl Send for TopicCodecs {}
// SAFETY: as above; nothing reads the handles through a shared reference.
unsafe impl Sync for TopicCodecs {}

impl TopicCodecs {
    /// Gives each `(topic, codec)` its codec on `producer`. Must run before the producer first
    /// sends to the topic (a topic's first handle keeps its settings).
    pub(crate) fn new(
        producer: &FutureProducer,
        codecs: &[(&str, &str)],
    ) -> anyhow::Result<TopicCodecs> {
        let mut made = TopicCodecs {
            handles: Vec::with_capacity(codecs.len()),
            _producer: producer.clone(),
        };
        let client = producer.client().native_ptr();
        for (topic, codec) in codecs {
            let name = CString::new(*topic)?;
            let value = CString::new(*codec)?;
            let mut error: [c_char; 512] = [0; 512];
            // SAFETY: `client` is a live producer (held by `made`); the configuration is ours
            // until `rd_kafka_topic_new` takes it, and destroyed by us if it is refused.
            let handle = unsafe {
                let conf = rdsys::rd_kafka_default_topic_conf_dup(client);
                let set = rdsys::rd_kafka_topic_conf_set(
                    conf,
                    c"compression.codec".as_ptr(),
                    value.as_ptr(),
                    error.as_mut_ptr(),
                    error.len(),
                );
                if set != rdsys::rd_kafka_conf_res_t::RD_KAFKA_CONF_OK {
                    rdsys::rd_kafka_topic_conf_destroy(conf);
                    let reason = CStr::from_ptr(error.as_ptr()).to_string_lossy();
                    anyhow::bail!("compression '{codec}' for topic '{topic}': {reason}");
                }
                rdsys::rd_kafka_topic_new(client, name.as_ptr(), conf)
            };
            if handle.is_null() {
                anyhow::bail!("cannot set the compression of topic '{topic}'");
            }
            made.handles.push(handle);
        }
        Ok(made)
    }
}

impl Drop for TopicCodecs {
    fn drop(&mut self) {
        for handle in self.handles.drain(..) {
            // SAFETY: each handle was returned by `rd_kafka_topic_new` and is destroyed once.
            unsafe { rdsys::rd_kafka_topic_destroy(handle) };
        }
    }
}

#[cfg(test)]
mod tests {
    use rdkafka::ClientConfig;

    use super::*;

    fn producer() -> FutureProducer {
        // Creating a producer does not connect: no broker is needed.
        ClientConfig::new()
            .set("bootstrap.servers", "127.0.0.1:1")
            .set("compression.type", "lz4")
            .create()
            .expect("a producer")
    }

    #[test]
    fn every_listed_codec_is_accepted_and_another_is_refused() {
        let producer = producer();
        for (i, codec) in CODECS.iter().enumerate() {
            let topic = format!("topic-{i}");
            assert!(
                TopicCodecs::new(&producer, &[(&topic, codec)]).is_ok(),
                "{codec}"
            );
        }
        let refused = TopicCodecs::new(&producer, &[("other", "brotli")]);
        assert!(refused.is_err_and(|e| e.to_string().contains("brotli")));
    }
}
