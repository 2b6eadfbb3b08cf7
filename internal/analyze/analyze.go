package analyze

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/oui"
	"github.com/dropscope/dropscope/internal/source"
	"github.com/dropscope/dropscope/report"
)

// Options configure a run.
type Options struct {
	Host kernel.Host
	// HostSource says where the handler table came from ("default: ...",
	// "ptype file X"); KernelSource where the kernel generation came from.
	HostSource, KernelSource string
	// JSONL, when set, receives one report.FrameRecord per frame read.
	JSONL io.Writer
	// MaxSenders bounds the distinct source MACs tracked (0: 10,000).
	MaxSenders int
	Version    string
	// DetailAll dissects the protocol fields of every analysed frame, not
	// only of the counted ones.
	DetailAll bool
	// Variants are other host configurations each frame is also
	// classified for (the what-if table); see DefaultVariants.
	Variants []Variant
	// Progress, when set, is called about every 64Ki frames with the
	// frames read so far and the bytes of the inputs read so far (as
	// stored: compressed bytes for gzip), read-ahead included.
	Progress func(frames uint64, bytes int64)
	// Workers is how many goroutines a run may keep busy: with 2 or more,
	// each input is read and run through the front (counts, destinations,
	// the lane) on a goroutine of its own, while this one runs the full
	// path on the frames the front leaves. The results do not depend on it.
	// Progress is then called from the reading goroutine.
	Workers int
}

// InputError reports an input that could not be read at all.
type InputError struct {
	Name string
	Err  error
}

func (e *InputError) Error() string { return e.Name + ": " + e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Run analyses the named captures in order ("-" is standard input) and
// returns the summary. An input that cannot be opened or is not a capture
// ends the run with an *InputError; a capture cut off mid-record yields a
// warning, and the frames before the cut count.
func Run(ctx context.Context, names []string, o Options) (*report.Summary, error) {
	inputs := make([]source.Input, 0, len(names))
	defer func() {
		for _, in := range inputs {
			in.Close()
		}
	}()
	for _, name := range names {
		src, err := source.Open(name)
		if err != nil {
			// The name is already in the InputError.
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, &InputError{Name: name, Err: err}
		}
		inputs = append(inputs, src)
	}
	return RunInputs(ctx, inputs, o)
}

// RunInputs analyses already opened inputs in order. It does not close
// them.
func RunInputs(ctx context.Context, inputs []source.Input, o Options) (*report.Summary, error) {
	e := newEngine(o)
	for i, src := range inputs {
		if err := e.readAll(ctx, i, src); err != nil {
			return nil, err
		}
	}
	if err := e.flushJSONL(); err != nil {
		return nil, err
	}
	return e.summary(), nil
}

type counts [5]uint64 // indexed by kernel.Outcome

type dropKey struct {
	class   dissect.Class
	proto   dissect.EtherType
	outcome kernel.Outcome
	reason  kernel.Reason
}

type span struct{ n, first, last int64 }

func (s *span) add(t int64) {
	if s.n == 0 || t < s.first {
		s.first = t
	}
	if s.n == 0 || t > s.last {
		s.last = t
	}
	s.n++
}

const senderSlots = 8

// maxDsts bounds the unicast destinations counted for the host MAC hint.
const maxDsts = 4096

type senderAgg struct {
	span
	vlans    [senderSlots]uint16
	nv       int
	classes  [senderSlots]dissect.Class
	nc       int
	moreVLAN bool
	moreCls  bool
	identity []string
	idDone   uint8      // protocols whose identity was recorded (idLLDP ...)
	stp      *stpRepeat // the last BPDU, to count it again unparsed
}

type engine struct {
	o          Options
	host       *kernel.Host
	inputs     []report.Input
	t          report.Totals
	linkTypes  map[uint16]uint64
	time       span
	ct         classTab
	drops      map[dropKey]*span
	senders    map[dissect.MAC]*senderAgg
	sendCache  *[4096]senderSlot // recently used senders, direct-mapped by the MAC's hash
	otherSend  uint64
	otherHost  uint64
	warnings   []string
	panics     uint64
	jw         *bufio.Writer
	jbuf       []byte
	rec        report.FrameRecord
	frameIndex uint64
	variants   []variantAgg
	f          front
	timeline   timeline
	det        detailer
	// vc caches the verdicts for the host and its variants.
	vc verdictCache
	// Bytes of the inputs already read, for Progress.
	doneBytes int64
}

func newEngine(o Options) *engine {
	if o.MaxSenders <= 0 {
		o.MaxSenders = 10000
	}
	e := &engine{
		o:         o,
		linkTypes: map[uint16]uint64{},
		drops:     map[dropKey]*span{},
		senders:   map[dissect.MAC]*senderAgg{},
	}
	e.host = &e.o.Host
	e.sendCache = new([4096]senderSlot)
	e.ct = newClassTab(len(o.Variants))
	e.f = newFront(e.host, e.o.Variants, o.JSONL == nil && !o.DetailAll)
	e.vc = newVerdictCache(e.host, e.o.Variants)
	e.variants = make([]variantAgg, len(o.Variants))
	if o.JSONL != nil {
		e.jw = bufio.NewWriterSize(o.JSONL, 256*1024)
	}
	return e
}

// inputRun is what reading one input gathers besides the engine's
// counters.
type inputRun struct {
	in          report.Input
	first, last int64 // capture times, Unix nanoseconds; valid iff in.Frames > 0
	badTime     uint64
	lts         map[uint16]uint64
	lastLT      uint16 // run of frames on one link type, added to lts when it ends
	lastLTn     uint64
	warn        []string // how reading ended, when not cleanly
}

// count counts a frame captured at ts in the input's totals.
func (r *inputRun) count(ts int64) {
	r.in.Frames++
	if r.in.Frames == 1 || ts < r.first {
		r.first = ts
	}
	if r.in.Frames == 1 || ts > r.last {
		r.last = ts
	}
}

// frameSink takes the frames readFrames reads that the front leaves to
// the full path, in order.
type frameSink interface{ fullPath(fr *source.Frame) }

// inline is the sink of a single goroutine: the full path runs on each
// frame as it is read.
type inline struct {
	e     *engine
	input int
}

func (s *inline) fullPath(fr *source.Frame) {
	s.e.frameIndex = s.e.f.frames
	s.e.fullFrame(s.input, fr, fr.TS)
}

func (e *engine) readAll(ctx context.Context, idx int, src source.Input) error {
	info := src.Info()
	r := &inputRun{in: report.Input{Name: info.Name, Format: info.Format, Compressed: info.Compressed, SizeBytes: info.Size,
		Snaplen: info.Snaplen, LinkTypes: map[string]uint64{}}, lts: map[uint16]uint64{}}
	if e.o.Workers > 1 {
		e.readSplit(ctx, idx, src, r)
	} else {
		e.readFrames(ctx, src, r, &inline{e: e, input: idx})
	}
	e.warnings = append(e.warnings, r.warn...)
	in, lts, lastLT, lastLTn, badTime, first, last := r.in, r.lts, r.lastLT, r.lastLTn, r.badTime, r.first, r.last
	if lastLTn > 0 {
		lts[lastLT] += lastLTn
	}
	for lt, c := range lts {
		if c == 0 {
			continue
		}
		in.LinkTypes[source.LinkTypeName(lt)] += c
		e.linkTypes[lt] += c
	}
	if badTime > 0 {
		e.warnings = append(e.warnings, fmt.Sprintf("%s: %d frames have timestamps outside the years 1678 to 2262 (a wrong clock, or a wrong if_tsresol or if_tsoffset); they are timed at the nearer limit",
			info.Name, badTime))
	}
	if in.Frames > 0 && lts[source.LinkEthernet]+lts[source.LinkSLL]+lts[source.LinkSLL2] == 0 {
		names := make([]string, 0, len(in.LinkTypes))
		for n := range in.LinkTypes {
			names = append(names, n)
		}
		sort.Strings(names)
		e.warnings = append(e.warnings, fmt.Sprintf("%s: no frame dropscope models: all %d are on link type %s (it reads ethernet, linux-sll and linux-sll2)",
			info.Name, in.Frames, strings.Join(names, ", ")))
	}
	if in.Frames > 0 {
		f, l := time.Unix(0, first).UTC(), time.Unix(0, last).UTC()
		in.First, in.Last = &f, &l
		e.time.add(first)
		e.time.add(last)
	}
	e.inputs = append(e.inputs, in)
	e.doneBytes += inputOffset(src)
	return nil
}

// readFrames reads src to its end (or an error, or ctx's end) into r and
// sink; how reading ended goes to r.warn. A plain pcap file is read where
// the page cache maps it: should the file shrink under the mapping, the
// fault ends the input with a warning instead of the process. Of the
// engine it touches only the front and the progress callback; the frames
// the front leaves go to sink.
func (e *engine) readFrames(ctx context.Context, src source.Input, r *inputRun, sink frameSink) {
	name := r.in.Name
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if x := recover(); x != nil {
			if !isFault(x) {
				panic(x)
			}
			r.warn = append(r.warn, fmt.Sprintf("%s: reading stopped after %d frames: %v", name, r.in.Frames, faultError(x)))
		}
	}()
	into, _ := src.(interface{ NextInto(*source.Frame) error })
	var recs *source.Records
	if f, ok := src.(*source.File); ok {
		recs, _ = f.Records()
	}
	fr := new(source.Frame)
	check := uint64(0x10000) // frames after which ctx and progress are looked at next
	for {
		if r.in.Frames >= check {
			check = r.in.Frames&^0xffff + 0x10000
			if err := ctx.Err(); err != nil {
				r.warn = append(r.warn, fmt.Sprintf("%s: stopped after %d frames (%v)", name, r.in.Frames, err))
				return
			}
			if e.o.Progress != nil {
				e.o.Progress(e.f.frames, e.doneBytes+inputOffset(src))
			}
		}
		if recs != nil && e.records(recs, r, sink, check-r.in.Frames, fr) > 0 {
			continue
		}
		// One record the general way: refilling, checking, failing.
		var err error
		if into != nil {
			err = into.NextInto(fr)
		} else {
			*fr, err = src.Next()
		}
		if err != nil {
			var te *source.TruncatedError
			switch {
			case errors.Is(err, io.EOF):
			case errors.As(err, &te):
				r.in.Truncated, r.in.TruncatedAt = true, te.Offset
				r.warn = append(r.warn, fmt.Sprintf("%s: the capture is cut off inside the record at byte %d; the %d complete frames before it were analysed", name, te.Offset, r.in.Frames))
			default:
				r.warn = append(r.warn, fmt.Sprintf("%s: reading stopped after %d frames: %v", name, r.in.Frames, err))
			}
			return
		}
		r.count(fr.TS)
		if fr.LinkType != r.lastLT {
			r.lts[r.lastLT] += r.lastLTn
			r.lastLT, r.lastLTn = fr.LinkType, 0
		}
		r.lastLTn++
		if fr.BadTime {
			r.badTime++
		}
		if !e.f.take(fr) {
			sink.fullPath(fr)
		}
	}
}

// records reads the whole records of recs' window where they are, at most
// max of them, as readFrames reads a frame: the front takes each, the
// ones it leaves go to sink through spare. It returns how many it read;
// 0 when the next record is not whole in the window or not right, which
// the general way then reads or reports.
func (e *engine) records(recs *source.Records, r *inputRun, sink frameSink, max uint64, spare *source.Frame) uint64 {
	w := recs.Window()
	nsMul, lt := recs.FracNanos(), recs.LinkType()
	if lt != r.lastLT {
		r.lts[r.lastLT] += r.lastLTn
		r.lastLT, r.lastLTn = lt, 0
	}
	var fr source.Frame // on the stack: the front does not keep it
	fr.LinkType = lt
	off, n := 0, uint64(0)
	for n < max && len(w)-off >= 16 {
		h := w[off : off+16 : off+16]
		caplen, origlen := binary.LittleEndian.Uint32(h[8:12]), binary.LittleEndian.Uint32(h[12:16])
		if caplen > source.MaxRecord || caplen > origlen || len(w)-off-16 < int(caplen) {
			break
		}
		end := off + 16 + int(caplen)
		// The fraction is scaled in 32 bits, as the reader does.
		ts := int64(binary.LittleEndian.Uint32(h[0:4]))*1e9 + int64(binary.LittleEndian.Uint32(h[4:8])*nsMul)
		fr.Data, fr.TS, fr.CapLen, fr.OrigLen = w[off+16:end:end], ts, int(caplen), int(origlen)
		off = end
		n++
		r.count(ts)
		if !e.f.take(&fr) {
			*spare = fr
			sink.fullPath(spare)
		}
	}
	recs.Advance(off)
	r.lastLTn += n
	return n
}

// isFault reports whether a recovered panic is a memory fault turned into
// a panic by debug.SetPanicOnFault at an address a mapping can have (a nil
// dereference, also reported with an address, is in the first page).
func isFault(x any) bool {
	a, ok := x.(interface{ Addr() uintptr })
	return ok && a.Addr() >= 4096
}

// faultError describes a fault while reading a mapped capture.
func faultError(x any) error {
	a, _ := x.(interface{ Addr() uintptr })
	return fmt.Errorf("the file changed while it was read (it was cut short: bus error at %#x of its mapping)", a.Addr())
}

// fullFrame is frame for every frame the lane does not take. A panic
// anywhere below is turned into a warning naming the frame, and the frame
// is not analysed.
func (e *engine) fullFrame(input int, fr *source.Frame, ts int64) {
	defer func() {
		if r := recover(); r != nil {
			if isFault(r) {
				panic(r) // the input changed: readFrames ends it
			}
			e.panics++
			if e.panics <= 10 {
				e.warnings = append(e.warnings, fmt.Sprintf("frame %d: internal error while dissecting: %v", e.frameIndex, r))
			}
		}
	}()
	var (
		inner   []byte
		innerP  dissect.EtherType
		innerOK bool
		v       kernel.Verdict
		class   dissect.Class
		src     dissect.MAC
		dst     dissect.MAC
		hasSrc  bool
		hasDst  bool
		verdict string
		row     *classRow
	)
	switch fr.LinkType {
	case source.LinkEthernet:
		eth, err := dissect.ParseEthernet(fr.Data)
		if err != nil {
			e.t.Runts++
			verdict, class = "runt", dissect.Class{Kind: dissect.ClassRunt}
			break
		}
		src, dst, hasSrc, hasDst = eth.Src, eth.Dst, true, true
		if fr.Dir == source.DirOutbound || (e.host.MACKnown && eth.Src == e.host.MAC) {
			e.t.Outgoing++
			verdict = "outgoing"
			break
		}
		kin := kernel.Input{Eth: eth, WireLen: fr.OrigLen}
		var outs []kernel.Outcome
		v, outs = e.vc.classify(&kin)
		innerP, inner, innerOK = dissect.Inner(eth)
		class = dissect.ClassifyInner(innerP, inner, innerOK)
		row = e.ct.row(class)
		e.countVariants(outs, row)
	case source.LinkSLL, source.LinkSLL2:
		var c dissect.Cooked
		var err error
		hdr := 16
		if fr.LinkType == source.LinkSLL {
			c, err = dissect.ParseSLL(fr.Data)
		} else {
			c, err = dissect.ParseSLL2(fr.Data)
			hdr = 20
		}
		if err != nil {
			e.t.Runts++
			verdict, class = "runt", dissect.Class{Kind: dissect.ClassRunt}
			break
		}
		src, hasSrc = c.Src, c.HasSrc
		if c.PktType == uint8(kernel.PacketOutgoing) || fr.Dir == source.DirOutbound {
			e.t.Outgoing++
			verdict = "outgoing"
			break
		}
		if c.HAType != 1 {
			e.t.UnsupportedLink++
			verdict = "unsupported_link"
			break
		}
		kin := kernel.Input{Cooked: true, Protocol: c.Protocol, PktType: kernel.PktType(c.PktType),
			Payload: c.Payload, WireLen: fr.OrigLen - hdr + dissect.EthernetHeaderLen}
		var outs []kernel.Outcome
		v, outs = e.vc.classify(&kin)
		innerP, inner, innerOK = dissect.InnerCooked(c)
		class = dissect.ClassifyInner(innerP, inner, innerOK)
		row = e.ct.row(class)
		e.countVariants(outs, row)
	default:
		e.t.UnsupportedLink++
		verdict = "unsupported_link"
	}
	var dproto string
	var dkv []report.KV
	if v.Outcome != 0 {
		e.count(&v, row, src, hasSrc, ts)
		if v.PktType == kernel.PacketOtherHost && v.Tags == 0 {
			e.otherHost++
		}
		verdict = v.Outcome.String()
		if innerOK && (v.Outcome.Counted() || e.o.DetailAll) {
			dproto, dkv = e.detail(class, innerP, inner, src, hasSrc, ts, e.jw != nil)
		}
	}
	if e.jw != nil {
		e.writeRecord(input, fr, &v, class, src, dst, hasSrc, hasDst, verdict, dproto, dkv)
	}
}

func (e *engine) count(v *kernel.Verdict, r *classRow, src dissect.MAC, hasSrc bool, ts int64) {
	e.t.Analysed++
	r.counts[v.Outcome]++
	switch v.Outcome {
	case kernel.Delivered:
		e.t.Delivered++
		if v.Tap {
			e.t.DeliveredToTap++
		}
	case kernel.RxDropped:
		e.t.RxDropped++
	case kernel.RxNoHandler:
		e.t.RxNoHandler++
	case kernel.Freed:
		e.t.Freed++
	}
	if v.Uncertain {
		e.t.Uncertain++
	}
	if !v.Outcome.Counted() {
		return
	}
	d := r.drop
	if d == nil || r.dropProto != v.Protocol || r.dropOutcome != v.Outcome || r.dropReason != v.Reason {
		k := dropKey{class: r.class, proto: v.Protocol, outcome: v.Outcome, reason: v.Reason}
		d = e.drops[k]
		if d == nil {
			d = new(span)
			e.drops[k] = d
		}
		r.drop, r.dropProto, r.dropOutcome, r.dropReason = d, v.Protocol, v.Outcome, v.Reason
	}
	d.add(ts)
	e.timeline.addRow(ts, r)
	if !hasSrc {
		e.otherSend++
		return
	}
	s := e.sender(&src)
	if s == nil {
		if len(e.senders) >= e.o.MaxSenders {
			e.otherSend++
			return
		}
		s = new(senderAgg)
		e.senders[src] = s
	}
	s.add(ts)
	if v.Tags > 0 {
		s.addVLAN(v.VID)
	}
	s.addClass(r.class)
}

type senderSlot struct {
	mac dissect.MAC
	s   *senderAgg
}

// sender returns src's aggregate, or nil when src is not tracked. A
// direct-mapped cache in front of the map serves the senders seen last.
func (e *engine) sender(src *dissect.MAC) *senderAgg {
	m := src
	i := mac48(m[:]) * 0x9e3779b97f4a7c15 >> 52
	c := &e.sendCache[i]
	if c.s != nil && c.mac == *src {
		return c.s
	}
	s := e.senders[*src]
	if s != nil {
		c.mac, c.s = *src, s
	}
	return s
}

func (s *senderAgg) addVLAN(vid uint16) {
	for i := 0; i < s.nv; i++ {
		if s.vlans[i] == vid {
			return
		}
	}
	if s.nv == senderSlots {
		s.moreVLAN = true
		return
	}
	s.vlans[s.nv] = vid
	s.nv++
}

func (s *senderAgg) addClass(c dissect.Class) {
	for i := 0; i < s.nc; i++ {
		if s.classes[i] == c {
			return
		}
	}
	if s.nc == senderSlots {
		s.moreCls = true
		return
	}
	s.classes[s.nc] = c
	s.nc++
}

func (e *engine) writeRecord(input int, fr *source.Frame, v *kernel.Verdict, class dissect.Class, src, dst dissect.MAC, hasSrc, hasDst bool, verdict, dproto string, dkv []report.KV) {
	r := &e.rec
	*r = report.FrameRecord{Frame: e.frameIndex, Time: fr.Time(), Input: input, LinkType: source.LinkTypeName(fr.LinkType),
		CapLen: fr.CapLen, OrigLen: fr.OrigLen, VLAN: -1, Verdict: verdict, Class: class.String(),
		DetailProtocol: dproto, Detail: dkv}
	if hasSrc {
		r.Src = src.String()
	}
	if hasDst {
		r.Dst = dst.String()
	}
	if v.Outcome != 0 {
		if v.Tags > 0 {
			r.VLAN = int(v.VID)
		}
		r.SkbProto = v.Protocol.String()
		r.PktType = v.PktType.String()
		r.Handler = v.Handler
		r.Reason = v.Reason.String()
		r.Tap = v.Tap
		r.Uncertain = v.Uncertain
	}
	if class.Kind == dissect.ClassUnknown {
		r.Class = ""
	}
	e.jbuf = report.AppendJSONL(e.jbuf[:0], r)
	e.jw.Write(e.jbuf)
}

func (e *engine) flushJSONL() error {
	if e.jw == nil {
		return nil
	}
	return e.jw.Flush()
}

func (e *engine) summary() *report.Summary {
	e.mergeFront()
	s := &report.Summary{
		SchemaVersion: report.SchemaVersion,
		Tool:          report.Tool{Name: "dropscope", Version: e.o.Version},
		Inputs:        e.inputs,
		Warnings:      e.warnings,
	}
	if s.Warnings == nil {
		s.Warnings = []string{}
	}
	t := e.t
	t.ByLinkType = map[string]uint64{}
	for lt, c := range e.linkTypes {
		t.ByLinkType[source.LinkTypeName(lt)] += c
	}
	t.Counted = t.RxDropped + t.RxNoHandler
	var spanSec float64
	if e.time.n > 0 {
		f, l := time.Unix(0, e.time.first).UTC(), time.Unix(0, e.time.last).UTC()
		t.First, t.Last = &f, &l
		spanSec = l.Sub(f).Seconds()
		t.SpanSeconds = spanSec
		if spanSec > 0 {
			t.CountedPerSecond = float64(t.Counted) / spanSec
		}
	}
	s.Totals = t
	s.Host = e.hostView()

	// Drops.
	sendersPerClass := map[dissect.Class]int{}
	for _, sd := range e.senders {
		for i := 0; i < sd.nc; i++ {
			sendersPerClass[sd.classes[i]]++
		}
	}
	for k, d := range e.drops {
		row := report.Drop{
			Class: k.class.String(), Counter: k.outcome.String(),
			SkbProtocol: k.proto.String(), PerfProbe: k.proto.PerfProbe(), KfreeSkbProtocol: uint16(k.proto),
			Reason: k.reason.String(), Frames: uint64(d.n), Senders: sendersPerClass[k.class],
			First: time.Unix(0, d.first).UTC(), Last: time.Unix(0, d.last).UTC(),
		}
		if t.Counted > 0 {
			row.SharePercent = round1(100 * float64(d.n) / float64(t.Counted))
		}
		if spanSec > 0 {
			row.PerSecond = round3(float64(d.n) / spanSec)
		}
		s.Drops = append(s.Drops, row)
	}
	sort.Slice(s.Drops, func(i, j int) bool {
		a, b := s.Drops[i], s.Drops[j]
		if a.Frames != b.Frames {
			return a.Frames > b.Frames
		}
		if a.Class != b.Class {
			return a.Class < b.Class
		}
		if a.SkbProtocol != b.SkbProtocol {
			return a.SkbProtocol < b.SkbProtocol
		}
		return a.Counter < b.Counter
	})

	// Classes.
	for _, r := range e.ct.rows {
		c, n := r.class, &r.counts
		row := report.ClassRow{Class: c.String(), Delivered: n[kernel.Delivered], RxDropped: n[kernel.RxDropped],
			RxNoHandler: n[kernel.RxNoHandler], Freed: n[kernel.Freed]}
		row.Frames = row.Delivered + row.RxDropped + row.RxNoHandler + row.Freed
		s.Classes = append(s.Classes, row)
	}
	sort.Slice(s.Classes, func(i, j int) bool {
		a, b := s.Classes[i], s.Classes[j]
		if a.Frames != b.Frames {
			return a.Frames > b.Frames
		}
		return a.Class < b.Class
	})

	// Senders.
	for mac, sd := range e.senders {
		row := report.Sender{MAC: mac.String(), Vendor: oui.Vendor(mac), Frames: uint64(sd.n), VLANs: []uint16{}, Classes: []string{},
			Identity: append([]string{}, sd.identity...),
			First:    time.Unix(0, sd.first).UTC(), Last: time.Unix(0, sd.last).UTC()}
		for i := 0; i < sd.nv; i++ {
			row.VLANs = append(row.VLANs, sd.vlans[i])
		}
		sort.Slice(row.VLANs, func(i, j int) bool { return row.VLANs[i] < row.VLANs[j] })
		for i := 0; i < sd.nc; i++ {
			row.Classes = append(row.Classes, sd.classes[i].String())
		}
		sort.Strings(row.Classes)
		if sd.moreCls {
			row.Classes = append(row.Classes, "...")
		}
		if spanSec > 0 {
			row.PerSecond = round3(float64(sd.n) / spanSec)
		}
		s.Senders = append(s.Senders, row)
	}
	sort.Slice(s.Senders, func(i, j int) bool {
		a, b := s.Senders[i], s.Senders[j]
		if a.Frames != b.Frames {
			return a.Frames > b.Frames
		}
		return a.MAC < b.MAC
	})
	s.SendersOther = e.otherSend
	if s.Drops == nil {
		s.Drops = []report.Drop{}
	}
	if s.Classes == nil {
		s.Classes = []report.ClassRow{}
	}
	if s.Senders == nil {
		s.Senders = []report.Sender{}
	}
	s.WhatIf = e.whatIf(spanSec)
	s.STP, s.DHCPv6, s.Dissected = e.stpView(), e.dhcpView(), e.det.n
	s.Headline = headline(s)
	s.Remedies = remedies(s, e.host)
	s.Caveats = e.caveats(s)
	s.Timeline = e.timeline.build()
	return s
}

func (e *engine) hostView() report.Host {
	h := e.host
	v := report.Host{
		Kernel: h.Kernel.String(), KernelSource: e.o.KernelSource, Device: h.Device, MACSource: "unknown",
		RxHandler: h.RxHandler.String(), TCIngress: h.Ingress, Source: e.o.HostSource,
		Handlers: []report.HandlerRow{}, Taps: []report.TapRow{}, VLANs: []report.VLANRow{}, Missing: []string{},
	}
	if h.MACKnown {
		v.MAC, v.MACSource = h.MAC.String(), "flag"
	} else if hint, ok := e.macHint(); ok {
		v.MACHint = hint.String()
	}
	for _, x := range h.Handlers {
		v.Handlers = append(v.Handlers, report.HandlerRow{Type: x.Type.String(), Name: x.Type.Name(), Function: x.Func, Module: x.Module, Device: x.Dev})
	}
	for _, t := range h.Taps {
		v.Taps = append(v.Taps, report.TapRow{Device: t.Dev, Function: t.Func})
	}
	for _, x := range h.VLANs {
		v.VLANs = append(v.VLANs, report.VLANRow{Name: x.Name, TPID: x.TPID.String(), VID: x.VID, Up: x.Up})
	}
	for _, t := range []dissect.EtherType{dissect.EtherTypeIPv6, dissect.ETHP8022} {
		if !h.HasHandler(t) {
			k, _ := kernel.LookupKnown(t)
			v.Missing = append(v.Missing, fmt.Sprintf("%s handler (%s, %s): %s", t.Name(), t, k.Func, k.Absence))
		}
	}
	return v
}

// macHint is the most frequent unicast destination: on a capture taken on
// the host itself, its own address.
func (e *engine) macHint() (dissect.MAC, bool) {
	var best dissect.MAC
	var n uint64
	for m48, c := range e.f.dsts {
		m := dissect.MAC{byte(m48 >> 40), byte(m48 >> 32), byte(m48 >> 24), byte(m48 >> 16), byte(m48 >> 8), byte(m48)}
		if *c > n || *c == n && macLess(m, best) {
			best, n = m, *c
		}
	}
	return best, n > 0
}

func macLess(a, b dissect.MAC) bool { return strings.Compare(string(a[:]), string(b[:])) < 0 }

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }
func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
