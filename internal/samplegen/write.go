package samplegen

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// SnapLen is the snap length written in every file header (tcpdump's
// default since 4.99).
const SnapLen = 262144

// incidentOS is what the pcapng section and interface blocks say about the
// capturing host.
const incidentOS = "Linux 3.10.0-514.16.1.el7.x86_64"

// File is one file of samples/.
type File struct {
	Name  string // base name in samples/
	write func(io.Writer) error
}

// Files returns every file of samples/, in a fixed order.
func Files() []File {
	return []File{
		{"incident-el7.pcapng", func(w io.Writer) error { return writeIncidentNg(w, Incident()) }},
		{"incident-el7.pcap.gz", func(w io.Writer) error { return writeGzipPcap(w, Incident()) }},
		{"mixed-edge.pcap", func(w io.Writer) error {
			return writePcap(pcapgo.NewWriterNanos(w), layers.LinkTypeEthernet, MixedEdge())
		}},
		{"any-sll2.pcap", func(w io.Writer) error {
			return writePcap(pcapgo.NewWriter(w), layers.LinkTypeLinuxSLL2, AnySLL2())
		}},
		{"any-sll.pcap", func(w io.Writer) error {
			return writePcap(pcapgo.NewWriter(w), layers.LinkTypeLinuxSLL, AnySLL())
		}},
	}
}

// Bytes returns the content of f.
func (f File) Bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := f.write(&b); err != nil {
		return nil, fmt.Errorf("samplegen: %s: %w", f.Name, err)
	}
	return b.Bytes(), nil
}

// WriteAll writes every file of Files into dir, which must exist.
func WriteAll(dir string) error {
	for _, f := range Files() {
		b, err := f.Bytes()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), b, 0o644); err != nil {
			return fmt.Errorf("samplegen: %w", err)
		}
	}
	return nil
}

func captureInfo(p Packet) gopacket.CaptureInfo {
	return gopacket.CaptureInfo{
		Timestamp:      p.Time,
		CaptureLength:  len(p.Data),
		Length:         p.OrigLen,
		InterfaceIndex: p.Iface,
	}
}

// writeIncidentNg writes one section with one Ethernet interface, em1, and
// an enhanced packet block per frame whose epb_flags carry the direction and
// the reception type (pcapng §4.3.1).
func writeIncidentNg(w io.Writer, pkts []Packet) error {
	intf := pcapgo.NgInterface{
		Name:        "em1",
		Description: "Intel I350 port 1",
		OS:          incidentOS,
		LinkType:    layers.LinkTypeEthernet,
		SnapLength:  SnapLen,
	}
	opts := pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{
		Hardware:    "x86_64",
		OS:          incidentOS,
		Application: "dropscope cmd/samplegen",
	}}
	ng, err := pcapgo.NewNgWriterInterface(w, intf, opts)
	if err != nil {
		return err
	}
	for _, p := range pkts {
		flags := pcapgo.NgEpbFlags{Direction: ngDirection(p.Dir), Reception: ngReception(p.Data, IncidentHostMAC)}
		if err := ng.WritePacketWithOptions(captureInfo(p), p.Data, pcapgo.NgPacketOptions{Flags: &flags}); err != nil {
			return err
		}
	}
	return ng.Flush()
}

func ngDirection(d Direction) pcapgo.NgEpbFlag {
	switch d {
	case DirInbound:
		return pcapgo.NgEpbFlagDirectionInbound
	case DirOutbound:
		return pcapgo.NgEpbFlagDirectionOutbound
	case DirUnknown:
	}
	return pcapgo.NgEpbFlagDirectionUnknown
}

func ngReception(frame []byte, host [6]byte) pcapgo.NgEpbFlag {
	switch PktType([6]byte(frame[0:6]), host) {
	case PacketHost:
		return pcapgo.NgEpbFlagReceptionTypeUnicast
	case PacketBroadcast:
		return pcapgo.NgEpbFlagReceptionTypeBroadcast
	case PacketMulticast:
		return pcapgo.NgEpbFlagReceptionTypeMulticast
	}
	return pcapgo.NgEpbFlagReceptionTypePromiscuous
}

func writePcap(pw *pcapgo.Writer, lt layers.LinkType, pkts []Packet) error {
	if err := pw.WriteFileHeader(SnapLen, lt); err != nil {
		return err
	}
	for _, p := range pkts {
		if err := pw.WritePacket(captureInfo(p), p.Data); err != nil {
			return err
		}
	}
	return nil
}

// writeGzipPcap writes a microsecond pcap through gzip with an empty header:
// no name, no comment, modification time zero.
func writeGzipPcap(w io.Writer, pkts []Packet) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	for i := range pkts {
		pkts[i].Iface = 0
	}
	if err := writePcap(pcapgo.NewWriter(zw), layers.LinkTypeEthernet, pkts); err != nil {
		return err
	}
	return zw.Close()
}
