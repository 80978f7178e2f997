// Package benchstat holds what ogpsearch's benchmarks measure alike: the
// corpus size they run on, the text they index, latency percentiles, peak
// memory and index size. Only benchmarks use it.
package benchstat

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Docs is the number of generated commitments the benchmarks run on:
// OGPSEARCH_BENCH_DOCS, default 20,000.
func Docs() int {
	if n, err := strconv.Atoi(os.Getenv("OGPSEARCH_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 20000
}

// Seed is the generator's seed in every benchmark, so all run on the same
// records.
const Seed = 42

// TextBytes is the size of the text an index searches: titles,
// descriptions, IRM summaries, institutions and action plans.
func TextBytes(recs []ogp.Commitment) int64 {
	var n int64
	for _, r := range recs {
		n += int64(len(r.Title) + len(r.Description) + len(r.IRMSummary) + len(r.LeadInstitution) + len(r.SupportInstitutions) + len(r.ActionPlan))
	}
	return n
}

// Percentile is the p-quantile (0 to 1) of d in milliseconds; d is sorted
// in place.
func Percentile(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return float64(d[min(len(d)-1, int(p*float64(len(d))))].Microseconds()) / 1000
}

// ReportLatency reports the p50 and p99 of d, in milliseconds.
func ReportLatency(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	b.ReportMetric(Percentile(d, 0.50), "p50-ms")
	b.ReportMetric(Percentile(d, 0.99), "p99-ms")
}

// PeakHeap samples the Go heap in use until stop is called and returns the
// highest value seen, in bytes.
func PeakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// PeakRSS measures the growth of the process's resident memory until stop
// is called: the peak (Linux VmHWM, reset at the start through
// /proc/self/clear_refs) above the resident size at the start, in bytes. It
// counts what the Go heap does not: memory-mapped segments, C-style
// allocators. stop returns -1 where the kernel does not support it.
func PeakRSS() (stop func() int64) {
	debug.FreeOSMemory()
	base := StatusBytes("self", "VmRSS")
	if base < 0 || os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) != nil {
		return func() int64 { return -1 }
	}
	return func() int64 { return StatusBytes("self", "VmHWM") - base }
}

// StatusBytes reads a "kB" line (VmRSS, VmHWM…) of /proc/PID/status (pid
// "self" for this process), in bytes; -1 when absent.
func StatusBytes(pid, key string) int64 {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, key+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return -1
			}
			return kb << 10
		}
	}
	return -1
}

// DirSize is the total size of the files under dir.
func DirSize(dir string) int64 {
	var n int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}
