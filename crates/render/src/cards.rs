//! Event cards: a predicted event with every field of its record, or a gold event with the
//! fields the gold annotates. Cards are left-to-right (their labels are English); every value
//! taken from an article is isolated with `<bdi>` so Arabic and Latin text each keep their
//! direction.
//! (`write!` into a `String` cannot fail, hence the ignored results.)

use std::fmt::Write;

use khabar_schema::{Actor, EventRecord, Geo, GeoPrecision, Modality, Polarity};

use crate::cameo;
use khabar_schema::gold::{GoldEventSpans, Span};

use crate::gold::Status;
use crate::html::escape;
use crate::text::{slice, Chars};

/// The card of predicted event `event`, keyed `key` (the trigger mark carries the same key).
pub(crate) fn predicted(event: &EventRecord, key: &str, status: Option<Status>) -> String {
    let mut out = open(key, &event.event_type, status);
    let _ = write!(out, r#" data-event-id="{}">"#, escape(&event.event_id));
    head(
        &mut out,
        &event.event_type,
        event.mode.as_deref(),
        Some(&event.cameo),
        status,
    );
    let actor = |actor: &Option<Actor>| match actor {
        Some(a) => {
            let code = a
                .code
                .as_deref()
                .map(|c| format!(r#" <code class="actor-code">{}</code>"#, escape(c)));
            format!("{}{}", isolate(&a.mention.text), code.unwrap_or_default())
        }
        None => "—".to_string(),
    };
    let _ = write!(
        out,
        r#"<div class="actors"><span class="actor source">{}</span> → <span class="actor target">{}</span></div><dl>"#,
        actor(&event.source),
        actor(&event.target)
    );
    field(&mut out, "trigger", &isolate(&event.trigger.text));
    let location = event.location.as_ref().map(|l| {
        // The place's GeoNames name and point show on hover.
        let hover = l
            .geo
            .as_ref()
            .map(|g| format!(r#" title="{}""#, escape(&place(g))));
        let link = l.link.as_deref().map(|k| {
            format!(
                " <small{}>{}</small>",
                hover.as_deref().unwrap_or_default(),
                escape(k)
            )
        });
        format!("{}{}", isolate(&l.text), link.unwrap_or_default())
    });
    field(&mut out, "location", location.as_deref().unwrap_or("—"));
    let date = event.date.as_ref().map(|d| {
        format!(
            "{} <small>from «{}»</small>",
            escape(&d.value),
            isolate(&d.anchor.text)
        )
    });
    field(&mut out, "date", date.as_deref().unwrap_or("—"));
    let polarity = match event.polarity {
        Polarity::Positive => "positive",
        Polarity::Negative => "negative",
    };
    let modality = match event.modality {
        Modality::Asserted => "asserted",
        Modality::Future => "future",
        Modality::Hypothetical => "hypothetical",
    };
    field(&mut out, "polarity", polarity);
    field(&mut out, "modality", modality);
    field(&mut out, "confidence", &format!("{:.2}", event.confidence));
    out.push_str("</dl></div>");
    out
}

/// A place in words, for hover titles: `Baghdad (IQ) 33.34058, 44.40088`, a country's point
/// marked as its capital's, a division's as its largest city's.
pub(crate) fn place(geo: &Geo) -> String {
    let country = geo.country.as_deref().unwrap_or("-");
    let point = match geo.precision {
        GeoPrecision::Place => "",
        GeoPrecision::Country => " (capital)",
        GeoPrecision::Admin1 => " (largest city)",
    };
    format!(
        "{} ({country}) {:.5}, {:.5}{point}",
        geo.name_en, geo.lat, geo.lon
    )
}

/// The card of gold event `event`, its spans read from the gold characters `chars`.
pub(crate) fn gold(event: &GoldEventSpans, chars: &Chars, key: &str, status: Status) -> String {
    let mut out = open(key, &event.event_type, Some(status));
    out.push('>');
    head(
        &mut out,
        &event.event_type,
        None,
        event.cameo.as_deref(),
        Some(status),
    );
    let text = |span: Option<Span>| match span {
        Some((start, end)) => isolate(&slice(chars, start, end)),
        None => "—".to_string(),
    };
    let _ = write!(
        out,
        r#"<div class="actors"><span class="actor source">{}</span> → <span class="actor target">{}</span></div><dl>"#,
        text(event.source),
        text(event.target)
    );
    field(&mut out, "trigger", &text(Some(event.trigger)));
    field(&mut out, "location", &text(event.location));
    let date = event.date.as_deref().map(escape);
    field(&mut out, "date", date.as_deref().unwrap_or("—"));
    out.push_str("</dl></div>");
    out
}

/// The opening `<div` of a card, without its closing `>`.
fn open(key: &str, event_type: &str, status: Option<Status>) -> String {
    let class = status.map_or("", Status::class);
    format!(
        r#"<div class="card {class}" dir="ltr" data-event="{}" data-type="{}""#,
        escape(key),
        escape(event_type)
    )
}

/// Type, mode, CAMEO code with its label, and the comparison status.
fn head(
    out: &mut String,
    event_type: &str,
    mode: Option<&str>,
    cameo: Option<&str>,
    status: Option<Status>,
) {
    let _ = write!(
        out,
        r#"<div class="card-head"><span class="etype">{}</span>"#,
        escape(event_type)
    );
    if let Some(mode) = mode {
        let _ = write!(out, r#" <span class="mode">{}</span>"#, escape(mode));
    }
    if let Some(code) = cameo {
        let label = cameo::label(code)
            .map(|l| format!(" {l}"))
            .unwrap_or_default();
        let _ = write!(
            out,
            r#" <span class="cameo" title="CAMEO code">{}{}</span>"#,
            escape(code),
            escape(&label)
        );
    }
    if let Some(status) = status {
        let _ = write!(out, r#" <span class="status">{}</span>"#, status.words());
    }
    out.push_str("</div>");
}

/// One `<dt>`/`<dd>` pair; `html` is already escaped.
fn field(out: &mut String, name: &str, html: &str) {
    let _ = write!(out, "<dt>{name}</dt><dd>{html}</dd>");
}

/// Text from an article, escaped and isolated in its own direction.
pub(crate) fn isolate(text: &str) -> String {
    format!(r#"<bdi dir="auto">{}</bdi>"#, escape(text))
}
