# ogpsearch — make targets. `make run` and `make test` work on a fresh clone
# with only Go installed; everything else is fetched or installed here.

GO       ?= go
BIN      := bin/ogpsearch
ADDR     ?= localhost:8080
FUZZTIME ?= 8s
PKGS     := ./...

.PHONY: all build run test test-short browser test-long fuzz-short fuzz bench cover lint deps clean

all: build

deps:
	@command -v $(GO) >/dev/null || { echo "Go is required (https://go.dev/dl/)"; exit 1; }
	$(GO) mod download

build: deps
	$(GO) build -o $(BIN) ./cmd/ogpsearch

## run: build and serve the embedded sample corpus at http://$(ADDR)
run: build
	./$(BIN) serve --addr $(ADDR)

## test: vet, the whole test suite with the race detector (browser tests
## included, with axe-core's checks: they fail rather than skip), and a
## short fuzz pass
test: deps lint browser
	OGPSEARCH_BROWSER_TESTS=require OGPSEARCH_AXE=$(abspath $(AXE)) $(GO) test -race -count=1 -timeout 8m $(PKGS)
	$(MAKE) --no-print-directory fuzz-short

test-short: deps
	$(GO) test -count=1 -short $(PKGS)

## browser: installs Chromium from the distribution for the page's browser
## tests, when it is missing, with a Korean font so that the screenshots
## show Hangul, and axe-core (from npm) for their accessibility checks
AXE_VERSION := 4.14.1
AXE         := bin/axe-core-$(AXE_VERSION)/axe.min.js
browser: $(AXE)
	@command -v chromium >/dev/null || { \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq chromium fonts-nanum; }

$(AXE):
	@command -v npm >/dev/null || { echo "npm is required for axe-core (apt-get install npm)"; exit 1; }
	mkdir -p $(dir $(AXE))
	cd $(dir $(AXE)) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && \
		tar -xzf axe-core-$(AXE_VERSION).tgz --strip-components=1 package/axe.min.js && rm -f axe-core-$(AXE_VERSION).tgz

## test-long: the reliability tests in their long variants (40 indexer
## kills, 5,000 idle connections), then each fuzz target for a minute
test-long: deps
	OGPSEARCH_LONG=1 $(GO) test -count=1 -timeout 30m -run 'TestIndex(KilledMidBuild|DiskFull|DirtyCorpus)|TestServeBrokenIndex' ./cmd/ogpsearch/
	OGPSEARCH_LONG=1 $(GO) test -count=1 -timeout 10m -run 'TestHugeRequests|TestSearch(ConcurrencyCap|QueueWaits)|TestMany' ./search/httpapi/
	OGPSEARCH_LONG=1 $(GO) test -count=1 -timeout 10m -run 'TestCrawl(ResourceTraps|MemberCalendarBudget)' ./scraper/
	$(MAKE) --no-print-directory fuzz-short FUZZTIME=1m

# Each fuzz target runs for FUZZTIME; `make fuzz FUZZTIME=5m` digs deeper.
FUZZ_TARGETS := \
	./scraper/extract:FuzzExtract \
	./internal/ogp:FuzzNormalizeText \
	./indexer/analysis:FuzzAnalyzers \
	./scraper:FuzzNormalize \
	./scraper:FuzzRobotsMatch \
	./search:FuzzParseQuery \
	./search:FuzzParseRequest

fuzz-short:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	done

fuzz:
	$(MAKE) --no-print-directory fuzz-short FUZZTIME=2m

## bench: benchmarks with figures, each next to its baseline: extraction
## (pages/s, MB/s) beside goquery's parse alone, analyzers beside stock
## bleve, index builds (docs/s, MB/s, peak memory, size) and searches
## (p50/p99 and throughput, 1 and 8 clients) of BENCH_DOCS generated
## commitments beside plain bleve and SQLite FTS5 (the benchmark-only module
## indexer/fts5bench), suggestions over 100,000 titles, and the real server
## under 16 connections for 60 s beside stock bleve behind net/http. The output goes to
## BENCH_LOG and, formatted, to BENCH_OUT (docs/benchmarks.md).
## The build benchmarks leave their indexes in BENCH_DIR for the search
## benchmarks, so each index is built once; it is removed at the end.
BENCH_DOCS ?= 100000
BENCH_LOG  ?= bin/bench.log
BENCH_OUT  ?= docs/benchmarks.md
BENCH_DIR  ?= $(or $(TMPDIR),/tmp)/ogpsearch-bench
LOAD_SECONDS ?= 60
BENCH_ENV   = OGPSEARCH_BENCH_DOCS=$(BENCH_DOCS) OGPSEARCH_BENCH_DIR=$(abspath $(BENCH_DIR)) OGPSEARCH_LOAD_SECONDS=$(LOAD_SECONDS)
bench: deps
	@mkdir -p $(dir $(BENCH_LOG)) && rm -f $(BENCH_LOG) && rm -rf $(BENCH_DIR)
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3s ./scraper/... ./indexer/analysis/ 2>&1 | tee -a $(BENCH_LOG)
	$(BENCH_ENV) $(GO) test -run '^$$' -bench 'Build' -benchtime 1x -timeout 30m ./indexer/ 2>&1 | tee -a $(BENCH_LOG)
	$(BENCH_ENV) $(GO) test -run '^$$' -bench 'Search|Suggest|PrefixWays' -benchtime 200x -timeout 30m ./search/ 2>&1 | tee -a $(BENCH_LOG)
	cd indexer/fts5bench && $(BENCH_ENV) $(GO) test -run '^$$' -bench 'BuildFTS5' -benchtime 1x -timeout 30m . 2>&1 | tee -a $(abspath $(BENCH_LOG))
	cd indexer/fts5bench && $(BENCH_ENV) $(GO) test -run '^$$' -bench 'Search' -benchtime 200x -timeout 30m . 2>&1 | tee -a $(abspath $(BENCH_LOG))
	$(BENCH_ENV) $(GO) test -run '^$$' -bench 'ServeLoad|ServeStorm|ServeKorean' -benchtime 1x -timeout 30m ./cmd/ogpsearch/ 2>&1 | tee -a $(BENCH_LOG)
	rm -rf $(BENCH_DIR)
	cd indexer/fts5bench && $(GO) run ./report -log $(abspath $(BENCH_LOG)) -docs $(BENCH_DOCS) -out $(abspath $(BENCH_OUT))
	@! grep -q '^FAIL' $(BENCH_LOG) || { echo "bench: some benchmarks failed, see $(BENCH_LOG)"; exit 1; }

## cover: the coverage of the command, whose tests run the real binary:
## built with -cover, each run writes its coverage to bin/cover
cover: deps
	rm -rf bin/cover && mkdir -p bin/cover
	GOCOVERDIR=$(abspath bin/cover) $(GO) test -count=1 -timeout 10m ./cmd/ogpsearch/
	$(GO) tool covdata percent -i bin/cover

lint: deps
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

clean:
	rm -rf bin
