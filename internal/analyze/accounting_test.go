package analyze_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/analyze"
	"github.com/dropscope/dropscope/report"
)

// accountingHosts are the host models every capture is analysed for: the
// default (incident) host, a stock host, and a bond slave with exact-match
// delivery and a known MAC, which produces rx_nohandler and outgoing
// frames.
func accountingHosts() map[string]kernel.Host {
	stock := kernel.DefaultHost()
	stock.AddHandler(dissect.EtherTypeIPv6)
	stock.AddHandler(dissect.ETHP8022)
	exact := kernel.DefaultHost()
	exact.RxHandler = kernel.RxHandlerExact
	exact.MAC, exact.MACKnown = dissect.MAC{0x00, 0x0c, 0x29, 0x00, 0x00, 0x01}, true
	exact.Taps = []kernel.Tap{{Func: "tpacket_rcv"}}
	exact.VLANs = []kernel.VLANDevice{{Name: "dev.10", TPID: dissect.EtherTypeVLAN, VID: 10}}
	return map[string]kernel.Host{"default": kernel.DefaultHost(), "stock": stock, "exact": exact}
}

// checkAccounting asserts that no frame read is lost from the totals or
// counted twice.
func checkAccounting(t *testing.T, s *report.Summary) {
	t.Helper()
	tt := s.Totals
	verdicts := tt.Delivered + tt.RxDropped + tt.RxNoHandler + tt.Freed
	if tt.Analysed != verdicts {
		t.Errorf("analysed %d != delivered+rx_dropped+rx_nohandler+freed %d", tt.Analysed, verdicts)
	}
	if got := verdicts + tt.Outgoing + tt.UnsupportedLink + tt.Runts; got != tt.Frames {
		t.Errorf("frames %d != verdicts %d + outgoing %d + unsupported link %d + runts %d", tt.Frames, verdicts, tt.Outgoing, tt.UnsupportedLink, tt.Runts)
	}
	if tt.Counted != tt.RxDropped+tt.RxNoHandler {
		t.Errorf("counted %d != rx_dropped %d + rx_nohandler %d", tt.Counted, tt.RxDropped, tt.RxNoHandler)
	}
	var classes, perOutcome [4]uint64
	for _, c := range s.Classes {
		if c.Frames != c.Delivered+c.RxDropped+c.RxNoHandler+c.Freed {
			t.Errorf("class %s: frames %d != sum of its verdicts", c.Class, c.Frames)
		}
		classes[0] += c.Frames
		perOutcome[0] += c.Delivered
		perOutcome[1] += c.RxDropped
		perOutcome[2] += c.RxNoHandler
		perOutcome[3] += c.Freed
	}
	if classes[0] != tt.Analysed {
		t.Errorf("sum over classes %d != analysed %d", classes[0], tt.Analysed)
	}
	if want := [4]uint64{tt.Delivered, tt.RxDropped, tt.RxNoHandler, tt.Freed}; perOutcome != want {
		t.Errorf("class columns %v != totals %v", perOutcome, want)
	}
	var drops, senders, inputs, links uint64
	for _, d := range s.Drops {
		drops += d.Frames
	}
	for _, x := range s.Senders {
		senders += x.Frames
	}
	for _, in := range s.Inputs {
		inputs += in.Frames
	}
	for _, n := range tt.ByLinkType {
		links += n
	}
	if drops != tt.Counted {
		t.Errorf("sum over drop rows %d != counted %d", drops, tt.Counted)
	}
	if senders+s.SendersOther != tt.Counted {
		t.Errorf("senders %d + other %d != counted %d", senders, s.SendersOther, tt.Counted)
	}
	if inputs != tt.Frames || links != tt.Frames {
		t.Errorf("frames %d: inputs say %d, link types %d", tt.Frames, inputs, links)
	}
	if tt.Truncated > tt.Frames || tt.Uncertain > tt.Analysed || tt.DeliveredToTap > tt.Delivered {
		t.Errorf("truncated %d, uncertain %d, to tap %d out of range", tt.Truncated, tt.Uncertain, tt.DeliveredToTap)
	}
	for _, w := range s.WhatIf {
		if w.Counted != w.RxDropped+w.RxNoHandler || w.Counted > tt.Analysed {
			t.Errorf("what-if %s: counted %d, rx_dropped %d, rx_nohandler %d, of %d analysed", w.Host, w.Counted, w.RxDropped, w.RxNoHandler, tt.Analysed)
		}
	}
	for _, w := range s.Warnings {
		if strings.Contains(w, "internal error") {
			t.Errorf("a frame panicked: %s", w)
		}
	}
}

// TestAccounting analyses every capture of samples/ and of the shared
// corpus for several hosts and checks that frames read = sum over verdicts
// (+ outgoing + unsupported link + runts) = sum over classes.
func TestAccounting(t *testing.T) {
	var files []string
	for _, dir := range []string{filepath.Join("..", "..", "samples"), corpus} {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, path)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Skip("no captures")
	}
	hosts := accountingHosts()
	captures := 0
	for _, name := range files {
		for hn, h := range hosts {
			s, err := analyze.Run(context.Background(), []string{name}, analyze.Options{Host: h, Variants: analyze.DefaultVariants(h)})
			var ie *analyze.InputError
			if errors.As(err, &ie) {
				break // not a capture: errors_test and corpus_test cover it
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if hn == "default" {
				captures++
				// The incident variant is the default host itself.
				for _, w := range s.WhatIf {
					if w.Host == "ipv6-disabled-no-llc" && w.Counted != s.Totals.Counted {
						t.Errorf("%s: what-if %s counts %d, the report %d", name, w.Host, w.Counted, s.Totals.Counted)
					}
				}
			}
			t.Run(filepath.Base(name)+"/"+hn, func(t *testing.T) { checkAccounting(t, s) })
		}
	}
	t.Logf("%d captures", captures)
}

// TestTimestampOutOfRange is the regression row for
// pcapplusplus/pcapng-example.pcapng, whose second interface's frames
// carry timestamps in the year 586524: the JSON report failed with
// "Time.MarshalJSON: year outside of range [0,9999]" and nothing was
// written. Such frames are timed at the nearer representable limit and
// named in a warning.
func TestTimestampOutOfRange(t *testing.T) {
	shb := le.AppendUint32(nil, 0x1a2b3c4d) // byte-order magic
	shb = le.AppendUint16(shb, 1)           // version 1.0
	shb = le.AppendUint16(shb, 0)
	shb = le.AppendUint64(shb, ^uint64(0)) // section length unknown
	b := ngBlock(nil, 0x0a0d0d0a, shb)
	idb := le.AppendUint16(nil, 1)   // Ethernet
	idb = le.AppendUint16(idb, 0)    // reserved
	idb = le.AppendUint32(idb, 0)    // snaplen
	idb = le.AppendUint16(idb, 9)    // if_tsresol
	idb = le.AppendUint16(idb, 1)    // 1 byte
	idb = append(idb, 0x80, 0, 0, 0) // 2^-0: seconds
	idb = le.AppendUint32(idb, 0)    // opt_endofopt
	b = ngBlock(b, 1, idb)
	for _, high := range []uint32{0, 0x1000} { // 1970, then 2^44 s: year 557,000
		epb := le.AppendUint32(nil, 0)   // interface 0
		epb = le.AppendUint32(epb, high) // timestamp high
		epb = le.AppendUint32(epb, 0)    // timestamp low
		epb = le.AppendUint32(epb, uint32(len(arpBcast)))
		epb = le.AppendUint32(epb, uint32(len(arpBcast)))
		b = ngBlock(b, 6, append(epb, arpBcast...))
	}
	s, err := runBytes(t, "x.pcapng", b)
	if err != nil {
		t.Fatal(err)
	}
	checkAccounting(t, s)
	if err := report.WriteJSON(io.Discard, s); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "1 frames have timestamps outside the years 1678 to 2262") {
		t.Errorf("warnings %q", s.Warnings)
	}
	if s.Totals.Frames != 2 || s.Totals.Delivered != 2 {
		t.Errorf("frames %d delivered %d, want 2 and 2", s.Totals.Frames, s.Totals.Delivered)
	}
}
