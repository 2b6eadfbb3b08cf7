package report_test

import (
	"errors"
	"testing"

	"github.com/dropscope/dropscope/report"
)

func TestMerge(t *testing.T) {
	a := analyzeSample(t, "incident-el7.pcapng", nil)
	b := analyzeSample(t, "any-sll2.pcap", nil)
	m, err := report.Merge([]report.NamedSummary{{Name: "a.json", Summary: a}, {Name: "b.json", Summary: b}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.Totals.Counted, a.Totals.Counted+b.Totals.Counted; got != want {
		t.Errorf("counted %d, want %d", got, want)
	}
	if got, want := len(m.Inputs), len(a.Inputs)+len(b.Inputs); got != want {
		t.Errorf("%d inputs, want %d", got, want)
	}
	if len(m.Hosts) != 2 || m.Hosts[0].Report != "a.json" || m.Hosts[1].Counted != b.Totals.Counted {
		t.Errorf("hosts %+v", m.Hosts)
	}
	var drops, senders, timeline uint64
	for _, d := range m.Drops {
		drops += d.Frames
	}
	for _, s := range m.Senders {
		senders += s.Frames
	}
	for _, bk := range m.Timeline.Buckets {
		timeline += bk.Counted
	}
	if drops != m.Totals.Counted || senders+m.SendersOther != m.Totals.Counted || timeline != m.Totals.Counted {
		t.Errorf("drops %d, senders %d+%d, timeline %d; counted %d", drops, senders, m.SendersOther, timeline, m.Totals.Counted)
	}
	for i, w := range m.WhatIf {
		if want := a.WhatIf[i].Counted + b.WhatIf[i].Counted; w.Counted != want {
			t.Errorf("what-if %s: %d, want %d", w.Host, w.Counted, want)
		}
	}
	for _, f := range []string{"table", "markdown", "json", "html"} {
		checkFormat(t, f, render(t, m, f))
	}

	// Merging a merged report again takes it apart into its hosts.
	mm, err := report.Merge([]report.NamedSummary{{Name: "m.json", Summary: m}, {Name: "a.json", Summary: a}})
	if err != nil {
		t.Fatal(err)
	}
	if len(mm.Hosts) != 3 || mm.Totals.Counted != m.Totals.Counted+a.Totals.Counted {
		t.Errorf("re-merge: %d hosts, counted %d", len(mm.Hosts), mm.Totals.Counted)
	}
}

func TestMergeSchemaVersion(t *testing.T) {
	a := &report.Summary{SchemaVersion: report.SchemaVersion}
	b := &report.Summary{SchemaVersion: report.SchemaVersion + 1}
	_, err := report.Merge([]report.NamedSummary{{Name: "a", Summary: a}, {Name: "b", Summary: b}})
	if !errors.Is(err, report.ErrSchemaVersion) {
		t.Errorf("err = %v, want ErrSchemaVersion", err)
	}
	if _, err := report.Merge(nil); err == nil {
		t.Errorf("merging nothing: no error")
	}
}
