package source

// Bounds of the reader, for the black-box tests.
const (
	MaxRecord = maxRecord
	MaxBlock  = maxBlock
)
