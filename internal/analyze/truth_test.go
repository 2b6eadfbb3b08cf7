package analyze_test

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/source"
)

// corpus is the shared capture corpus, used in place.
var corpus = filepath.Join("..", "..", "..", "shared", "corpus")

type truthRow struct {
	frame   int
	counted bool
	ok      bool
	note    string
	l2      string
}

func readTruth(t *testing.T, name string) []truthRow {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus, "kernel-truth", name))
	if err != nil {
		t.Skipf("kernel truth not available: %v", err)
	}
	defer f.Close()
	var rows []truthRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if c[0] == "frame" {
			continue
		}
		n, _ := strconv.Atoi(c[0])
		d, _ := strconv.Atoi(c[2])
		nh, _ := strconv.Atoi(c[3])
		rows = append(rows, truthRow{frame: n, counted: d+nh > 0, ok: c[5] == "ok", l2: c[6], note: c[7]})
	}
	return rows
}

func loadPtypeHost(t *testing.T, name, release string) kernel.Host {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus, "kernel-truth", name))
	if err != nil {
		t.Skipf("kernel truth not available: %v", err)
	}
	defer f.Close()
	p, err := kernel.ParsePtype(f)
	if err != nil {
		t.Fatal(err)
	}
	k, err := kernel.ParseKernel(release)
	if err != nil {
		t.Fatal(err)
	}
	return kernel.Host{Kernel: k, Handlers: p.Handlers, Taps: p.Taps}
}

// TestKernelTruth checks the model, frame by frame, against what two real
// kernels counted for 2,127 corpus frames (kernel-truth/README.md).
func TestKernelTruth(t *testing.T) {
	for _, tc := range []struct {
		tsv, ptype, release string
		wantCounted         int
	}{
		{"linux-6.18-stock.tsv", "linux-6.18-stock.ptype", "6.18.44", 625},
		{"linux-6.1-ipv6-disabled-no-llc.tsv", "linux-6.1-ipv6-disabled-no-llc.ptype", "6.1.0-56-amd64", 1164},
	} {
		t.Run(tc.tsv, func(t *testing.T) {
			rows := readTruth(t, tc.tsv)
			host := loadPtypeHost(t, tc.ptype, tc.release)
			src, err := source.Open(filepath.Join(corpus, "kernel-truth", "corpus-eth.pcap"))
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			var predicted, checked, mismatches int
			for i := 0; ; i++ {
				fr, err := src.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("frame %d: %v", i+1, err)
				}
				row := rows[i]
				if !row.ok {
					continue
				}
				eth, err := dissect.ParseEthernet(fr.Data)
				if err != nil {
					t.Fatalf("frame %d: received by the kernel but shorter than a header", row.frame)
				}
				// The replay sent the captured bytes, so the wire length is the captured length.
				v := kernel.Classify(&host, kernel.Input{Eth: eth, WireLen: len(fr.Data)})
				checked++
				if v.Outcome.Counted() {
					predicted++
				}
				if v.Outcome.Counted() != row.counted {
					mismatches++
					if mismatches <= 20 {
						t.Errorf("frame %d (%s): kernel counted=%v, model %v proto %v tags %d", row.frame, row.l2, row.counted, v.Outcome, v.Protocol, v.Tags)
					}
				}
			}
			if mismatches > 0 {
				t.Errorf("%d of %d frames disagree", mismatches, checked)
			}
			if predicted != tc.wantCounted {
				t.Errorf("predicted %d counted frames, kernel counted %d", predicted, tc.wantCounted)
			}
			t.Logf("%d frames checked, %d counted, all agree=%v", checked, predicted, mismatches == 0)
		})
	}
}
