package main

import (
	"time"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/scraper"
	"github.com/ogpsearch/ogpsearch/search/httpapi"
)

// The defaults of every command, in one place. Flags show them in --help;
// the crawler's come from package scraper, which applies the same ones to
// programs that use it directly.
const (
	// serve
	defaultAddr          = httpapi.DefaultAddr
	defaultReloadEvery   = 2 * time.Second
	defaultShutdownGrace = 10 * time.Second

	// crawl
	defaultDelay       = scraper.DefaultDelay
	defaultConcurrency = scraper.DefaultConcurrency
	defaultUserAgent   = scraper.DefaultUserAgent
	defaultMaxBody     = scraper.DefaultMaxBodyBytes
	defaultTimeout     = scraper.DefaultTimeout
	defaultSaveEvery   = scraper.DefaultSaveEvery

	// index and reindex
	defaultBatch   = indexer.DefaultBatchSize
	buildGCPercent = 300 // the garbage collector's target during a build

	// import
	defaultImportLang = "en"

	// progress: a line redrawn this often on a terminal, else plain lines
	// this often
	redrawEvery   = 200 * time.Millisecond
	progressEvery = 2 * time.Second
)

// Environment variables the server reads; flags win over them.
const (
	envAddr  = "OGPSEARCH_ADDR"
	envIndex = "OGPSEARCH_INDEX"
	envCORS  = "OGPSEARCH_CORS_ORIGINS"
)
