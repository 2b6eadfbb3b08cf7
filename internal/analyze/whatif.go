package analyze

import (
	"sort"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/report"
)

// Variant is another host configuration every frame is also classified
// for, so the report can show which change stops which drops.
type Variant struct {
	Name        string // short id: stock, ipv6-disabled, no-llc, ...
	Description string
	Host        kernel.Host
}

// DefaultVariants are the common host configurations of the what-if
// table. Each keeps h's kernel, device, MAC, taps, VLAN devices and
// rx_handler and changes only the IPv6 and LLC handlers.
func DefaultVariants(h kernel.Host) []Variant {
	mk := func(name, desc string, ipv6, llc bool) Variant {
		v := h
		v.Handlers = append([]kernel.Handler(nil), h.Handlers...)
		for _, t := range []struct {
			et dissect.EtherType
			on bool
		}{{dissect.EtherTypeIPv6, ipv6}, {dissect.ETHP8022, llc}} {
			if t.on {
				v.AddHandler(t.et)
			} else {
				v.RemoveHandler(t.et)
			}
		}
		v.AddHandler(dissect.EtherTypeIPv4)
		v.AddHandler(dissect.EtherTypeARP)
		return Variant{Name: name, Description: desc, Host: v}
	}
	return []Variant{
		mk("stock", "stock host: ip, arp, ipv6 and llc handlers", true, true),
		mk("ipv6-disabled", "booted with ipv6.disable=1, llc loaded", false, true),
		mk("no-llc", "IPv6 on, llc module not loaded", true, false),
		mk("ipv6-disabled-no-llc", "ipv6.disable=1 and no llc (the incident host)", false, false),
	}
}

type variantAgg struct {
	counted, dropped, nohandler uint64
}

// countVariants counts a frame of r's class that the variants' outcomes
// are outs for.
func (e *engine) countVariants(outs []kernel.Outcome, r *classRow) {
	for i, out := range outs {
		if !out.Counted() {
			continue
		}
		a := &e.variants[i]
		a.counted++
		if out == kernel.RxDropped {
			a.dropped++
		} else {
			a.nohandler++
		}
		r.variants[i]++
	}
}

func (e *engine) whatIf(spanSec float64) []report.WhatIf {
	out := []report.WhatIf{}
	for i, v := range e.o.Variants {
		a := &e.variants[i]
		row := report.WhatIf{Host: v.Name, Description: v.Description, Counted: a.counted, RxDropped: a.dropped,
			RxNoHandler: a.nohandler, TopClasses: []string{}}
		if spanSec > 0 {
			row.PerSecond = round3(float64(a.counted) / spanSec)
		}
		type kv struct {
			c dissect.Class
			n uint64
			s string
		}
		var l []kv
		for _, r := range e.ct.rows {
			if n := r.variants[i]; n > 0 {
				l = append(l, kv{r.class, n, r.class.String()})
			}
		}
		sort.Slice(l, func(i, j int) bool {
			if l[i].n != l[j].n {
				return l[i].n > l[j].n
			}
			return l[i].s < l[j].s
		})
		for j := 0; j < len(l) && j < 3; j++ {
			row.TopClasses = append(row.TopClasses, l[j].s)
		}
		out = append(out, row)
	}
	return out
}
