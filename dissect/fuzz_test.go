package dissect_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/internal/source"
)

// seedFrames returns up to perFile distinct records of every capture in
// samples/ and the shared corpus, read in place.
func seedFrames(tb testing.TB, perFile int) [][]byte {
	tb.Helper()
	seen := map[string]bool{}
	var out [][]byte
	for _, dir := range []string{filepath.Join("..", "samples"), filepath.Join("..", "..", "shared", "corpus")} {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			src, err := source.Open(path)
			if err != nil {
				return nil
			}
			defer src.Close()
			for n := 0; n < perFile; {
				fr, err := src.Next()
				if err != nil {
					if !errors.Is(err, io.EOF) {
						tb.Logf("%s: %v", path, err)
					}
					break
				}
				if !seen[string(fr.Data)] {
					seen[string(fr.Data)] = true
					out = append(out, append([]byte(nil), fr.Data...))
					n++
				}
			}
			return nil
		})
	}
	return out
}

// checkClass: every class prints as a non-empty id, and kinds stay in the
// declared range.
func checkClass(t *testing.T, c dissect.Class) {
	t.Helper()
	if c.Kind > dissect.ClassVLANTruncated {
		t.Fatalf("class kind %d out of range", c.Kind)
	}
	if c.String() == "" {
		t.Fatalf("class %+v prints as empty", c)
	}
	if c.Kind != dissect.ClassSNAP && c.OUI != 0 {
		t.Fatalf("OUI set on a %v class", c)
	}
}

func FuzzClassify(f *testing.F) {
	// DHCPv6 solicit over IPv6/UDP, an RST BPDU, a truncated VLAN tag.
	f.Add([]byte{
		0x33, 0x33, 0, 1, 0, 2, 2, 0, 0, 0, 0, 0x0a, 0x86, 0xdd, // Ethernet
		0x60, 0, 0, 0, 0, 12, 17, 1, // IPv6: payload length 12, UDP
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // source
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // destination
		2, 0x22, 2, 0x23, 0, 12, 0, 0, // UDP 546 -> 547
		1, 0, 0, 0, // DHCPv6 solicit
	})
	f.Add([]byte{1, 0x80, 0xc2, 0, 0, 0, 2, 0, 0, 0, 0, 0x0a, 0, 39, 0x42, 0x42, 3, 0, 0, 2, 2})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 2, 0, 0, 0, 0, 0x0a, 0x81, 0, 0})
	for _, b := range seedFrames(f, 32) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if e, err := dissect.ParseEthernet(b); err == nil {
			c := dissect.Classify(e)
			checkClass(t, c)
			if again := dissect.Classify(e); again != c {
				t.Fatalf("second Classify differs: %v then %v", c, again)
			}
			if len(e.Payload) != len(b)-dissect.EthernetHeaderLen {
				t.Fatalf("payload %d bytes of a %d-byte frame", len(e.Payload), len(b))
			}
		} else if !errors.Is(err, dissect.ErrShort) || len(b) >= dissect.EthernetHeaderLen {
			t.Fatalf("ParseEthernet(%d bytes): %v", len(b), err)
		}
		for _, parse := range []func([]byte) (dissect.Cooked, error){dissect.ParseSLL, dissect.ParseSLL2} {
			if c, err := parse(b); err == nil {
				checkClass(t, dissect.ClassifyCooked(c))
			}
		}
		if len(b) >= 2 {
			checkClass(t, dissect.ClassifyPayload(dissect.EtherType(uint16(b[0])<<8|uint16(b[1])), b[2:]))
		}
	})
}
