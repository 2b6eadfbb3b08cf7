package report

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"
)

// MergedReport is one report a merged summary combines.
type MergedReport struct {
	Report   string   `json:"report"`   // the name the report was read from
	Host     Host     `json:"host"`     // its host model
	Inputs   []string `json:"inputs"`   // its capture names
	Analysed uint64   `json:"analysed"` // its received frames given a verdict
	Counted  uint64   `json:"counted"`  // its rx_dropped + rx_nohandler
	Headline string   `json:"headline"`
}

// NamedSummary is a summary with the name it was read from.
type NamedSummary struct {
	Name    string
	Summary *Summary
}

// ErrSchemaVersion is returned by Merge for reports of another
// schema_version than this program writes.
var ErrSchemaVersion = errors.New("report: incompatible schema_version")

// Merge combines reports from several hosts or captures into one: inputs
// are concatenated, counters, classes, drops, senders, what-if rows,
// remedies and timelines are summed, and Hosts lists every report. Rates
// are recomputed over the span from the earliest to the latest frame. A
// merged report given again is taken apart into its hosts.
func Merge(in []NamedSummary) (*Summary, error) {
	if len(in) == 0 {
		return nil, errors.New("report: merge: no report")
	}
	for _, r := range in {
		if r.Summary == nil {
			return nil, fmt.Errorf("report: merge %s: empty report", r.Name)
		}
		if r.Summary.SchemaVersion != SchemaVersion {
			return nil, fmt.Errorf("%w: %s has %d, this program reads %d",
				ErrSchemaVersion, r.Name, r.Summary.SchemaVersion, SchemaVersion)
		}
	}
	m := &Summary{SchemaVersion: SchemaVersion, Tool: in[0].Summary.Tool, Inputs: []Input{},
		Drops: []Drop{}, Classes: []ClassRow{}, Senders: []Sender{}, WhatIf: []WhatIf{}, Remedies: []Remedy{},
		Caveats: []string{}, Warnings: []string{}, Hosts: []MergedReport{}}
	m.Totals.ByLinkType = map[string]uint64{}

	var (
		drops    = map[[4]string]*Drop{}
		classes  = map[string]*ClassRow{}
		senders  = map[string]*Sender{}
		whatIf   = map[string]*WhatIf{}
		whatTop  = map[string]map[string]int{}
		remedies = map[string]*Remedy{}
		cells    []TimelineCell
		width    int64 = 1
	)
	for _, r := range in {
		s := r.Summary
		m.Inputs = append(m.Inputs, s.Inputs...)
		if len(s.Hosts) > 0 {
			m.Hosts = append(m.Hosts, s.Hosts...)
		} else {
			mr := MergedReport{Report: r.Name, Host: s.Host, Inputs: []string{}, Analysed: s.Totals.Analysed,
				Counted: s.Totals.Counted, Headline: s.Headline}
			for _, x := range s.Inputs {
				mr.Inputs = append(mr.Inputs, x.Name)
			}
			m.Hosts = append(m.Hosts, mr)
		}
		addTotals(&m.Totals, &s.Totals)
		for _, d := range s.Drops {
			k := [4]string{d.Class, d.Counter, d.SkbProtocol, d.Reason}
			x := drops[k]
			if x == nil {
				c := d
				drops[k] = &c
				continue
			}
			x.Frames += d.Frames
			x.First, x.Last = minTime(x.First, d.First), maxTime(x.Last, d.Last)
		}
		for _, c := range s.Classes {
			x := classes[c.Class]
			if x == nil {
				x = &ClassRow{Class: c.Class}
				classes[c.Class] = x
			}
			x.Frames += c.Frames
			x.Delivered += c.Delivered
			x.RxDropped += c.RxDropped
			x.RxNoHandler += c.RxNoHandler
			x.Freed += c.Freed
		}
		for _, sd := range s.Senders {
			x := senders[sd.MAC]
			if x == nil {
				c := sd
				c.VLANs = append([]uint16{}, sd.VLANs...)
				c.Classes = append([]string{}, sd.Classes...)
				c.Identity = append([]string{}, sd.Identity...)
				senders[sd.MAC] = &c
				continue
			}
			x.Frames += sd.Frames
			x.First, x.Last = minTime(x.First, sd.First), maxTime(x.Last, sd.Last)
			for _, v := range sd.VLANs {
				if !containsVLAN(x.VLANs, v) {
					x.VLANs = append(x.VLANs, v)
				}
			}
			for _, c := range sd.Classes {
				if !contains(x.Classes, c) {
					x.Classes = append(x.Classes, c)
				}
			}
			for _, id := range sd.Identity {
				if !contains(x.Identity, id) {
					x.Identity = append(x.Identity, id)
				}
			}
			if x.Vendor == "" {
				x.Vendor = sd.Vendor
			}
		}
		m.SendersOther += s.SendersOther
		m.Dissected += s.Dissected
		for _, w := range s.WhatIf {
			x := whatIf[w.Host]
			if x == nil {
				x = &WhatIf{Host: w.Host, Description: w.Description}
				whatIf[w.Host] = x
				whatTop[w.Host] = map[string]int{}
				m.WhatIf = append(m.WhatIf, WhatIf{Host: w.Host})
			}
			x.Counted += w.Counted
			x.RxDropped += w.RxDropped
			x.RxNoHandler += w.RxNoHandler
			for i, c := range w.TopClasses {
				whatTop[w.Host][c] += 3 - i
			}
		}
		for _, rm := range s.Remedies {
			x := remedies[rm.Action]
			if x == nil {
				x = &Remedy{Action: rm.Action, Classes: []string{}}
				remedies[rm.Action] = x
				m.Remedies = append(m.Remedies, Remedy{Action: rm.Action})
			}
			x.Frames += rm.Frames
			for _, c := range rm.Classes {
				if !contains(x.Classes, c) {
					x.Classes = append(x.Classes, c)
				}
			}
		}
		for _, c := range s.Caveats {
			if !contains(m.Caveats, c) {
				m.Caveats = append(m.Caveats, c)
			}
		}
		for _, w := range s.Warnings {
			m.Warnings = append(m.Warnings, r.Name+": "+w)
		}
		if s.Timeline != nil {
			cells = append(cells, s.Timeline.Cells()...)
			width = lcm(width, s.Timeline.BucketSeconds)
		}
	}

	t := &m.Totals
	t.SpanSeconds, t.CountedPerSecond = 0, 0
	if t.First != nil && t.Last != nil {
		t.SpanSeconds = t.Last.Sub(*t.First).Seconds()
	}
	perSecond := func(n uint64) float64 {
		if t.SpanSeconds <= 0 {
			return 0
		}
		return float64(int64(float64(n)/t.SpanSeconds*1000+0.5)) / 1000
	}
	if t.SpanSeconds > 0 {
		t.CountedPerSecond = float64(t.Counted) / t.SpanSeconds
	}

	for _, x := range senders {
		sort.Slice(x.VLANs, func(i, j int) bool { return x.VLANs[i] < x.VLANs[j] })
		sort.Strings(x.Classes)
		if i := indexOf(x.Classes, "..."); i >= 0 {
			x.Classes = append(append(x.Classes[:i:i], x.Classes[i+1:]...), "...")
		}
		x.PerSecond = perSecond(x.Frames)
		m.Senders = append(m.Senders, *x)
	}
	sort.Slice(m.Senders, func(i, j int) bool {
		a, b := m.Senders[i], m.Senders[j]
		if a.Frames != b.Frames {
			return a.Frames > b.Frames
		}
		return a.MAC < b.MAC
	})
	for _, d := range drops {
		if t.Counted > 0 {
			d.SharePercent = float64(int64(1000*float64(d.Frames)/float64(t.Counted)+0.5)) / 10
		}
		d.PerSecond = perSecond(d.Frames)
		d.Senders = 0
		for _, sd := range senders {
			if contains(sd.Classes, d.Class) {
				d.Senders++
			}
		}
		m.Drops = append(m.Drops, *d)
	}
	sort.Slice(m.Drops, func(i, j int) bool {
		a, b := m.Drops[i], m.Drops[j]
		if a.Frames != b.Frames {
			return a.Frames > b.Frames
		}
		if a.Class != b.Class {
			return a.Class < b.Class
		}
		if a.SkbProtocol != b.SkbProtocol {
			return a.SkbProtocol < b.SkbProtocol
		}
		if a.Counter != b.Counter {
			return a.Counter < b.Counter
		}
		return a.Reason < b.Reason
	})
	for _, c := range classes {
		m.Classes = append(m.Classes, *c)
	}
	sort.Slice(m.Classes, func(i, j int) bool {
		a, b := m.Classes[i], m.Classes[j]
		if a.Frames != b.Frames {
			return a.Frames > b.Frames
		}
		return a.Class < b.Class
	})
	for i := range m.WhatIf {
		x := whatIf[m.WhatIf[i].Host]
		x.PerSecond = perSecond(x.Counted)
		x.TopClasses = topByScore(whatTop[x.Host], 3)
		m.WhatIf[i] = *x
	}
	for i := range m.Remedies {
		m.Remedies[i] = *remedies[m.Remedies[i].Action]
	}
	sort.SliceStable(m.Remedies, func(i, j int) bool { return m.Remedies[i].Frames > m.Remedies[j].Frames })
	m.Timeline = BuildTimeline(width, cells)
	m.Host = mergedHost(m.Hosts)
	m.Headline = mergedHeadline(m)
	return m, nil
}

func addTotals(a, b *Totals) {
	a.Frames += b.Frames
	a.Analysed += b.Analysed
	a.Outgoing += b.Outgoing
	a.UnsupportedLink += b.UnsupportedLink
	a.Runts += b.Runts
	for k, v := range b.ByLinkType {
		a.ByLinkType[k] += v
	}
	a.Delivered += b.Delivered
	a.DeliveredToTap += b.DeliveredToTap
	a.RxDropped += b.RxDropped
	a.RxNoHandler += b.RxNoHandler
	a.Freed += b.Freed
	a.Counted += b.Counted
	a.Truncated += b.Truncated
	a.Uncertain += b.Uncertain
	if b.First != nil && (a.First == nil || b.First.Before(*a.First)) {
		f := *b.First
		a.First = &f
	}
	if b.Last != nil && (a.Last == nil || b.Last.After(*a.Last)) {
		l := *b.Last
		a.Last = &l
	}
}

// mergedHost is the common host model, or a placeholder pointing at Hosts
// when the reports were made for different models.
func mergedHost(hs []MergedReport) Host {
	same := true
	model := func(h Host) Host {
		h.MACHint = ""
		return h
	}
	for _, h := range hs[1:] {
		if !reflect.DeepEqual(model(h.Host), model(hs[0].Host)) {
			same = false
			break
		}
	}
	if same {
		return model(hs[0].Host)
	}
	return Host{Kernel: "several", KernelSource: "merged", MACSource: "merged", RxHandler: "several",
		Source:   fmt.Sprintf("%d host models; see hosts", len(hs)),
		Handlers: []HandlerRow{}, Taps: []TapRow{}, VLANs: []VLANRow{}, Missing: []string{}}
}

func mergedHeadline(m *Summary) string {
	t := &m.Totals
	var b strings.Builder
	fmt.Fprintf(&b, "Across %d reports: ", len(m.Hosts))
	if t.Analysed == 0 {
		b.WriteString("no received Ethernet frame was found.")
		return b.String()
	}
	fmt.Fprintf(&b, "%d of %d received frames (%.1f%%) would be counted (%d in rx_dropped, %d in rx_nohandler)",
		t.Counted, t.Analysed, 100*float64(t.Counted)/float64(t.Analysed), t.RxDropped, t.RxNoHandler)
	if len(m.Drops) > 0 {
		d := m.Drops[0]
		fmt.Fprintf(&b, "; top cause: %s (skb->protocol %s, %.1f%%)", d.Class, d.SkbProtocol, d.SharePercent)
	}
	b.WriteString(".")
	return b.String()
}

func topByScore(score map[string]int, n int) []string {
	l := make([]string, 0, len(score))
	for c := range score {
		l = append(l, c)
	}
	sort.Slice(l, func(i, j int) bool {
		if score[l[i]] != score[l[j]] {
			return score[l[i]] > score[l[j]]
		}
		return l[i] < l[j]
	})
	if len(l) > n {
		l = l[:n]
	}
	return l
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func containsVLAN(l []uint16, v uint16) bool {
	for _, x := range l {
		if x == v {
			return true
		}
	}
	return false
}

func indexOf(l []string, s string) int {
	for i, x := range l {
		if x == s {
			return i
		}
	}
	return -1
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func lcm(a, b int64) int64 {
	if a <= 0 || b <= 0 {
		return max(a, b, 1)
	}
	return a / gcd(a, b) * b
}
