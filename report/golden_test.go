package report_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/analyze"
	"github.com/dropscope/dropscope/report"
)

var update = flag.Bool("update", false, "update golden files")

// goldenCases are the reports compared with report/testdata/NAME.FORMAT.golden,
// one sample and format per line.
var goldenCases = []struct{ sample, format string }{
	{"incident-el7.pcapng", "table"},
	{"incident-el7.pcapng", "markdown"},
	{"incident-el7.pcapng", "json"},
	{"incident-el7.pcapng", "html"},
	{"incident-el7.pcap.gz", "table"},
	{"incident-el7.pcap.gz", "markdown"},
	{"incident-el7.pcap.gz", "json"},
	{"incident-el7.pcap.gz", "html"},
	{"mixed-edge.pcap", "table"},
	{"mixed-edge.pcap", "markdown"},
	{"mixed-edge.pcap", "json"},
	{"mixed-edge.pcap", "html"},
	{"mixed-edge.pcap", "jsonl"},
	{"any-sll2.pcap", "table"},
	{"any-sll2.pcap", "markdown"},
	{"any-sll2.pcap", "json"},
	{"any-sll2.pcap", "html"},
	{"any-sll.pcap", "table"},
	{"any-sll.pcap", "markdown"},
	{"any-sll.pcap", "json"},
	{"any-sll.pcap", "html"},
}

const hostSource = "default: the incident host, handlers 0800 ip_rcv and 0806 arp_rcv only (ipv6.disable=1, no llc)"

var (
	summariesMu sync.Mutex
	summaries   = map[string]*report.Summary{}
)

// analyzeSample runs the real pipeline on samples/NAME with the default
// host, as 'dropscope analyze' does. jsonl, when not nil, receives the
// per-frame records.
func analyzeSample(t *testing.T, name string, jsonl *bytes.Buffer) *report.Summary {
	t.Helper()
	summariesMu.Lock()
	defer summariesMu.Unlock()
	if s, ok := summaries[name]; ok && jsonl == nil {
		return s
	}
	path := filepath.Join("..", "samples", name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("sample %s: %v", name, err)
	}
	h := kernel.DefaultHost()
	o := analyze.Options{Host: h, HostSource: hostSource, KernelSource: "default: latest rules", Version: "test",
		Variants: analyze.DefaultVariants(h)}
	if jsonl != nil {
		o.JSONL = jsonl
	}
	s, err := analyze.Run(context.Background(), []string{path}, o)
	if err != nil {
		t.Fatalf("analyze %s: %v", name, err)
	}
	summaries[name] = s
	return s
}

func render(t *testing.T, s *report.Summary, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case "table":
		err = report.WriteTable(&b, s, report.TableOptions{})
	case "markdown":
		err = report.WriteMarkdown(&b, s, report.MarkdownOptions{})
	case "json":
		err = report.WriteJSON(&b, s)
	case "html":
		err = report.WriteHTML(&b, s, report.HTMLOptions{})
	default:
		t.Fatalf("unknown format %q", format)
	}
	if err != nil {
		t.Fatalf("write %s: %v", format, err)
	}
	return b.Bytes()
}

var goldenExt = map[string]string{"table": "txt", "markdown": "md", "json": "json", "html": "html", "jsonl": "jsonl"}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.sample+"/"+tc.format, func(t *testing.T) {
			var got []byte
			if tc.format == "jsonl" {
				var b bytes.Buffer
				analyzeSample(t, tc.sample, &b)
				got = b.Bytes()
			} else {
				got = render(t, analyzeSample(t, tc.sample, nil), tc.format)
			}
			checkFormat(t, tc.format, got)
			golden := filepath.Join("testdata", tc.sample+"."+goldenExt[tc.format]+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./report -update)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs from %s (-want +got):\n%s", tc.format, golden, diff)
			}
		})
	}
}

// TestDeterministic writes every format twice from separate runs.
func TestDeterministic(t *testing.T) {
	const name = "mixed-edge.pcap"
	a := analyzeSample(t, name, nil)
	path := filepath.Join("..", "samples", name)
	h := kernel.DefaultHost()
	b, err := analyze.Run(context.Background(), []string{path}, analyze.Options{Host: h, HostSource: hostSource,
		KernelSource: "default: latest rules", Version: "test", Variants: analyze.DefaultVariants(h)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"table", "markdown", "json", "html"} {
		if x, y := render(t, a, f), render(t, b, f); !bytes.Equal(x, y) {
			t.Errorf("%s: two runs differ", f)
		}
	}
}

// checkFormat applies the checks every output of a format must pass.
func checkFormat(t *testing.T, format string, b []byte) {
	t.Helper()
	switch format {
	case "table":
		for i, l := range strings.Split(string(b), "\n") {
			if w := len([]rune(l)); w > 80 {
				t.Errorf("line %d is %d columns wide: %q", i+1, w, l)
			}
		}
	case "markdown":
		checkMarkdownTables(t, string(b))
	case "html":
		checkHTML(t, b)
	}
}
