package kernel_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dropscope/dropscope/dissect/kernel"
)

func FuzzParsePtype(f *testing.F) {
	// The three formats the kernel has printed, and near misses.
	f.Add([]byte("Type Device      Function\nALL  em1      tpacket_rcv\n0800          ip_rcv\n0004          llc_rcv [llc]\n"))
	f.Add([]byte("Type Device      Function\n0800 ip_rcv\n0806 arp_rcv\n"))
	f.Add([]byte("ALL  em1.10   packet_rcv\n86dd     ipv6_rcv\n"))
	f.Add([]byte("0800 dev fn [[x]]\n\n\r\n0x80 ip_rcv\n"))
	f.Add([]byte("Type\n"))
	// Every ptype file of the shared corpus.
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*", "*ptype*"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := kernel.ParsePtype(bytes.NewReader(b))
		if err != nil {
			if len(p.Handlers)+len(p.Taps) != 0 {
				t.Fatalf("error %v with entries %+v", err, p)
			}
			return
		}
		if len(p.Handlers)+len(p.Taps) == 0 {
			t.Fatal("parsed with no entries")
		}
		text := p.String()
		again, err := kernel.ParsePtype(strings.NewReader(text))
		if err != nil {
			t.Fatalf("re-parsing %q: %v", text, err)
		}
		if diff := cmp.Diff(p, again); diff != "" {
			t.Fatalf("re-parsed value differs (-first +second):\n%s\ntext:\n%s", diff, text)
		}
	})
}
