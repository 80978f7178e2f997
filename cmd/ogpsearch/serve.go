package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/ogpsearch/ogpsearch/internal"
	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/search"
)

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "serve [--addr HOST:PORT] [--corpus PATH]",
		"Serves the web page and the HTTP API. Without --corpus it serves the sample corpus\n"+
			"embedded in the binary. Stops gracefully on Ctrl-C or SIGTERM.",
		"  ogpsearch serve --addr localhost:8080\n  curl 'http://localhost:8080/api/v1/commitments/KR0018?lang=fr'")
	addr := fs.String("addr", envOr("OGPSEARCH_ADDR", "localhost:8080"), "address to listen on (env OGPSEARCH_ADDR)")
	corpus := fs.String("corpus", envOr("OGPSEARCH_CORPUS", ""), "a corpus directory or .jsonl file to serve instead of the sample (env OGPSEARCH_CORPUS)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	recs, err := loadCorpus(*corpus, log)
	if err != nil {
		return err
	}
	srv := search.NewServer(search.NewStore(recs), log)
	if err := srv.Open(*addr); err != nil {
		return err
	}
	log.Info("serving", "url", "http://"+srv.Addr(), "commitments", search.NewStore(recs).Len())
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Close(shutdown)
}

// loadCorpus reads a corpus file or directory, or the embedded sample.
func loadCorpus(path string, log *slog.Logger) ([]internal.Commitment, error) {
	var data []byte
	var err error
	switch {
	case path == "":
		data = sample.Corpus()
	default:
		if st, serr := os.Stat(path); serr == nil && st.IsDir() {
			path = filepath.Join(path, "commitments.jsonl")
		}
		data, err = os.ReadFile(path)
		if err != nil {
			return nil, err
		}
	}
	recs, bad, err := internal.ReadCorpus(bytes.NewReader(data))
	for _, b := range bad {
		log.Warn("corpus line skipped", "line", b.Line, "reason", b.Reason)
	}
	return recs, err
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
