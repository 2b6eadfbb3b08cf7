package corpustest_test

import (
	"bytes"
	"testing"

	"github.com/dropscope/dropscope/internal/corpustest"
)

func TestEthernet(t *testing.T) {
	macs := make([]byte, 12)
	cat := func(parts ...[]byte) []byte { return bytes.Join(append([][]byte{macs}, parts...), nil) }
	tests := []struct {
		name    string
		b       []byte
		typeLen uint16
		payload []byte
		ok      bool
	}{
		{"untagged", cat([]byte{0x86, 0xdd, 1, 2}), 0x86dd, []byte{1, 2}, true},
		{"802.1Q then 802.1ad then 0x9100", cat([]byte{0x81, 0x00, 0, 1, 0x88, 0xa8, 0, 2, 0x91, 0x00, 0, 3, 0x88, 0xcc, 9}), 0x88cc, []byte{9}, true},
		{"802.3 length, not cut", cat([]byte{0x00, 0x01, 7, 8}), 1, []byte{7, 8}, true},
		{"tag without a type", cat([]byte{0x81, 0x00, 0, 1}), 0, nil, false},
		{"short", macs, 0, nil, false},
	}
	for _, tt := range tests {
		typeLen, payload, ok := corpustest.Ethernet(tt.b)
		if typeLen != tt.typeLen || !bytes.Equal(payload, tt.payload) || ok != tt.ok {
			t.Errorf("%s: %#04x %x %t, want %#04x %x %t", tt.name, typeLen, payload, ok, tt.typeLen, tt.payload, tt.ok)
		}
	}
}

func TestSNAP(t *testing.T) {
	f := corpustest.EthernetFrame{Payload: []byte{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00, 0x02}}
	if b, ok := f.SNAP([3]byte{0x00, 0x00, 0x0c}, 0x2000); !ok || !bytes.Equal(b, []byte{0x02}) {
		t.Errorf("SNAP = %x %t", b, ok)
	}
	if _, ok := f.SNAP([3]byte{0x00, 0x00, 0x0c}, 0x010b); ok {
		t.Error("SNAP matched another protocol id")
	}
	f.EtherType = 0x0800
	if _, ok := f.SNAP([3]byte{0x00, 0x00, 0x0c}, 0x2000); ok {
		t.Error("SNAP matched an EtherType frame")
	}
}
