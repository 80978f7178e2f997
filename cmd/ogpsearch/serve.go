package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
	"github.com/ogpsearch/ogpsearch/search"
	"github.com/ogpsearch/ogpsearch/search/httpapi"
	"github.com/ogpsearch/ogpsearch/search/web"
)

// The engine serves the API's changes, histories and feeds.
var _ httpapi.ChangeSearcher = (*search.Engine)(nil)

// version is set at build time (-ldflags "-X main.version=…").
var version = "dev"

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "serve [--index DIR] [--addr HOST:PORT]",
		"Serves the search page and the HTTP API. Without --index it serves the sample corpus\n"+
			"embedded in the binary. A new index version written into DIR by `ogpsearch index`\n"+
			"is picked up without a restart. Stops gracefully on Ctrl-C or SIGTERM: requests in\n"+
			"flight finish.",
		"  ogpsearch serve --addr localhost:8080\n"+
			"  ogpsearch serve --index data/index --addr :8080 --cors https://app.example.org\n"+
			"  curl 'http://localhost:8080/api/v1/search?q=transparence&lang=fr'")
	addr := fs.String("addr", envOr(envAddr, defaultAddr), "address to listen on (env "+envAddr+")")
	dir := fs.String("index", envOr(envIndex, ""), "the index directory to serve (env "+envIndex+"); none: the embedded sample")
	cors := fs.String("cors", envOr(envCORS, ""), "comma-separated origins allowed to call the API from a browser (env "+envCORS+")")
	reload := fs.Duration("reload-every", defaultReloadEvery, "how often to look for a new index version")
	if err := parseCommand(fs, args, nil, 0); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	if *dir == "" {
		tmp, err := sampleIndex(ctx)
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*dir = filepath.Join(tmp, "index")
	}
	// A server may start before the first index is built: it then
	// answers 503 until one is written, and picks it up.
	engine, err := search.OpenEngineWaiting(*dir, log)
	if err != nil {
		return err
	}
	defer engine.Close()
	srv := httpapi.New(engine, httpapi.Config{
		Addr: *addr, CORSOrigins: splitList(*cors), ParseRequest: search.ParseRequest,
		Page: web.Handler(engine, search.ParseRequest, log), Build: httpapi.BuildInfo{Version: version},
	}, log)
	if err := srv.Open(); err != nil {
		return err
	}
	docs, v := engine.Stats()
	if v == "" {
		log.Warn("serving with no index yet: searches answer 503 until `ogpsearch index` writes one", "url", "http://"+srv.Addr(), "index", *dir)
	} else {
		log.Info("serving", "url", "http://"+srv.Addr(), "commitments", docs, "index_version", v)
	}
	engine.Watch(ctx, *reload, log)
	shutdown, cancel := context.WithTimeout(context.Background(), defaultShutdownGrace)
	defer cancel()
	return srv.Close(shutdown)
}

// sampleIndex indexes the embedded sample corpus into a temporary
// directory and returns it.
func sampleIndex(ctx context.Context) (string, error) {
	tmp, err := os.MkdirTemp("", "ogpsearch-sample")
	if err != nil {
		return "", err
	}
	corpus := filepath.Join(tmp, "commitments.jsonl")
	if err := os.WriteFile(corpus, samplecorpus.JSONL(), 0o644); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if _, err := indexer.Build(ctx, corpus, filepath.Join(tmp, "index"), indexer.Options{}); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("index the sample corpus: %w", err)
	}
	return tmp, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
