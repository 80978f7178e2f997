// Package fts5bench is the SQLite FTS5 baseline of ogpsearch's benchmarks:
// the generated commitments of internal/sample in an FTS5 table (pure-Go
// driver modernc.org/sqlite), built and queried as a team would without
// ogpsearch. It is a module of its own so the product never depends on
// SQLite; only `make bench` runs it.
package fts5bench
