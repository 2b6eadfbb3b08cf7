package analyze_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/internal/source"
)

// corpusRow is one row of corpus/counts.csv.
type corpusRow map[string]string

func readCounts(t *testing.T) []corpusRow {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus, "counts.csv"))
	if err != nil {
		t.Skipf("shared corpus not available: %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []corpusRow
	for _, r := range recs[1:] {
		row := corpusRow{}
		for i, k := range recs[0] {
			row[k] = r[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// framing counts what counts.csv counts, the way eth_type_trans sees it.
type framing struct {
	frames, ethFrames, ethShort, etherTypeFrames, len8023, raw8023, llc, vlanTagged, qinq int
	etherTypes, dsapSSAP                                                                  map[string]int
}

func countFile(path string) (framing, error) {
	c := framing{etherTypes: map[string]int{}, dsapSSAP: map[string]int{}}
	src, err := source.Open(path)
	if err != nil {
		return c, err
	}
	defer src.Close()
	for {
		fr, err := src.Next()
		if errors.Is(err, io.EOF) {
			return c, nil
		}
		var te *source.TruncatedError
		if errors.As(err, &te) {
			return c, nil
		}
		if err != nil {
			return c, err
		}
		c.frames++
		if fr.LinkType != source.LinkEthernet {
			continue
		}
		eth, err := dissect.ParseEthernet(fr.Data)
		if err != nil {
			c.ethShort++
			continue
		}
		c.ethFrames++
		et := dissect.EtherType(eth.TypeLen)
		if et >= dissect.EtherTypeMin {
			c.etherTypeFrames++
			c.etherTypes[fmt.Sprintf("0x%04x", eth.TypeLen)]++
			if et.IsVLAN() || et == dissect.EtherTypeQinQOld {
				c.vlanTagged++
				if _, inner, _, ok := dissect.ParseVLAN(eth.Payload); ok {
					if it := dissect.EtherType(inner); it.IsVLAN() || it == dissect.EtherTypeQinQOld {
						c.qinq++
					}
				}
			}
			continue
		}
		c.len8023++
		switch dissect.Protocol(eth.TypeLen, eth.Payload) {
		case dissect.ETHP8023:
			c.raw8023++
		default:
			c.llc++
			if len(eth.Payload) < 2 {
				c.dsapSSAP["short"]++
			} else {
				c.dsapSSAP[fmt.Sprintf("%02x/%02x", eth.Payload[0], eth.Payload[1])]++
			}
		}
	}
}

func breakdown(m map[string]int) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, ";")
}

func normalise(s string) string {
	if s == "" {
		return ""
	}
	parts := strings.Split(s, ";")
	sort.Strings(parts)
	return strings.Join(parts, ";")
}

// TestCorpusCounts checks framing against counts.csv for every capture of
// the shared corpus: records read, Ethernet frames, EtherType and 802.3
// breakdowns (eth_type_trans: EtherType, raw 802.3, 802.2 LLC).
func TestCorpusCounts(t *testing.T) {
	for _, row := range readCounts(t) {
		row := row
		t.Run(row["file"], func(t *testing.T) {
			c, err := countFile(filepath.Join(corpus, row["file"]))
			if err != nil {
				if row["frames"] == "0" && row["file_errors"] != "" {
					return // not readable as a capture, and counts.csv agrees nothing was read
				}
				t.Fatalf("read: %v (counts.csv file_errors: %q)", err, row["file_errors"])
			}
			check := func(name string, got int) {
				t.Helper()
				if want := row[name]; fmt.Sprint(got) != want {
					t.Errorf("%s: got %d, counts.csv %s", name, got, want)
				}
			}
			check("frames", c.frames)
			check("eth_frames", c.ethFrames)
			check("eth_short", c.ethShort)
			check("ethertype_frames", c.etherTypeFrames)
			check("len8023_frames", c.len8023)
			check("raw8023_ffff", c.raw8023)
			check("llc_frames", c.llc)
			check("vlan_tagged", c.vlanTagged)
			if got, want := breakdown(c.etherTypes), normalise(row["ethertypes"]); got != want {
				t.Errorf("ethertypes: got %q, counts.csv %q", got, want)
			}
			if got, want := breakdown(c.dsapSSAP), normalise(row["llc_dsap_ssap"]); got != want {
				t.Errorf("llc_dsap_ssap: got %q, counts.csv %q", got, want)
			}
		})
	}
}
