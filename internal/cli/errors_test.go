package cli_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/internal/cli"
)

var le = binary.LittleEndian

// pcapFile is a little-endian pcap of link type lt holding frames.
func pcapFile(lt uint32, frames ...[]byte) []byte {
	b := le.AppendUint32(nil, 0xa1b2c3d4) // magic
	b = le.AppendUint16(b, 2)             // version 2.4
	b = le.AppendUint16(b, 4)
	b = le.AppendUint64(b, 0)     // thiszone, sigfigs
	b = le.AppendUint32(b, 65535) // snaplen
	b = le.AppendUint32(b, lt)    // link type
	for i, f := range frames {
		b = le.AppendUint32(b, uint32(i+1)) // ts_sec
		b = le.AppendUint32(b, 0)           // ts_usec
		b = le.AppendUint32(b, uint32(len(f)))
		b = le.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

// arpFrame is a broadcast ARP-typed Ethernet frame.
var arpFrame = append([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06}, make([]byte, 46)...)

// errorFiles writes the inputs of the error table into dir.
func errorFiles(t *testing.T, dir string) {
	t.Helper()
	files := map[string][]byte{
		"good.pcap":     pcapFile(1, arpFrame),
		"text.pcap":     []byte("this is not a capture\n"),
		"empty.pcap":    nil,
		"short.pcap":    {0xd4, 0xc3},
		"header.pcap":   pcapFile(1)[:20],
		"badver.pcap":   append(append([]byte{}, pcapFile(1)[:4]...), append([]byte{9, 0}, pcapFile(1)[6:]...)...),
		"wifi.pcap":     pcapFile(105, arpFrame, arpFrame),
		"ptype.txt":     []byte("Type Device      Function\n0800          ip_rcv\n"),
		"notptype.txt":  []byte("hello world, this is a README\n"),
		"emptyptype":    nil,
		"binptype":      bytes.Repeat([]byte{0xd4, 0xc3, 0xb2, 0xa1}, 40000),
		"gzipbad.pcap":  {0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0x01},
		"pcapng.pcapng": {0x0a, 0x0d, 0x0d, 0x0a, 8, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a},
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
}

func run(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := cli.Main(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestErrors runs the command lines users get wrong. Each must end with
// its exit code and one line on standard error naming the input and the
// cause.
func TestErrors(t *testing.T) {
	dir := t.TempDir()
	errorFiles(t, dir)
	p := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name string
		args []string
		code int
		want []string // substrings of standard error
	}{
		{"a capture", []string{"analyze", "-q", p("good.pcap")}, cli.ExitOK, nil},
		{"not a capture", []string{"analyze", p("text.pcap")}, cli.ExitError,
			[]string{p("text.pcap"), "not a pcap or pcapng capture"}},
		{"empty file", []string{"analyze", p("empty.pcap")}, cli.ExitError,
			[]string{p("empty.pcap"), "empty file"}},
		{"two bytes", []string{"analyze", p("short.pcap")}, cli.ExitError,
			[]string{p("short.pcap"), "only 2 bytes"}},
		{"pcap header cut", []string{"analyze", p("header.pcap")}, cli.ExitError,
			[]string{p("header.pcap"), "pcap header", "unexpected EOF"}},
		{"pcap version 9.4", []string{"analyze", p("badver.pcap")}, cli.ExitError,
			[]string{p("badver.pcap"), "pcap header", "major version 9"}},
		{"pcapng section header of 8 bytes", []string{"analyze", p("pcapng.pcapng")}, cli.ExitError,
			[]string{p("pcapng.pcapng"), "pcapng header", "under the 28 bytes"}},
		{"broken gzip", []string{"analyze", p("gzipbad.pcap")}, cli.ExitError,
			[]string{p("gzipbad.pcap"), "gzip"}},
		{"unknown link type only", []string{"analyze", "-q", "--format", "json", p("wifi.pcap")}, cli.ExitOK,
			[]string{"warning", p("wifi.pcap"), "ieee802.11", "no frame dropscope models"}},
		{"directory", []string{"analyze", p("adir")}, cli.ExitError,
			[]string{p("adir"), "is a directory"}},
		{"missing file", []string{"analyze", p("missing.pcap")}, cli.ExitError,
			[]string{p("missing.pcap"), "no such file or directory"}},
		// Root reads any file whatever its mode: a path through a regular
		// file is the unreadable input every user gets.
		{"path under a file", []string{"analyze", p("good.pcap/x")}, cli.ExitError,
			[]string{p("good.pcap/x"), "not a directory"}},
		{"second input missing", []string{"analyze", p("good.pcap"), p("missing.pcap")}, cli.ExitError,
			[]string{p("missing.pcap"), "no such file or directory"}},
		{"no capture", []string{"analyze"}, cli.ExitUsage, []string{"no capture given"}},
		{"unknown flag", []string{"analyze", "--nope", p("good.pcap")}, cli.ExitUsage, []string{"--nope"}},
		{"bad format", []string{"analyze", "--format", "xml", p("good.pcap")}, cli.ExitUsage, []string{"--format", "xml"}},
		{"bad kernel", []string{"analyze", "--kernel", "banana", p("good.pcap")}, cli.ExitUsage, []string{"--kernel", "banana"}},
		{"bad top", []string{"analyze", "--top", "many", p("good.pcap")}, cli.ExitUsage, []string{"--top", "many"}},
		{"bad handler", []string{"analyze", "--handler", "86ddd", p("good.pcap")}, cli.ExitUsage, []string{"--handler", "86ddd"}},
		{"bad MAC", []string{"analyze", "--host-mac", "00:11", p("good.pcap")}, cli.ExitUsage, []string{"--host-mac"}},
		{"bad rx handler", []string{"analyze", "--rx-handler", "bridge", p("good.pcap")}, cli.ExitUsage, []string{"--rx-handler", "bridge"}},
		{"bad VLAN device", []string{"analyze", "--vlan-dev", "5000", p("good.pcap")}, cli.ExitUsage, []string{"--vlan-dev", "5000"}},
		{"bad workers", []string{"analyze", "--workers", "8", p("good.pcap")}, cli.ExitUsage, []string{"--workers", "8"}},
		{"bad max senders", []string{"analyze", "--max-senders", "0", p("good.pcap")}, cli.ExitUsage, []string{"--max-senders", "0"}},
		{"ptype file", []string{"analyze", "-q", "--ptype", p("ptype.txt"), p("good.pcap")}, cli.ExitOK, nil},
		{"ptype file missing", []string{"analyze", "--ptype", p("nope.txt"), p("good.pcap")}, cli.ExitError,
			[]string{"--ptype", p("nope.txt"), "no such file or directory"}},
		{"ptype file of prose", []string{"analyze", "--ptype", p("notptype.txt"), p("good.pcap")}, cli.ExitError,
			[]string{"--ptype", p("notptype.txt"), "not a /proc/net/ptype listing"}},
		{"empty ptype file", []string{"analyze", "--ptype", p("emptyptype"), p("good.pcap")}, cli.ExitError,
			[]string{"--ptype", p("emptyptype"), "not a /proc/net/ptype listing"}},
		{"capture as ptype file", []string{"analyze", "--ptype", p("binptype"), p("good.pcap")}, cli.ExitError,
			[]string{"--ptype", p("binptype"), "not a /proc/net/ptype listing"}},
		{"ptype is a directory", []string{"analyze", "--ptype", p("adir"), p("good.pcap")}, cli.ExitError,
			[]string{"--ptype", p("adir"), "is a directory"}},
		{"output directory missing", []string{"analyze", "-o", p("nodir/out.json"), p("good.pcap")}, cli.ExitError,
			[]string{p("nodir/out.json"), "no such file or directory"}},
		{"unknown command", []string{"analyse", p("good.pcap")}, cli.ExitUsage, []string{"analyse"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if tt.want == nil {
				if stderr != "" {
					t.Errorf("stderr %q, want nothing", stderr)
				}
				return
			}
			if strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") {
				t.Errorf("stderr is not one line:\n%s", stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q does not contain %q", stderr, w)
				}
			}
		})
	}
}

// TestFailedRunLeavesNoOutput: -o on a bad input leaves neither the report
// nor a temporary file.
func TestFailedRunLeavesNoOutput(t *testing.T) {
	dir := t.TempDir()
	errorFiles(t, dir)
	outDir := t.TempDir()
	for _, args := range [][]string{
		{filepath.Join(dir, "text.pcap")},
		{filepath.Join(dir, "good.pcap"), filepath.Join(dir, "missing.pcap")},
		{"--ptype", filepath.Join(dir, "notptype.txt"), filepath.Join(dir, "good.pcap")},
		{"--format", "jsonl", filepath.Join(dir, "good.pcap"), filepath.Join(dir, "adir")},
	} {
		for _, out := range []string{"out.json", "out.jsonl", "out.txt"} {
			code, _, stderr := run(append([]string{"analyze", "-o", filepath.Join(outDir, out)}, args...)...)
			if code != cli.ExitError {
				t.Errorf("%v: exit code %d, want %d; stderr %s", args, code, cli.ExitError, stderr)
			}
			ents, err := os.ReadDir(outDir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range ents {
				t.Errorf("%v -o %s left %s", args, out, e.Name())
			}
		}
	}
	// A good run writes the report and nothing else.
	out := filepath.Join(outDir, "out.json")
	if code, _, stderr := run("analyze", "-o", out, filepath.Join(dir, "good.pcap")); code != cli.ExitOK {
		t.Fatalf("exit code %d: %s", code, stderr)
	}
	if ents, _ := os.ReadDir(outDir); len(ents) != 1 || ents[0].Name() != "out.json" {
		t.Errorf("output directory holds %v, want out.json only", ents)
	}
}

// TestExitCodesDocumented: --help names the three exit codes.
func TestExitCodesDocumented(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help", "analyze"}} {
		code, stdout, _ := run(args...)
		if code != cli.ExitOK || !strings.Contains(stdout, "Exit codes: 0 report written, 1 input or runtime error, 2 usage error.") {
			t.Errorf("%v: exit %d, exit codes not documented:\n%s", args, code, stdout)
		}
	}
}
