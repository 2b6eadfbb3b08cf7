package report_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dropscope/dropscope/report"
)

var mdSeparator = regexp.MustCompile(`^\|( *:?-+:? *\|)+$`)

// unescapedPipes counts the | of a Markdown line that are not escaped
// with a backslash.
func unescapedPipes(l string) int {
	k, bs := 0, 0
	for _, r := range l {
		switch {
		case r == '\\':
			bs++
			continue
		case r == '|' && bs%2 == 0:
			k++
		}
		bs = 0
	}
	return k
}

// checkMarkdownTables requires every row of every pipe table to have as
// many cell separators as its header, and cells a reader can take in.
func checkMarkdownTables(t *testing.T, md string) {
	t.Helper()
	lines := strings.Split(md, "\n")
	tables := 0
	for i := 0; i+1 < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "|") || !mdSeparator.MatchString(lines[i+1]) {
			continue
		}
		tables++
		if i > 0 && lines[i-1] != "" {
			t.Errorf("line %d: a table must follow a blank line", i+1)
		}
		want := unescapedPipes(lines[i])
		j := i + 1
		for ; j < len(lines) && strings.HasPrefix(lines[j], "|"); j++ {
			if got := unescapedPipes(lines[j]); got != want {
				t.Errorf("line %d: %d cell separators, header has %d: %q", j+1, got, want, lines[j])
			}
			for _, cell := range strings.Split(lines[j], " | ") {
				if len(cell) > 320 {
					t.Errorf("line %d: cell of %d bytes: %.60q...", j+1, len(cell), cell)
				}
			}
		}
		i = j - 1
	}
	if tables == 0 {
		t.Errorf("no pipe table found")
	}
	if strings.Count(md, "<details>") != strings.Count(md, "</details>") {
		t.Errorf("unbalanced <details>")
	}
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// checkHTML requires a self-contained, well-formed HTML5 page with an
// inline SVG that is also well-formed XML.
func checkHTML(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("<!DOCTYPE html>\n")) {
		t.Errorf("no HTML5 doctype")
	}
	for _, s := range []string{"http://", "https://", "<script", "@import", "url("} {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("page contains %q", s)
		}
	}
	z := html.NewTokenizer(bytes.NewReader(b))
	var stack []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if err := z.Err(); !errors.Is(err, io.EOF) {
				t.Errorf("tokenizer: %v", err)
			}
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range tok.Attr {
				if a.Key == "src" || a.Key == "href" || strings.HasSuffix(a.Key, ":href") || a.Key == "xmlns" {
					v := strings.TrimSpace(a.Val)
					if strings.HasPrefix(v, "//") || strings.Contains(v, ":") {
						t.Errorf("<%s %s=%q>: external reference", tok.Data, a.Key, a.Val)
					}
				}
			}
			if tt == html.StartTagToken && !voidElements[tok.Data] {
				stack = append(stack, tok.Data)
			}
		case html.EndTagToken:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				t.Fatalf("</%s> closes %v", tok.Data, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		t.Errorf("unclosed elements %v", stack)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("html.Parse: %v", err)
	}
	var svgs int
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Svg && n.Namespace == "svg" {
			svgs++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if svgs == 0 && bytes.Contains(b, []byte(`id="timeline"`)) {
		t.Errorf("timeline section without an SVG")
	}
	for rest := string(b); ; {
		i := strings.Index(rest, "<svg")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], "</svg>")
		if j < 0 {
			t.Fatalf("<svg> without </svg>")
		}
		d := xml.NewDecoder(strings.NewReader(rest[i : i+j+len("</svg>")]))
		for {
			if _, err := d.Token(); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Errorf("SVG is not well-formed XML: %v", err)
				}
				break
			}
		}
		rest = rest[i+j:]
	}
}

func TestMarkdownEscapes(t *testing.T) {
	s := &report.Summary{SchemaVersion: report.SchemaVersion, Headline: "a | b <script> *x*",
		Senders: []report.Sender{{MAC: "00:11:22:33:44:55", Vendor: "Pipe | Corp <b>", Classes: []string{"a|b"}, Frames: 1}},
		Drops:   []report.Drop{{Class: "we|rd", Counter: "rx_dropped", SkbProtocol: "0x86dd", Frames: 1}},
	}
	var b bytes.Buffer
	if err := report.WriteMarkdown(&b, s, report.MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	checkMarkdownTables(t, b.String())
	if strings.Contains(b.String(), "<script>") || strings.Contains(b.String(), "<b>") {
		t.Errorf("HTML from the data reached the Markdown:\n%s", b.String())
	}
	b.Reset()
	if err := report.WriteHTML(&b, s, report.HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	checkHTML(t, b.Bytes())
	if strings.Contains(b.String(), "<script>") {
		t.Errorf("HTML from the data reached the page")
	}
}

func TestMarkdownLongTableCollapses(t *testing.T) {
	s := &report.Summary{SchemaVersion: report.SchemaVersion}
	for i := 0; i < 25; i++ {
		s.Classes = append(s.Classes, report.ClassRow{Class: "c" + strings.Repeat("x", i), Frames: uint64(100 - i)})
	}
	var b bytes.Buffer
	if err := report.WriteMarkdown(&b, s, report.MarkdownOptions{Top: 10}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "<summary>All 25 classes</summary>") {
		t.Errorf("no collapsed full table:\n%s", b.String())
	}
	checkMarkdownTables(t, b.String())
}
