//! Lossless INCIDENTS.md document (in progress).
