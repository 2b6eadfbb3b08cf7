package samplegen_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/samplegen"
)

// TestMixedEdgeREADME checks the frame-by-frame table of samples/README.md
// against the kernel model: the verdict the README promises for each case
// on the default host, for 6.18 and for el7 rules.
func TestMixedEdgeREADME(t *testing.T) {
	f, err := os.Open("../../samples/README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	frames := samplegen.MixedEdge()
	hosts := [2]kernel.Host{kernel.DefaultHost(), kernel.DefaultHost()}
	el7, err := kernel.ParseKernel("3.10.0-514.16.1.el7.x86_64")
	if err != nil {
		t.Fatal(err)
	}
	hosts[1].Kernel = el7
	for i := range hosts {
		hosts[i].MAC, hosts[i].MACKnown = dissect.MAC(samplegen.MixedHostMAC), true
	}
	rows := 0
	sc := bufio.NewScanner(f)
	inTable := false
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "| frames | case |") {
			inTable = true
			continue
		}
		if !inTable || strings.HasPrefix(line, "|---") {
			continue
		}
		if !strings.HasPrefix(line, "| ") {
			if rows > 0 {
				break
			}
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) < 7 {
			t.Fatalf("row %q has %d cells", line, len(cells))
		}
		lo, hi := frameRange(t, strings.TrimSpace(cells[1]))
		for k, col := range []string{cells[5], cells[6]} {
			want := firstVerdict(col)
			if want == "" {
				t.Fatalf("row %q: no verdict in %q", line, col)
			}
			for n := lo; n <= hi; n++ {
				p := frames[n-1]
				eth, err := dissect.ParseEthernet(p.Data)
				if err != nil {
					t.Fatal(err)
				}
				v := kernel.Classify(&hosts[k], kernel.Input{Eth: eth, WireLen: p.OrigLen})
				if got := v.Outcome.String(); got != want {
					t.Errorf("frame %d (%s), %s: README says %s, the model %s", n, p.Note, hosts[k].Kernel, want, got)
				}
			}
		}
		rows++
	}
	if rows < 40 {
		t.Fatalf("only %d table rows read", rows)
	}
}

func frameRange(t *testing.T, s string) (int, int) {
	t.Helper()
	a, b, ok := strings.Cut(s, "-")
	lo, err := strconv.Atoi(a)
	if err != nil {
		t.Fatalf("frames %q", s)
	}
	if !ok {
		return lo, lo
	}
	hi, err := strconv.Atoi(b)
	if err != nil {
		t.Fatalf("frames %q", s)
	}
	return lo, hi
}

// firstVerdict is the first of rx_dropped, delivered, freed in s.
func firstVerdict(s string) string {
	best, at := "", len(s)+1
	for _, w := range []string{"rx_dropped", "delivered", "freed"} {
		if i := strings.Index(s, w); i >= 0 && i < at {
			best, at = w, i
		}
	}
	return best
}
