//go:build linux

package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"
)

func TestLiveLoopbackStops(t *testing.T) {
	if err := ProbeLive(); errors.Is(err, ErrLivePermission) {
		t.Skip("needs root or CAP_NET_RAW: ", err)
	} else if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var pcapng bytes.Buffer
	l, err := OpenLive(LiveOptions{Iface: "lo", Duration: 5 * time.Second, Stop: ctx, Write: &pcapng})
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	for {
		_, err := l.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	st := l.Stats()
	if st.StopReason != "signal" || time.Since(start) > 2*time.Second {
		t.Errorf("stop %q after %v", st.StopReason, time.Since(start))
	}
	if st.StatsErr != "" || st.SocketPackets < st.Frames {
		t.Errorf("socket statistics: %+v", st)
	}
	if st.OutgoingFilter != OutgoingIgnoreSockopt || st.TPacketVersion != 3 {
		t.Errorf("filter %q, TPACKET_V%d", st.OutgoingFilter, st.TPacketVersion)
	}
	f, err := NewReader("live.pcapng", io.NopCloser(&pcapng))
	if err != nil {
		t.Fatalf("the --write output is not a capture: %v", err)
	}
	if f.Info().Format != "pcapng" {
		t.Errorf("format %q", f.Info().Format)
	}
}

func TestOpenLiveUnknownInterface(t *testing.T) {
	if _, err := OpenLive(LiveOptions{Iface: "dslive-nope"}); err == nil {
		t.Fatal("no error")
	}
}
