// Package ziptest rewrites zip archives for the tests of the readers of
// pytorch_model.bin (model and model/torchpickle), so that both build
// their hostile and re-compressed archives with one copy of the loop: a
// record changed, the archive re-compressed with another method, or a bit
// flipped in a record under its original CRC-32.
package ziptest
