// Command report turns the log of `make bench` into docs/benchmarks.md:
// the machine and date, then each figure beside its baselines (plain
// bleve, SQLite FTS5, goquery, stock analyzers) from the same run, with
// the ratio.
//
//	go run ./report -log bench.log -docs 100000 -out ../../docs/benchmarks.md
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

func main() {
	logPath := flag.String("log", "bench.log", "output of the benchmarks")
	out := flag.String("out", "docs/benchmarks.md", "file to write")
	docs := flag.Int("docs", 0, "commitments in the generated corpus of the build and search benchmarks")
	flag.Parse()
	if err := run(*logPath, *out, *docs); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run(logPath, out string, docs int) error {
	f, err := os.Open(logPath)
	if err != nil {
		return err
	}
	defer f.Close()
	l, err := Parse(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", logPath, err)
	}
	if len(l.Results) == 0 {
		return fmt.Errorf("%s holds no benchmark results", logPath)
	}
	var b bytes.Buffer
	Render(&b, l, Machine(l.CPU), docs, time.Now().UTC())
	return os.WriteFile(out, b.Bytes(), 0o644)
}

// MachineInfo describes where the benchmarks ran.
type MachineInfo struct {
	CPU       string
	Cores     int
	MemoryGB  float64
	GoVersion string
	Load      string // load averages when the report was written
}

// Machine reads the machine's description from /proc, falling back on the
// cpu: line of the benchmark output.
func Machine(cpuFromLog string) MachineInfo {
	m := MachineInfo{CPU: cpuFromLog, Cores: runtime.NumCPU(), GoVersion: runtime.Version()}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
				m.MemoryGB = kb / (1 << 20)
			}
		}
	}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(data)); len(f) >= 3 {
			m.Load = strings.Join(f[:3], " ")
		}
	}
	return m
}
