// Package kerneldiff holds the differential tests of the kernel model
// against the running kernel: frames are replayed into a veth pair in
// network namespaces the test creates (internal/kernelreplay), the
// receiver's counters are read after each frame, and the model, given the
// receiver's own /proc/net/ptype and kernel release, must predict exactly
// the frames the kernel counted. The tests need root and skip otherwise.
package kerneldiff
