//! Peak heap of a `Document` parse and of the edits of `new` and `ack`, as multiples of the
//! input, on the synthetic logs of `benches/parse.rs` (issue 12: parsing at most 3 times the
//! input, `new` at most 4 times).
//!
//! Run with `cargo bench --bench heap`. Not a criterion bench: the figures are counts of bytes,
//! the same on every run, kept by an allocator wrapper that records the most bytes live at once.
//! Each figure is the peak above what was live when the measured step began, so it includes the
//! document's own copy of the text (the input itself is not counted) and the parsed document
//! that the step leaves alive.

use std::alloc::System;
use std::hint::black_box;

use chrono::{TimeZone, Utc};
use incident_md::{AddOptions, Document, LineIndex, blocks};
use peakmem_alloc::{INSTRUMENTED_SYSTEM, PeakMemAlloc, PeakMemAllocTrait};

mod synthetic;
use synthetic::{SIZES, incident_log};

#[global_allocator]
static HEAP: &PeakMemAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The most bytes live at once while `step` runs (and holds its result), above those live
/// before it.
fn peak<T>(step: impl FnOnce() -> T) -> usize {
    HEAP.reset_peak_memory();
    let kept = black_box(step());
    let peak = HEAP.get_peak_memory();
    drop(kept);
    peak
}

fn main() {
    let detected = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    let incident =
        incident_core::Incident::new("new outage", incident_core::Severity::High, detected);
    let acked = Utc.with_ymd_and_hms(2026, 1, 2, 3, 30, 0).unwrap();
    println!(
        "| incidents | input | parse | parse + add_incident | parse + set_acknowledged | parse + transition (ack) | document held | of which line index | blocks |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for count in SIZES {
        let log = incident_log(count);
        let first = log.parse::<Document>().unwrap().incidents()[0].id.clone();
        let parse = peak(|| log.parse::<Document>().unwrap());
        let add = peak(|| {
            let mut doc: Document = log.parse().unwrap();
            doc.add_incident(&incident, &AddOptions::default()).unwrap();
            doc
        });
        let ack = peak(|| {
            let mut doc: Document = log.parse().unwrap();
            doc.set_acknowledged(&first, acked).unwrap();
            doc
        });
        // What `incident ack` does: the lifecycle step, which also checks the timeline.
        let step = incident_core::Transition::Acknowledge(acked);
        let transition = peak(|| {
            let mut doc: Document = log.parse().unwrap();
            doc.transition(&first, &step).unwrap();
            doc
        });
        // What a parsed document holds once parsing is over: a clone allocates just that.
        let doc: Document = log.parse().unwrap();
        let held = peak(|| doc.clone());
        // The structure's share of it; the rest, beyond the text itself, is the typed view.
        let lines = peak(|| LineIndex::new(&log));
        let index = LineIndex::new(&log);
        let structure = peak(|| blocks::parse_blocks(&log, &index));
        let times = |bytes: usize| bytes as f64 / log.len() as f64;
        println!(
            "| {count} | {} | {:.2}× | {:.2}× | {:.2}× | {:.2}× | {:.2}× | {:.2}× | {:.2}× |",
            size(log.len()),
            times(parse),
            times(add),
            times(ack),
            times(transition),
            times(held),
            times(lines),
            times(structure),
        );
    }
}

/// A size in bytes as KB or MB (decimal, as the README's tables give them).
fn size(bytes: usize) -> String {
    if bytes < 1_000_000 {
        format!("{:.0} KB", bytes as f64 / 1e3)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}
