# ogpsearch — make targets. `make run` and `make test` work on a fresh clone
# with only Go installed; everything else is fetched or installed here.

GO       ?= go
BIN      := bin/ogpsearch
ADDR     ?= localhost:8080
FUZZTIME ?= 8s
PKGS     := ./...

.PHONY: all build run test test-short fuzz-short fuzz bench lint deps clean

all: build

deps:
	@command -v $(GO) >/dev/null || { echo "Go is required (https://go.dev/dl/)"; exit 1; }
	$(GO) mod download

build: deps
	$(GO) build -o $(BIN) ./cmd/ogpsearch

## run: build and serve the embedded sample corpus at http://$(ADDR)
run: build
	./$(BIN) serve --addr $(ADDR)

## test: vet, the whole test suite with the race detector, and a short fuzz pass
test: deps lint
	$(GO) test -race -count=1 -timeout 8m $(PKGS)
	$(MAKE) --no-print-directory fuzz-short

test-short: deps
	$(GO) test -count=1 -short $(PKGS)

# Each fuzz target runs for FUZZTIME; `make fuzz FUZZTIME=5m` digs deeper.
FUZZ_TARGETS := \
	./scraper/extract:FuzzExtract \
	./internal:FuzzNormalizeText \
	./indexer/analysis:FuzzAnalyzers \
	./scraper:FuzzNormalize

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
## bleve, index builds and searches (p50/p99, 1 and 8 clients) of BENCH_DOCS
## commitments beside plain bleve, suggestions over 100,000 titles.
BENCH_DOCS ?= 20000
bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3s ./scraper/... ./indexer/analysis/
	OGPSEARCH_BENCH_DOCS=$(BENCH_DOCS) $(GO) test -run '^$$' -bench 'Build' -benchtime 1x -timeout 30m ./indexer/
	OGPSEARCH_BENCH_DOCS=$(BENCH_DOCS) $(GO) test -run '^$$' -bench 'Search|Suggest' -benchtime 200x -timeout 30m ./search/

lint: deps
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

clean:
	rm -rf bin
