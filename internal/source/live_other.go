//go:build !linux

package source

import (
	"fmt"
	"runtime"
)

// Live is a live capture; it exists only on Linux.
type Live struct{}

func errNotLinux() error {
	return fmt.Errorf("live capture needs Linux (this is %s)", runtime.GOOS)
}

// ProbeLive reports that live capture needs Linux.
func ProbeLive() error { return errNotLinux() }

// OpenLive reports that live capture needs Linux.
func OpenLive(o LiveOptions) (*Live, error) { return nil, errNotLinux() }

// Info describes nothing.
func (l *Live) Info() Info { return Info{Format: "live"} }

// Next never yields a frame.
func (l *Live) Next() (Frame, error) { return Frame{}, errNotLinux() }

// Stats are empty.
func (l *Live) Stats() LiveStats { return LiveStats{} }

// Close does nothing.
func (l *Live) Close() error { return nil }
