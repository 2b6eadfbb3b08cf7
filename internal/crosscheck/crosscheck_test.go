package crosscheck_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/internal/source"
)

const tsharkDir = "testdata/tshark"

// corpusDir is the shared capture corpus; DROPSCOPE_CORPUS overrides it.
func corpusDir() string {
	if d := os.Getenv("DROPSCOPE_CORPUS"); d != "" {
		return d
	}
	return "../../../shared/corpus"
}

// protocols are the protocols compared, as tshark names them in
// frame.protocols.
var protocols = []string{"stp", "dhcpv6", "icmpv6", "lldp", "cdp", "slow", "eapol"}

// fieldProto maps a tshark field to the protocol it belongs to.
func fieldProto(field string) string {
	p, _, _ := strings.Cut(field, ".")
	switch p {
	case "mstp":
		return "stp"
	case "lacp":
		return "slow"
	}
	return p
}

// textFields are strings compared exactly; their values may hold commas,
// so several occurrences are compared joined rather than split.
var textFields = map[string]bool{
	"mstp.config_name":     true,
	"cdp.deviceid":         true,
	"cdp.portid":           true,
	"cdp.platform":         true,
	"lldp.port.id":         true,
	"lldp.tlv.system.name": true,
}

// bytesFields are hex strings without a 0x prefix.
var bytesFields = map[string]bool{
	"dhcpv6.iaid":        true,
	"dhcpv6.iata":        true,
	"mstp.config_digest": true,
}

// linkAddrFields are DUID link-layer addresses: tshark separates the
// octets with colons for Ethernet (hardware type 1) and prints plain hex
// for other hardware types, dropscope always uses colons.
var linkAddrFields = map[string]bool{
	"dhcpv6.duidll.link_layer_addr":  true,
	"dhcpv6.duidllt.link_layer_addr": true,
}

// normalize gives a tshark or dropscope value of field one representation:
// integers in decimal whether printed in hex or not, floating-point
// numbers in Go's shortest form, everything else in lower case.
func normalize(field, v string) string {
	if textFields[field] {
		return v
	}
	parts := strings.Split(v, ",")
	for i, p := range parts {
		parts[i] = normalizeOne(field, p)
	}
	return strings.Join(parts, ",")
}

func normalizeOne(field, p string) string {
	if bytesFields[field] {
		return strings.ToLower(p)
	}
	if linkAddrFields[field] {
		return strings.ToLower(strings.ReplaceAll(p, ":", ""))
	}
	if h, ok := strings.CutPrefix(p, "0x"); ok {
		if n, err := strconv.ParseUint(h, 16, 64); err == nil {
			return strconv.FormatUint(n, 10)
		}
	}
	if n, err := strconv.ParseUint(p, 10, 64); err == nil {
		return strconv.FormatUint(n, 10)
	}
	if f, err := strconv.ParseFloat(p, 64); err == nil {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strings.ToLower(p)
}

// tsharkFile is one committed TSV: the header and the rows by frame
// number.
type tsharkFile struct {
	header []string
	rows   map[int]map[string]string
	order  []int
}

func readTSV(path string) (*tsharkFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	t := &tsharkFile{rows: map[int]map[string]string{}}
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if t.header == nil {
			t.header = cols
			if len(cols) == 0 || cols[0] != "frame.number" {
				return nil, fmt.Errorf("%s: header does not start with frame.number", path)
			}
			continue
		}
		if len(cols) != len(t.header) {
			return nil, fmt.Errorf("%s: row %q has %d columns, header %d", path, cols[0], len(cols), len(t.header))
		}
		n, err := strconv.Atoi(cols[0])
		if err != nil {
			return nil, fmt.Errorf("%s: frame number %q: %v", path, cols[0], err)
		}
		row := map[string]string{}
		for i, c := range cols {
			row[t.header[i]] = c
		}
		t.rows[n] = row
		t.order = append(t.order, n)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if t.header == nil {
		return nil, fmt.Errorf("%s: empty", path)
	}
	return t, nil
}

// tsharkHas reports whether tshark dissected proto in the frame of row.
func tsharkHas(row map[string]string, proto string) bool {
	if row == nil {
		return false
	}
	return slices.Contains(strings.Split(row["frame.protocols"], ":"), proto)
}

// disagreement is one field, or one whole protocol, on which dropscope and
// tshark differ for a frame.
type disagreement struct {
	set, file string // file is the capture's path below its set's folder
	frame     int
	proto     string
	// field is the tshark field name, or "*" when one side dissected the
	// protocol and the other did not.
	field             string
	dropscope, tshark string // as printed, occurrences joined with commas
	protocols         string // tshark's frame.protocols
	err               error  // dropscope's dissector error
	why               string // why dropscope reached no dissector
	typeLen           uint16 // Ethernet type/length field, 0 if none
}

func (d disagreement) String() string {
	s := fmt.Sprintf("%s/%s frame %d %s %s: dropscope %q, tshark %q (tshark layers %s)",
		d.set, d.file, d.frame, d.proto, d.field, d.dropscope, d.tshark, d.protocols)
	if d.err != nil {
		s += "; dropscope error: " + d.err.Error()
	}
	if d.why != "" {
		s += "; dropscope stopped at: " + d.why
	}
	return s
}

// tally counts what one file set compared.
type tally struct {
	files      int
	unreadable int            // captures neither dropscope nor tshark decodes a frame of
	frames     map[string]int // frames compared per protocol
	fields     map[string]int // field values compared equal per protocol
	exceptions map[string]int // disagreements per exception name
}

func newTally() *tally {
	return &tally{frames: map[string]int{}, fields: map[string]int{}, exceptions: map[string]int{}}
}

// compareFrame compares dropscope's observation of one frame with tshark's
// row for it (nil when tshark listed no row) and returns the
// disagreements.
func compareFrame(set, file string, n int, header []string, row map[string]string, o observation, tl *tally) []disagreement {
	var out []disagreement
	base := disagreement{set: set, file: file, frame: n, protocols: row["frame.protocols"], err: o.err, why: o.why, typeLen: o.typeLen}
	for _, proto := range protocols {
		ours, theirs := o.proto == proto, tsharkHas(row, proto)
		switch {
		case !ours && !theirs:
			continue
		case ours != theirs:
			d := base
			d.proto, d.field = proto, "*"
			d.dropscope, d.tshark = "absent", "absent"
			if ours {
				d.dropscope = "dissected"
			} else {
				d.tshark = "dissected"
			}
			out = append(out, d)
			continue
		}
		tl.frames[proto]++
		for _, field := range header {
			if field == "frame.number" || field == "frame.protocols" || fieldProto(field) != proto {
				continue
			}
			ds := strings.Join(o.fields[field], ",")
			ts := row[field]
			if ds == "" && ts == "" {
				continue
			}
			if normalize(field, ds) == normalize(field, ts) {
				tl.fields[proto] += max(1, len(o.fields[field]))
				continue
			}
			d := base
			d.proto, d.field, d.dropscope, d.tshark = proto, field, ds, ts
			out = append(out, d)
		}
	}
	for field := range o.fields {
		if !slices.Contains(header, field) {
			out = append(out, disagreement{set: set, file: file, frame: n, proto: o.proto, field: field,
				dropscope: strings.Join(o.fields[field], ","), tshark: "(not in the TSV header: run make crosscheck)"})
		}
	}
	return out
}

// fileSet is a folder of captures and the TSVs tshark wrote for it.
type fileSet struct {
	name, dir string
}

func captures(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.Type().IsRegular() && (strings.HasSuffix(name, ".pcap") || strings.HasSuffix(name, ".pcapng") ||
			strings.HasSuffix(name, ".pcap.gz") || strings.HasSuffix(name, ".pcapng.gz")) {
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

// checkFile compares one capture with its TSV and returns the
// disagreements.
func checkFile(t *testing.T, set fileSet, rel string, tl *tally) []disagreement {
	t.Helper()
	ts, err := readTSV(filepath.Join(tsharkDir, set.name, filepath.FromSlash(rel)+".tsv"))
	if err != nil {
		t.Errorf("%s/%s: %v (run make crosscheck)", set.name, rel, err)
		return nil
	}
	src, err := source.Open(filepath.Join(set.dir, filepath.FromSlash(rel)))
	if err != nil {
		if len(ts.order) > 0 {
			t.Errorf("%s/%s: open: %v, but tshark dissected %d frames of it", set.name, rel, err, len(ts.order))
			return nil
		}
		// Neither side decodes a frame of it (e.g. a capture whose first
		// record is cut off): nothing to compare.
		t.Logf("%s/%s: not readable (%v); tshark lists no frame either", set.name, rel, err)
		tl.unreadable++
		return nil
	}
	defer src.Close()
	tl.files++
	var out []disagreement
	n := 0
	var stop error
	for {
		fr, err := src.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				stop = err
			}
			break
		}
		n++
		o := observe(fr)
		out = append(out, compareFrame(set.name, rel, n, ts.header, ts.rows[n], o, tl)...)
	}
	for _, k := range ts.order {
		if k <= n {
			continue
		}
		why := "end of capture"
		if stop != nil {
			why = "capture reader: " + stop.Error()
		}
		row := ts.rows[k]
		for _, proto := range protocols {
			if tsharkHas(row, proto) {
				out = append(out, disagreement{set: set.name, file: rel, frame: k, proto: proto, field: "*",
					dropscope: "absent", tshark: "dissected", protocols: row["frame.protocols"], why: why})
			}
		}
	}
	return out
}

func TestAgainstTshark(t *testing.T) {
	sets := []fileSet{{"corpus", corpusDir()}, {"samples", "../../samples"}}
	used := map[string]int{}
	corpusRan := false
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			if _, err := os.Stat(set.dir); err != nil {
				if set.name == "corpus" {
					t.Skipf("corpus not available: %v", err)
				}
				t.Fatal(err)
			}
			if set.name == "corpus" {
				corpusRan = true
			}
			files, err := captures(set.dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) == 0 {
				t.Fatalf("no captures in %s", set.dir)
			}
			tl := newTally()
			undocumented := 0
			for _, rel := range files {
				for _, d := range checkFile(t, set, rel, tl) {
					if ex := findException(d); ex != nil {
						tl.exceptions[ex.name]++
						used[ex.name]++
						continue
					}
					undocumented++
					t.Errorf("undocumented disagreement: %v", d)
				}
			}
			logSummary(t, set.name, tl, undocumented)
		})
	}
	for _, ex := range exceptions {
		if used[ex.name] > 0 {
			t.Logf("exception %s (%d): %s", ex.name, used[ex.name], ex.reason)
		}
	}
	if corpusRan {
		for _, ex := range exceptions {
			if used[ex.name] == 0 {
				t.Errorf("exception %q matched nothing: remove it", ex.name)
			}
		}
	}
}

func logSummary(t *testing.T, set string, tl *tally, undocumented int) {
	t.Helper()
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s: %d captures compared, %d unreadable\n", set, tl.files, tl.unreadable)
	fmt.Fprintf(&sb, "  %-8s %7s %7s\n", "protocol", "frames", "fields")
	var frames, fields int
	for _, p := range protocols {
		fmt.Fprintf(&sb, "  %-8s %7d %7d\n", p, tl.frames[p], tl.fields[p])
		frames += tl.frames[p]
		fields += tl.fields[p]
	}
	fmt.Fprintf(&sb, "  %-8s %7d %7d\n", "total", frames, fields)
	names := make([]string, 0, len(tl.exceptions))
	for name := range tl.exceptions {
		names = append(names, name)
	}
	slices.Sort(names)
	fmt.Fprintf(&sb, "  documented exceptions:")
	if len(names) == 0 {
		sb.WriteString(" none")
	}
	for _, name := range names {
		fmt.Fprintf(&sb, "\n    %-32s %5d", name, tl.exceptions[name])
	}
	fmt.Fprintf(&sb, "\n  undocumented disagreements: %d", undocumented)
	t.Log(sb.String())
}
