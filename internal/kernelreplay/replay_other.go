//go:build !linux

package kernelreplay

import (
	"context"
	"fmt"
	"runtime"
)

// Available reports that replay needs Linux.
func Available() error {
	return fmt.Errorf("kernelreplay: not implemented on %s", runtime.GOOS)
}

// Replay needs Linux; elsewhere it returns the error of Available.
func Replay(ctx context.Context, frames [][]byte, opts Options) (Result, error) {
	return Result{}, Available()
}
