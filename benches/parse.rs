//! Parse-and-print cost of a lossless `Document`, beside a bare comrak parse of the
//! same text and the structure pass alone (the line scanner, and the whole-document
//! comrak pass it replaced), on synthetic incident logs of 100, 1,000, 10,000 and 50,000
//! entries; and the edits of `new`, `ack` and `set` beside a parse of the same log.
//!
//! Run with `cargo bench --bench parse -- --warm-up-time 1 --measurement-time 3`; each
//! size is one group, so the ratios to `comrak_parse` are visible side by side.

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_main};
use incident_md::{Document, LineIndex, blocks};

mod synthetic;
use synthetic::{SIZES, incident_log};

fn parse(c: &mut Criterion) {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.tasklist = true;
    for count in SIZES {
        let log = incident_log(count);
        let mut group = c.benchmark_group(format!("parse/{count}_incidents"));
        group.throughput(Throughput::Bytes(log.len() as u64));
        if count >= 10_000 {
            // A 50,000-incident log is 50 MB: few samples keep the run short.
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("comrak_parse", count), &log, |b, log| {
            b.iter(|| {
                let arena = comrak::Arena::new();
                let root = comrak::parse_document(&arena, black_box(log), &options);
                black_box(root.children().count())
            });
        });
        group.bench_with_input(
            BenchmarkId::new("structure_comrak", count),
            &log,
            |b, log| {
                b.iter(|| {
                    let lines = LineIndex::new(black_box(log));
                    black_box(blocks::reference(log, &lines))
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("structure_scan", count), &log, |b, log| {
            b.iter(|| {
                let lines = LineIndex::new(black_box(log));
                black_box(blocks::parse_blocks(log, &lines))
            })
        });
        group.bench_with_input(
            BenchmarkId::new("document_parse_print", count),
            &log,
            |b, log| b.iter(|| black_box(log).parse::<Document>().unwrap().to_string()),
        );
        if count >= 10_000 {
            // The same on every core (`set_read_threads(0)`), with this bench's allocator:
            // the system's.
            group.bench_with_input(
                BenchmarkId::new("document_parse_print_all_cores", count),
                &log,
                |b, log| {
                    incident_md::set_read_threads(0);
                    b.iter(|| black_box(log).parse::<Document>().unwrap().to_string());
                    incident_md::set_read_threads(1);
                },
            );
        }
        group.finish();
    }
}

/// The edits of `new`, `ack` and `set` on the same logs (each from a freshly parsed document,
/// which is not timed), beside a parse of the log: an edit's cost in parses.
fn edits(c: &mut Criterion) {
    let detected = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    let incident =
        incident_core::Incident::new("new outage", incident_core::Severity::High, detected);
    let acked = Utc.with_ymd_and_hms(2026, 1, 2, 3, 30, 0).unwrap();
    for count in [100, 1_000, 10_000] {
        let log = incident_log(count);
        let doc: Document = log.parse().unwrap();
        let first = doc.incidents()[0].id.clone();
        let mut group = c.benchmark_group(format!("edit/{count}_incidents"));
        if count >= 10_000 {
            group.sample_size(10);
        }
        group.bench_function(BenchmarkId::new("document_parse", count), |b| {
            b.iter(|| black_box(log.parse::<Document>().unwrap()))
        });
        group.bench_function(BenchmarkId::new("add_incident", count), |b| {
            b.iter_batched(
                || doc.clone(),
                |mut doc| {
                    doc.add_incident(&incident, &Default::default()).unwrap();
                    doc
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_function(BenchmarkId::new("ack", count), |b| {
            b.iter_batched(
                || doc.clone(),
                |mut doc| {
                    doc.set_acknowledged(&first, acked).unwrap();
                    doc
                },
                BatchSize::LargeInput,
            )
        });
        // `set … Detected` on an entry whose ID is derived: the ID is pinned with the time.
        group.bench_function(BenchmarkId::new("set_detected", count), |b| {
            b.iter_batched(
                || doc.clone(),
                |mut doc| {
                    doc.set_field(
                        &first,
                        incident_md::FieldName::Detected,
                        "2026-01-02T03:05:05Z",
                    )
                    .unwrap();
                    doc
                },
                BatchSize::LargeInput,
            )
        });
        // What `incident ack` runs: the lifecycle step (which keeps a save point of its own).
        group.bench_function(BenchmarkId::new("transition_ack", count), |b| {
            b.iter_batched(
                || doc.clone(),
                |mut doc| {
                    doc.transition(&first, &incident_core::Transition::Acknowledge(acked))
                        .unwrap();
                    doc
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_function(BenchmarkId::new("set_impact", count), |b| {
            b.iter_batched(
                || doc.clone(),
                |mut doc| {
                    doc.set_field(&first, incident_md::FieldName::Impact, "Checkout failed.")
                        .unwrap();
                    doc
                },
                BatchSize::LargeInput,
            )
        });
        group.finish();
    }
}

/// The benchmark group of this file (what `criterion_group!` would generate, with
/// documentation).
fn benches() {
    let mut criterion = Criterion::default().configure_from_args();
    parse(&mut criterion);
    edits(&mut criterion);
}

criterion_main!(benches);
