package source

// Bounds of the reader, for the black-box tests.
const MaxBlock = maxBlock
