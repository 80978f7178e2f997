package httpapi

import "github.com/prometheus/client_golang/prometheus"

// indexCollector exports the state of the search index, read from the
// Searcher at each scrape so a swapped index shows at once: the number of
// documents as a gauge and the version as an info metric (value 1, version
// as a label).
type indexCollector struct {
	searcher Searcher
	docs     *prometheus.Desc
	info     *prometheus.Desc
}

func newIndexCollector(searcher Searcher) *indexCollector {
	return &indexCollector{
		searcher: searcher,
		docs: prometheus.NewDesc(
			prometheus.BuildFQName(metricsNamespace, "index", "documents"),
			"Documents (commitment pages) in the search index being served.", nil, nil),
		info: prometheus.NewDesc(
			prometheus.BuildFQName(metricsNamespace, "index", "info"),
			"The search index being served; the value is always 1.", []string{"version"}, nil),
	}
}

// Describe sends the descriptors of both metrics.
func (c *indexCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.docs
	ch <- c.info
}

// Collect reads the Searcher's statistics once and sends both metrics.
func (c *indexCollector) Collect(ch chan<- prometheus.Metric) {
	docs, version := c.searcher.Stats()
	ch <- prometheus.MustNewConstMetric(c.docs, prometheus.GaugeValue, float64(docs))
	ch <- prometheus.MustNewConstMetric(c.info, prometheus.GaugeValue, 1, version)
}
