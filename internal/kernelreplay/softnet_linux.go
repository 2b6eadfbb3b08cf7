package kernelreplay

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"golang.org/x/sys/unix"
)

// softnetStat is the per-CPU receive statistics file. Its content is the
// same in every network namespace.
const softnetStat = "/proc/net/softnet_stat"

// softnetQlenField is the column of a softnet_stat line holding
// input_qlen + process_qlen, the packets waiting in that CPU's backlog
// (softnet_seq_show, net/core/net-procfs.c, 6.x: processed, dropped,
// time_squeeze, six zeros, received_rps, flow_limit_count, backlog length,
// CPU index, ...).
const softnetQlenField = 11

var errNoQlen = errors.New("softnet_stat: no backlog length column")

// backlogReader tells whether every CPU's receive backlog is empty.
type backlogReader struct {
	fd  int
	buf []byte
}

func openBacklogReader() (*backlogReader, error) {
	fd, err := unix.Open(softnetStat, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", softnetStat, err)
	}
	r := &backlogReader{fd: fd, buf: make([]byte, 16<<10)}
	if _, err := r.idle(); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return r, nil
}

func (r *backlogReader) close() error { return unix.Close(r.fd) }

// idle reports whether no CPU has a packet in its backlog.
func (r *backlogReader) idle() (bool, error) {
	n := 0
	for {
		if n == len(r.buf) {
			r.buf = append(r.buf, make([]byte, len(r.buf))...)
		}
		m, err := unix.Pread(r.fd, r.buf[n:], int64(n))
		if err != nil {
			return false, fmt.Errorf("read %s: %w", softnetStat, err)
		}
		if m == 0 {
			break
		}
		n += m
	}
	return backlogIdle(r.buf[:n])
}

// backlogIdle parses softnet_stat text.
func backlogIdle(b []byte) (bool, error) {
	lines := 0
	for line := range bytes.Lines(b) {
		f := bytes.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) <= softnetQlenField {
			return false, errNoQlen
		}
		q, err := strconv.ParseUint(string(f[softnetQlenField]), 16, 32)
		if err != nil {
			return false, fmt.Errorf("softnet_stat: backlog length %q: %w", f[softnetQlenField], err)
		}
		lines++
		if q != 0 {
			return false, nil
		}
	}
	if lines == 0 {
		return false, errors.New("softnet_stat: empty")
	}
	return true, nil
}
