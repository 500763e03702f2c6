//! The `incident` command (in progress).

fn main() {}
