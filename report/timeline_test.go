package report_test

import (
	"testing"
	"time"

	"github.com/dropscope/dropscope/report"
)

func TestBuildTimeline(t *testing.T) {
	tests := []struct {
		name      string
		width     int64
		cells     []report.TimelineCell
		wantWidth int64
		wantN     int
	}{{
		name:      "10 min of 1 s buckets: 5 s buckets",
		width:     1,
		cells:     []report.TimelineCell{{Bucket: 1000, Class: "a", Frames: 1}, {Bucket: 1599, Class: "b", Frames: 2}},
		wantWidth: 5,
		wantN:     120, // 1000 .. 1595
	}, {
		name:      "one bucket",
		width:     1,
		cells:     []report.TimelineCell{{Bucket: 5, Class: "a", Frames: 3}},
		wantWidth: 1,
		wantN:     1,
	}, {
		name:      "4 s grid, 1 h span: a multiple of 4 s",
		width:     4,
		cells:     []report.TimelineCell{{Bucket: 0, Class: "a", Frames: 1}, {Bucket: 3596, Class: "a", Frames: 1}},
		wantWidth: 60,
		wantN:     60,
	}, {
		name:      "256 s grid, 100 days: 2 d, the first preferred multiple of 256 s",
		width:     256,
		cells:     []report.TimelineCell{{Bucket: 0, Class: "a", Frames: 1}, {Bucket: 100 * 86400, Class: "a", Frames: 1}},
		wantWidth: 2 * 86400,
		wantN:     51,
	}, {
		name:      "256 s grid, 20 years: no preferred width fits, doubling",
		width:     256,
		cells:     []report.TimelineCell{{Bucket: 0, Class: "a", Frames: 1}, {Bucket: 20 * 365 * 86400, Class: "a", Frames: 1}},
		wantWidth: 256 << 15,
		wantN:     76,
	}, {
		name:      "before 1970",
		width:     1,
		cells:     []report.TimelineCell{{Bucket: -5, Class: "a", Frames: 1}, {Bucket: 4, Class: "a", Frames: 1}},
		wantWidth: 1,
		wantN:     10,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := report.BuildTimeline(tt.width, tt.cells)
			if tl.BucketSeconds != tt.wantWidth || len(tl.Buckets) != tt.wantN {
				t.Fatalf("width %d, %d buckets; want %d, %d", tl.BucketSeconds, len(tl.Buckets), tt.wantWidth, tt.wantN)
			}
			var in, out uint64
			for _, c := range tt.cells {
				in += c.Frames
			}
			for i, b := range tl.Buckets {
				out += b.Counted
				if want := tl.Start.Add(time.Duration(int64(i)*tl.BucketSeconds) * time.Second); !b.Start.Equal(want) {
					t.Errorf("bucket %d starts %v, want %v", i, b.Start, want)
				}
				if b.Start.Unix()%tl.BucketSeconds != 0 {
					t.Errorf("bucket %d start %v is not a multiple of the width", i, b.Start)
				}
			}
			if in != out {
				t.Errorf("%d frames in, %d out", in, out)
			}
		})
	}
	if report.BuildTimeline(1, nil) != nil {
		t.Errorf("empty timeline is not nil")
	}
}

func TestBuildTimelineOther(t *testing.T) {
	var cells []report.TimelineCell
	for i, c := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		cells = append(cells, report.TimelineCell{Bucket: 0, Class: c, Frames: uint64(10 - i)})
	}
	tl := report.BuildTimeline(1, cells)
	want := []string{"a", "b", "c", "d", "e", report.TimelineOther}
	if len(tl.Classes) != len(want) {
		t.Fatalf("classes %v, want %v", tl.Classes, want)
	}
	for i := range want {
		if tl.Classes[i] != want[i] {
			t.Fatalf("classes %v, want %v", tl.Classes, want)
		}
	}
	if got := tl.Buckets[0].Counts[5]; got != 5+4+3 {
		t.Errorf("other = %d, want 12", got)
	}
}

func TestTimelineOfSamples(t *testing.T) {
	for _, name := range []string{"incident-el7.pcapng", "mixed-edge.pcap", "any-sll2.pcap"} {
		s := analyzeSample(t, name, nil)
		tl := s.Timeline
		if tl == nil {
			if s.Totals.Counted != 0 {
				t.Errorf("%s: no timeline for %d counted frames", name, s.Totals.Counted)
			}
			continue
		}
		var sum uint64
		for _, b := range tl.Buckets {
			sum += b.Counted
		}
		if sum != s.Totals.Counted || len(tl.Buckets) > report.TimelineMaxBuckets {
			t.Errorf("%s: timeline sums to %d in %d buckets; counted %d", name, sum, len(tl.Buckets), s.Totals.Counted)
		}
	}
}
