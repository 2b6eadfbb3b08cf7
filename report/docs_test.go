package report_test

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dropscope/dropscope/report"
)

// jsonPaths lists the JSON keys of t as dotted paths, "[]" marking list
// elements. A struct type met a second time is listed by its path only.
func jsonPaths(t reflect.Type, prefix string, seen map[reflect.Type]bool, out *[]string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	seen[t] = true
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		p := prefix + name
		*out = append(*out, p)
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		elem := ""
		if ft.Kind() == reflect.Slice {
			ft, elem = ft.Elem(), "[]"
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeOf(time.Time{}) && !seen[ft] {
			jsonPaths(ft, p+elem+".", seen, out)
		}
	}
}

var docRow = regexp.MustCompile("^\\| `([a-z0-9_.\\[\\]]+)` \\|")

// documented reads the field paths of docs/json.md by section: "summary"
// under the Summary heading, "jsonl" under the frame record heading.
func documented(t *testing.T) map[string]map[string]bool {
	b, err := os.ReadFile("../docs/json.md")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]map[string]bool{"summary": {}, "jsonl": {}}
	section := ""
	for _, l := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(l, "## Summary"):
			section = "summary"
		case strings.HasPrefix(l, "## Frame record"):
			section = "jsonl"
		case strings.HasPrefix(l, "## "):
			section = ""
		}
		if m := docRow.FindStringSubmatch(l); m != nil && section != "" {
			if docs[section][m[1]] {
				t.Errorf("docs/json.md: %s documented twice", m[1])
			}
			docs[section][m[1]] = true
		}
	}
	return docs
}

func compareDocs(t *testing.T, what string, keys []string, docs map[string]bool) {
	t.Helper()
	have := map[string]bool{}
	for _, k := range keys {
		have[k] = true
		if !docs[k] {
			t.Errorf("%s field %s is not documented in docs/json.md", what, k)
		}
	}
	var extra []string
	for k := range docs {
		if !have[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		t.Errorf("docs/json.md documents %s field %s, which the encoder does not write", what, k)
	}
}

func TestJSONDocs(t *testing.T) {
	docs := documented(t)
	var paths []string
	jsonPaths(reflect.TypeOf(report.Summary{}), "", map[reflect.Type]bool{}, &paths)
	compareDocs(t, "Summary", paths, docs["summary"])

	line := report.AppendJSONL(nil, &report.FrameRecord{Frame: 1, VLAN: -1})
	var rec map[string]any
	if err := json.Unmarshal(line, &rec); err != nil {
		t.Fatalf("JSON Lines record: %v", err)
	}
	var keys []string
	for k := range rec {
		keys = append(keys, k)
	}
	compareDocs(t, "FrameRecord", keys, docs["jsonl"])
}

// TestJSONKeysSnakeCase guards the naming rule of the contract.
func TestJSONKeysSnakeCase(t *testing.T) {
	var paths []string
	jsonPaths(reflect.TypeOf(report.Summary{}), "", map[reflect.Type]bool{}, &paths)
	ok := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	for _, p := range paths {
		for _, part := range strings.Split(strings.ReplaceAll(p, "[]", ""), ".") {
			if !ok.MatchString(part) {
				t.Errorf("%s: key %q is not snake_case", p, part)
			}
		}
	}
}
