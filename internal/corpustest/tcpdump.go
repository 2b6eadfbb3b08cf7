package corpustest

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TcpdumpBlocks reads a tcpdump .out file of the corpus and returns, per
// frame number, the frame's lines (the numbered first line and the
// indented lines after it), with leading white space removed. It returns
// nil when the file does not exist.
func TcpdumpBlocks(tb testing.TB, dir, name string) map[int][]string {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil
	}
	blocks := map[int][]string{}
	cur := 0
	for _, line := range strings.Split(string(raw), "\n") {
		trim := strings.TrimLeft(line, " \t")
		if fields := strings.Fields(line); len(fields) > 2 && line[0] == ' ' {
			if n, err := strconv.Atoi(fields[0]); err == nil && len(fields[1]) == 10 && fields[1][4] == '-' {
				cur = n
			}
		}
		if cur > 0 && trim != "" {
			blocks[cur] = append(blocks[cur], trim)
		}
	}
	return blocks
}

// HasLine reports whether one of lines contains s.
func HasLine(lines []string, s string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// OutLine returns the first line of frame n in a tcpdump .out file of the
// corpus (tcpdump -#), skipping the test when the file is not there.
func OutLine(tb testing.TB, dir, name string, n int) string {
	tb.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		tb.Skipf("tcpdump output not available: %v", err)
	}
	defer f.Close()
	prefix := strconv.Itoa(n) + "  "
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.HasPrefix(strings.TrimLeft(sc.Text(), " "), prefix) {
			return sc.Text()
		}
	}
	tb.Fatalf("%s: no line for frame %d", name, n)
	return ""
}

// ParseCounts turns a counts.csv value such as "143=2;135=1" into a map.
func ParseCounts(tb testing.TB, s string) map[int]int {
	tb.Helper()
	m := map[int]int{}
	if s == "" {
		return m
	}
	for _, kv := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(kv, "=")
		ki, err1 := strconv.Atoi(k)
		vi, err2 := strconv.Atoi(v)
		if !ok || err1 != nil || err2 != nil {
			tb.Fatalf("bad count %q", kv)
		}
		m[ki] = vi
	}
	return m
}
