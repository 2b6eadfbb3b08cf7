package report

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"
)

// HTMLOptions tune the HTML report.
type HTMLOptions struct {
	// TopSenders bounds the bars of the sender chart (0: 10).
	TopSenders int
}

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"n":    n,
	"pct":  pct,
	"rate": rate,
	"dash": dash,
	"join": classList,
	"time": func(t time.Time) string { return t.UTC().Format(timeLayout) },
}).Parse(htmlSource))

// WriteHTML writes the summary as one self-contained HTML5 page: inline
// CSS, inline SVG charts (a timeline of counted frames by class and the
// top senders), no scripts and no external references, so it works
// offline and prints.
func WriteHTML(w io.Writer, s *Summary, o HTMLOptions) error {
	if o.TopSenders <= 0 {
		o.TopSenders = 10
	}
	ew := &errWriter{w: w}
	for _, section := range []func(*Summary, HTMLOptions) (string, any){
		htmlHead,
		htmlInputs,
		htmlHost,
		htmlDrops,
		htmlTimeline,
		htmlSenders,
		htmlViews,
		htmlClasses,
		htmlWhatIf,
		htmlRemedies,
		htmlCaveats,
		htmlWarnings,
		htmlFoot,
	} {
		name, data := section(s, o)
		if name == "" {
			continue
		}
		if err := htmlTemplate.ExecuteTemplate(ew, name, data); err != nil {
			return err
		}
	}
	return ew.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	var k int
	k, e.err = e.w.Write(b)
	return k, e.err
}

func htmlHead(s *Summary, _ HTMLOptions) (string, any) {
	return "head", struct {
		S        *Summary
		Overview string
	}{s, overview(s)}
}

func htmlFoot(s *Summary, _ HTMLOptions) (string, any) { return "foot", s }

func htmlInputs(s *Summary, _ HTMLOptions) (string, any) {
	type row struct {
		inputView
		Truncated   bool
		TruncatedAt int64
	}
	var rows []row
	for _, in := range s.Inputs {
		rows = append(rows, row{inputRow(in), in.Truncated, in.TruncatedAt})
	}
	return "inputs", rows
}

func htmlHost(s *Summary, _ HTMLOptions) (string, any) {
	type host struct {
		MergedReport
		Handlers string
	}
	var hs []host
	for _, h := range s.Hosts {
		hs = append(hs, host{h, handlerList(&h.Host)})
	}
	return "host", struct {
		Facts []hostFact
		Hosts []host
	}{hostFacts(&s.Host), hs}
}

func htmlDrops(s *Summary, _ HTMLOptions) (string, any) { return "drops", s.Drops }

func htmlSenders(s *Summary, o HTMLOptions) (string, any) {
	return "senders", struct {
		S     *Summary
		Chart *barChart
	}{s, sendersChart(s, o.TopSenders)}
}

func htmlClasses(s *Summary, _ HTMLOptions) (string, any) { return "classes", s.Classes }

func htmlWhatIf(s *Summary, _ HTMLOptions) (string, any) {
	if len(s.WhatIf) == 0 {
		return "", nil
	}
	return "whatif", whatIfRows(s)
}

func htmlRemedies(s *Summary, _ HTMLOptions) (string, any) {
	if len(s.Remedies) == 0 {
		return "", nil
	}
	return "remedies", s.Remedies
}

func htmlCaveats(s *Summary, _ HTMLOptions) (string, any) {
	if len(s.Caveats) == 0 {
		return "", nil
	}
	return "caveats", s.Caveats
}

func htmlWarnings(s *Summary, _ HTMLOptions) (string, any) {
	if len(s.Warnings) == 0 {
		return "", nil
	}
	return "warnings", s.Warnings
}

// palette colours the timeline series; the last is for "other".
var palette = []string{"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00"}

const otherColour = "#9a9a9a"

func seriesColour(i int, name string) string {
	if name == TimelineOther {
		return otherColour
	}
	return palette[i%len(palette)]
}

// svg geometry, in viewBox units.
type svgRect struct {
	X, Y, W, H, Fill, Title string
}

type svgTick struct {
	X, Y, Label string
}

type legendItem struct {
	Colour, Name, Frames string
}

type timelineChart struct {
	W, H, X0, X1, Y0, Y1 string
	TickY, LabelY        string
	Bars                 []svgRect
	YTicks, XTicks       []svgTick
	Legend               []legendItem
	Caption, Label       string
}

const (
	tlW, tlH           = 1000, 300
	tlX0, tlX1         = 64, 990
	tlY0, tlY1         = 12, 262
	tlLabelY           = 282
	sendersLabelW      = 330
	sendersBarX1       = 900
	sendersRowH        = 24
	sendersW, sendersT = 1000, 8
)

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func htmlTimeline(s *Summary, _ HTMLOptions) (string, any) {
	tl := s.Timeline
	if tl == nil || len(tl.Buckets) == 0 {
		return "", nil
	}
	peak, at := timelinePeak(tl)
	step := niceStep((peak + 3) / 4)
	top := (peak + step - 1) / step * step
	if top == 0 {
		top = step
	}
	c := &timelineChart{W: strconv.Itoa(tlW), H: strconv.Itoa(tlH), X0: strconv.Itoa(tlX0), X1: strconv.Itoa(tlX1),
		Y0: strconv.Itoa(tlY0), Y1: strconv.Itoa(tlY1), TickY: strconv.Itoa(tlY1 + 5), LabelY: strconv.Itoa(tlLabelY)}
	width := WidthText(tl.BucketSeconds)
	c.Caption = "Counted frames per " + width + " (UTC), by class; peak " + n(peak) + " at " + at.Format(timeLayout) + "."
	c.Label = "Timeline of counted frames per " + width + ", stacked by class"
	for v := uint64(0); v <= top; v += step {
		y := tlY1 - float64(v)/float64(top)*(tlY1-tlY0)
		c.YTicks = append(c.YTicks, svgTick{Y: f1(y), Label: n(v)})
	}
	nb := len(tl.Buckets)
	bw := float64(tlX1-tlX0) / float64(nb)
	gap := 0.0
	if bw > 4 {
		gap = bw * 0.15
	}
	totals := make([]uint64, len(tl.Classes))
	for i, b := range tl.Buckets {
		x := tlX0 + float64(i)*bw
		base := 0.0
		for j, k := range b.Counts {
			totals[j] += k
			if k == 0 {
				continue
			}
			h := float64(k) / float64(top) * (tlY1 - tlY0)
			c.Bars = append(c.Bars, svgRect{X: f1(x + gap/2), Y: f1(tlY1 - base - h), W: f1(bw - gap), H: f1(h),
				Fill: seriesColour(j, tl.Classes[j]), Title: b.Start.Format(timeLayout) + " " + tl.Classes[j] + ": " + n(k)})
			base += h
		}
	}
	every := (nb + 7) / 8
	layout := tickLayout(tl)
	for i := 0; i < nb; i += every {
		c.XTicks = append(c.XTicks, svgTick{X: f1(tlX0 + float64(i)*bw), Label: tl.Buckets[i].Start.Format(layout)})
	}
	for j, name := range tl.Classes {
		c.Legend = append(c.Legend, legendItem{Colour: seriesColour(j, name), Name: name, Frames: n(totals[j])})
	}
	return "timeline", c
}

func tickLayout(tl *Timeline) string {
	end := tl.Buckets[len(tl.Buckets)-1].Start
	switch {
	case tl.BucketSeconds >= 86400:
		return "2006-01-02"
	case end.Sub(tl.Start) >= 24*time.Hour || tl.Start.YearDay() != end.YearDay():
		return "01-02 15:04"
	case tl.BucketSeconds >= 60:
		return "15:04"
	}
	return "15:04:05"
}

// niceStep is the smallest 1, 2 or 5 times a power of ten at least v.
func niceStep(v uint64) uint64 {
	if v == 0 {
		return 1
	}
	for p := uint64(1); ; p *= 10 {
		for _, m := range []uint64{1, 2, 5} {
			if m*p >= v {
				return m * p
			}
		}
		if p > 1e17 {
			return v
		}
	}
}

type barChart struct {
	W, H, LabelX, BarX string
	Rows               []barRow
	Label              string
}

type barRow struct {
	Y, TextY, BarW, ValueX, Name, Vendor, Frames string
}

func sendersChart(s *Summary, top int) *barChart {
	if len(s.Senders) == 0 {
		return nil
	}
	rows := s.Senders
	if len(rows) > top {
		rows = rows[:top]
	}
	peak := rows[0].Frames
	c := &barChart{W: strconv.Itoa(sendersW), H: strconv.Itoa(sendersT*2 + sendersRowH*len(rows)),
		LabelX: strconv.Itoa(sendersLabelW - 8), BarX: strconv.Itoa(sendersLabelW),
		Label: "Counted frames of the top " + strconv.Itoa(len(rows)) + " senders"}
	for i, sd := range rows {
		y := float64(sendersT + i*sendersRowH)
		w := float64(sd.Frames) / float64(max(peak, 1)) * (sendersBarX1 - sendersLabelW)
		c.Rows = append(c.Rows, barRow{Y: f1(y + 3), TextY: f1(y + sendersRowH/2 + 5), BarW: f1(max(w, 1)),
			ValueX: f1(sendersLabelW + max(w, 1) + 6), Name: sd.MAC, Vendor: ellipsis(sd.Vendor, 24), Frames: n(sd.Frames)})
	}
	return c
}

// classList joins class names for a table cell.
func classList(l []string) string { return strings.Join(l, ", ") }

// ellipsis shortens s to max runes, ending in "…".
func ellipsis(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return strings.TrimSpace(string(r[:max-1])) + "…"
}
