package main

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/benchstat"
	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
)

// BenchmarkServeKorean measures what Korean costs the server: its resident
// memory without the index files (RssAnon: heap and stacks) after a few
// searches, on the embedded sample corpus without its pages that have
// Hangul (no-korean), and on the whole sample (korean), whose Korean text
// makes the server load the Korean dictionary as it opens the index,
// before it listens. first-ms is the first Korean search, sent as soon as
// the server listens; later-ms one sent after it.
func BenchmarkServeKorean(b *testing.B) {
	dir := b.TempDir()
	var withoutKorean []byte
	for line := range bytes.Lines(samplecorpus.JSONL()) {
		if !bytes.ContainsFunc(line, func(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }) {
			withoutKorean = append(withoutKorean, line...)
		}
	}
	corpora := map[string][]byte{"no-korean": withoutKorean, "korean": samplecorpus.JSONL()}
	for name, data := range corpora {
		corpus := filepath.Join(dir, name+".jsonl")
		if err := os.WriteFile(corpus, data, 0o644); err != nil {
			b.Fatal(err)
		}
		if out, err := exec.Command(binary, "index", "--corpus", corpus, "--index", filepath.Join(dir, name)).CombinedOutput(); err != nil {
			b.Fatalf("index %s: %v\n%s", name, err, out)
		}
	}
	english := []string{"open data", "budget transparency", "participation", "access to information"}
	for _, row := range []string{"no-korean", "korean"} {
		b.Run("ogpsearch/"+row, func(b *testing.B) {
			cmd := exec.Command(binary, "serve", "--addr", "127.0.0.1:0", "--index", filepath.Join(dir, row))
			base := startServer(b, cmd)
			if row == "korean" {
				b.ReportMetric(ms(timedSearch(b, base, "공공데이터를 개방했다")), "first-ms")
				b.ReportMetric(ms(timedSearch(b, base, "정보공개 청구")), "later-ms")
			}
			for _, q := range english {
				timedSearch(b, base, q)
			}
			time.Sleep(time.Second) // the collector's turn
			pid := strconv.Itoa(cmd.Process.Pid)
			b.ReportMetric(float64(benchstat.StatusBytes(pid, "RssAnon"))/(1<<20), "anon-rss-MB")
		})
	}
}

// timedSearch asks the server one search and returns how long it took.
func timedSearch(b *testing.B, base, q string) time.Duration {
	start := time.Now()
	resp, err := http.Get(base + "/api/v1/search?q=" + url.QueryEscape(q))
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: status %d", q, resp.StatusCode)
	}
	return time.Since(start)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
