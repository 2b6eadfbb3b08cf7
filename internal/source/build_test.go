package source_test

import "encoding/binary"

// Little-endian capture builders for the tests. Each returns the bytes of
// one header, record or block, lengths filled in as given, not as they
// should be.

var le = binary.LittleEndian

// pcapHeader is a classic pcap file header, version 2.4, µs timestamps.
func pcapHeader(snaplen, linkType uint32) []byte {
	b := le.AppendUint32(nil, 0xa1b2c3d4) // magic
	b = le.AppendUint16(b, 2)             // version major
	b = le.AppendUint16(b, 4)             // version minor
	b = le.AppendUint32(b, 0)             // thiszone
	b = le.AppendUint32(b, 0)             // sigfigs
	b = le.AppendUint32(b, snaplen)       // snaplen
	return le.AppendUint32(b, linkType)   // network
}

// pcapRecord is a record header followed by data.
func pcapRecord(sec, caplen, origlen uint32, data []byte) []byte {
	b := le.AppendUint32(nil, sec) // ts_sec
	b = le.AppendUint32(b, 0)      // ts_usec
	b = le.AppendUint32(b, caplen) // incl_len
	b = le.AppendUint32(b, origlen)
	return append(b, data...)
}

// ngBlock is a pcapng block of type typ around body, with total length
// length (0: the right one, body padded to 4 bytes).
func ngBlock(typ uint32, length uint32, body []byte) []byte {
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	if length == 0 {
		length = uint32(12 + len(body))
	}
	b := le.AppendUint32(nil, typ)
	b = le.AppendUint32(b, length)
	b = append(b, body...)
	return le.AppendUint32(b, length)
}

// ngSHB is a section header block, version 1.0, unknown section length.
func ngSHB() []byte {
	body := le.AppendUint32(nil, 0x1a2b3c4d)         // byte-order magic
	body = le.AppendUint16(body, 1)                  // major
	body = le.AppendUint16(body, 0)                  // minor
	body = le.AppendUint64(body, 0xffffffffffffffff) // section length
	return ngBlock(0x0a0d0d0a, 0, body)
}

// ngIDB is an interface description block without options.
func ngIDB(linkType uint16, snaplen uint32) []byte {
	body := le.AppendUint16(nil, linkType) // link type
	body = le.AppendUint16(body, 0)        // reserved
	body = le.AppendUint32(body, snaplen)  // snaplen
	return ngBlock(1, 0, body)
}

// ngEPB is an enhanced packet block on interface 0; opts are appended
// after the padded data as they are.
func ngEPB(caplen, origlen uint32, data, opts []byte) []byte {
	body := le.AppendUint32(nil, 0) // interface id
	body = le.AppendUint32(body, 0) // timestamp high
	body = le.AppendUint32(body, 1) // timestamp low
	body = le.AppendUint32(body, caplen)
	body = le.AppendUint32(body, origlen)
	body = append(body, data...)
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	return ngBlock(6, 0, append(body, opts...))
}

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// ethFrame is a 60-byte broadcast ARP-typed frame whose last byte is i.
func ethFrame(i byte) []byte {
	b := make([]byte, 60)
	copy(b, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06})
	b[59] = i
	return b
}
