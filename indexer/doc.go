// Package indexer builds the Bleve search index from a corpus: one document
// per commitment merging its translations, per-language analysis (package
// analysis), keyword facet fields, and versions replaced atomically.
package indexer
