package model

// Option configures Load.
type Option func(*options)

type options struct {
	device   Device
	layer    int // -1: the last layer
	weights  WeightChoice
	threads  int // 0: leave libtorch's default
	blas     int // 0: leave OpenBLAS's default
	progress func(done, total int)
	prec     Precision
}

func defaultOptions() options {
	return options{device: Device{Kind: CPU}, layer: -1, weights: WeightsAuto}
}

// WithDevice runs the model on d (default: the CPU).
func WithDevice(d Device) Option { return func(o *options) { o.device = d } }

// WithLayer makes Dynamic return the hidden state after encoder layer n:
// 0 is the embedding output, 1..N the layers; -1 (the default) is layer N.
func WithLayer(n int) Option { return func(o *options) { o.layer = n } }

// WithWeights chooses the weight file when a directory has both.
func WithWeights(c WeightChoice) Option { return func(o *options) { o.weights = c } }

// WithThreads sets libtorch's intra-op threads (0 keeps the default).
// The setting is process-wide: libtorch keeps one pool.
func WithThreads(n int) Option { return func(o *options) { o.threads = n } }

// WithBLASThreads sets OpenBLAS's own thread count (0 keeps the default);
// process-wide, and ignored when the BLAS in use is not OpenBLAS.
func WithBLASThreads(n int) Option { return func(o *options) { o.blas = n } }

// WithProgress receives the number of weight tensors loaded so far.
func WithProgress(f func(done, total int)) Option { return func(o *options) { o.progress = f } }

// WithPrecision sets the number format of the linear layers (default
// FP32; see Precision).
func WithPrecision(p Precision) Option { return func(o *options) { o.prec = p } }
