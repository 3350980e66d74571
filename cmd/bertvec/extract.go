package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"github.com/bertvec/bertvec/internal/bundled"
	"github.com/bertvec/bertvec/internal/env"
	"github.com/bertvec/bertvec/model"
	"github.com/bertvec/bertvec/pipeline"
	"github.com/bertvec/bertvec/vecdir"
)

// Defaults chosen by measurement on a 2-core machine with OpenBLAS
// (README, "Choosing the defaults"): 256 ids per batch make the GEMMs large
// enough ([768 x 768] x [768 x 3072]) to run at full speed; one worker per
// core with single-threaded libtorch and OpenBLAS (model.DefaultWorkers,
// model.DefaultBLASThreads) beats one worker with a threaded BLAS.
const (
	defaultBatch   = 256
	defaultThreads = 1
)

type extractFlags struct {
	model, out, kinds, device, weights, format, precision string
	batch, workers, threads, blas, layer                  int
	resume, force                                         bool
	contextFlags
}

func init() {
	register(command{"extract", "write every id's static, dynamic or corpus-pooled context vectors (.npy, word2vec)", runExtract}, help{
		Usage: "--out DIR [--model DIR] [flags]",
		About: `Runs the model over every vocabulary id and writes, per kind, a [V, H]
float32 .npy in --out, with vocab.txt and meta.json (the model, run and
checksums). static is the input embedding row; dynamic is the chosen
layer's output at position 1 of "[CLS] id [SEP]"; context is each id's
mean hidden state over a corpus of real sentences (--corpus; --layers
writes several layers in one pass, context_L<n>.npy), with
context_count.npy. Without --model the bundled tiny model (random weights)
is used. An interrupted run continues with --resume and gives the same
bytes. --shard i/n makes part i of n for bertvec merge.`,
		Examples: []string{
			"bertvec extract --model ~/models/bert-base-japanese --out vectors",
			"bertvec extract --out tiny --kinds static --format word2vec",
			"bertvec extract --model ~/models/bert-base-japanese --out vectors --kinds static,dynamic,context --layers 0,4,8,12 --corpus jawiki.txt.gz",
		},
	})
}

func runExtract(args []string, stdout, stderr io.Writer) error {
	var f extractFlags
	fs := newFlagSet("extract", stderr)
	fs.StringVar(&f.model, "model", "", "checkpoint directory, or Hugging Face Hub id ORG/NAME[@REVISION] (default: the bundled "+bundled.Name+", random weights)")
	fs.StringVar(&f.out, "out", "", "output directory (required)")
	fs.StringVar(&f.kinds, "kinds", "static,dynamic", "kinds to extract, comma-separated: static, dynamic, context (needs --corpus)")
	fs.StringVar(&f.device, "device", env.Device.String("cpu"), "cpu, cuda, cuda:N, or a list cuda:0,cuda:1 (env "+env.Device.Name+")")
	fs.StringVar(&f.weights, "weights", "auto", "weight file: auto (safetensors if present), safetensors or bin")
	fs.StringVar(&f.format, "format", "npy", "npy, or word2vec (npy plus gensim text and binary files)")
	fs.IntVar(&f.batch, "batch", defaultBatch, "ids per forward pass")
	fs.IntVar(&f.workers, "workers", 0, "concurrent batches per device (default: one per CPU core; 2 per GPU; at most 4 per core, 16 per GPU)")
	fs.IntVar(&f.blas, "blas-threads", 0, "OpenBLAS threads (default: CPU cores / CPU workers; at most 4 per core, 256)")
	threads, ok := env.Threads.Int(defaultThreads)
	fs.IntVar(&f.threads, "threads", threads, "libtorch intra-op threads, at most 4 per core and 256 (env "+env.Threads.Name+")")
	fs.IntVar(&f.layer, "layer", -1, "hidden state to keep: 0 = embeddings, 1..N = after layer N (default: last)")
	fs.StringVar(&f.precision, "precision", "fp32", "dynamic: the linear layers' number format, "+model.Precisions+" (bf16: faster on CPUs with AMX or AVX512-BF16, vectors off by ~1e-2; see bench --precision)")
	fs.BoolVar(&f.resume, "resume", false, "continue an interrupted run in --out")
	fs.BoolVar(&f.force, "force", false, "overwrite bertvec's files in --out")
	f.contextFlags.add(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if !ok {
		return usagef("%s=%q is not an integer", env.Threads.Name, os.Getenv(env.Threads.Name))
	}
	if len(rest) > 0 {
		return usagef("extract takes no arguments, got %q (did you mean --model?)", rest)
	}
	ctx, stop := signalContext(context.Background())
	defer stop()
	return extract(ctx, f, stdout, stderr)
}

// checkExtractFlags rejects bad flags before anything is loaded.
func checkExtractFlags(f extractFlags) (opts pipeline.Options, devs []model.Device, w model.WeightChoice, err error) {
	if f.out == "" {
		return opts, nil, w, usagef("--out is required")
	}
	if f.resume && f.force {
		return opts, nil, w, usagef("--resume and --force exclude each other")
	}
	for _, c := range []struct {
		name     string
		v, least int
	}{{"batch", f.batch, 1}, {"threads", f.threads, 1}, {"workers", f.workers, 0}, {"blas-threads", f.blas, 0}} {
		if c.v < c.least {
			return opts, nil, w, usagef("--%s %d: want %d or more", c.name, c.v, c.least)
		}
	}
	if f.layer < -1 {
		return opts, nil, w, usagef("--layer %d: want 0..N, or -1 for the last layer", f.layer)
	}
	if opts.Kinds, err = vecdir.ParseKinds(f.kinds); err != nil {
		return opts, nil, w, usagef("--kinds: %v", err)
	}
	if opts.Format, err = pipeline.ParseFormat(f.format); err != nil {
		return opts, nil, w, usagef("--format: %v", err)
	}
	if devs, err = model.ParseDevices(f.device); err != nil {
		return opts, nil, w, usagef("--device: %v", err)
	}
	if err = checkThreadFlags(f, devs); err != nil {
		return opts, nil, w, err
	}
	if w, err = model.ParseWeightChoice(f.weights); err != nil {
		return opts, nil, w, usagef("--weights: %v", err)
	}
	prec, err := model.ParsePrecision(f.precision)
	if err != nil {
		return opts, nil, w, usagef("--precision: %v", err)
	}
	if prec != model.FP32 {
		if slices.ContainsFunc(opts.Kinds, vecdir.Kind.IsContext) {
			return opts, nil, w, usagef("--precision %s: context vectors are computed in fp32 only; extract them in a separate run", prec)
		}
		opts.Precision = prec.String()
	}
	opts.OutDir, opts.Batch, opts.Threads = f.out, f.batch, f.threads
	opts.Resume, opts.Force = f.resume, f.force
	return opts, devs, w, nil
}

func extract(ctx context.Context, f extractFlags, stdout, stderr io.Writer) error {
	opts, devs, weights, err := checkExtractFlags(f)
	if err != nil {
		return err
	}
	cp, err := checkContextFlags(&opts, f.contextFlags)
	if err != nil {
		return err
	}
	if err := pipeline.Precheck(opts); err != nil { // before minutes of loading and hashing
		return extractHint(err)
	}
	ref, err := modelDir(ctx, f.model, modelOpts{Weights: f.weights, Progress: progressTo(stderr)}, stderr)
	if err != nil {
		return err
	}
	encs, err := loadEncoders(ctx, ref.Dir, devs, weights, f, progressTo(stderr))
	defer func() {
		for _, e := range encs {
			e.Close()
		}
	}()
	if err != nil {
		return err
	}
	if err := describeRun(&opts, encs, f, ref); err != nil {
		return err
	}
	opts.Progress = progressTo(stderr)
	opts.BLASThreads = blasThreads(devs, f)
	rep, err := extractAll(ctx, opts, cp, f.contextFlags, encs, stderr)
	if err != nil {
		return extractHint(err)
	}
	printReport(reportTo(stdout, stderr), rep)
	return nil
}

// loadEncoders loads one encoder per device. Threads are set before the
// first load: libtorch's pool size is fixed once an op has run.
func loadEncoders(ctx context.Context, dir string, devs []model.Device, w model.WeightChoice, f extractFlags, progress io.Writer) ([]*model.Encoder, error) {
	var encs []*model.Encoder
	blas := blasThreads(devs, f)
	for _, d := range devs {
		prec, err := model.ParsePrecision(f.precision) // checked by checkExtractFlags
		if err != nil {
			return encs, err
		}
		e, err := model.Load(ctx, dir, model.WithDevice(d), model.WithLayer(f.layer), model.WithWeights(w), model.WithThreads(f.threads), model.WithBLASThreads(blas),
			model.WithPrecision(prec), model.WithProgress(loadProgress(progress, d)))
		if err != nil {
			return encs, err
		}
		encs = append(encs, e)
	}
	return encs, nil
}

// describeRun fills in what the pipeline records about the model and run.
func describeRun(o *pipeline.Options, encs []*model.Encoder, f extractFlags, ref modelRef) error {
	ck := encs[0].Checkpoint()
	sum, err := model.FileSHA256(ck.WeightsPath)
	if err != nil {
		return err
	}
	cfg := ck.Config
	name, err := modelIdentity(f.model, ref)
	if err != nil {
		return err
	}
	o.Model = pipeline.ModelInfo{Dir: name, WeightsSHA256: sum, HiddenSize: cfg.HiddenSize, NumLayers: cfg.NumHiddenLayers, NumHeads: cfg.NumAttentionHeads, VocabSize: cfg.VocabSize}
	o.Model.ConfigSHA256 = cfg.ForwardSHA256(ck.Vocab.Specials())
	o.Model.HubID, o.Model.Revision, o.Model.Commit = ref.HubID, ref.Revision, ref.Commit
	if err := describeTokenizer(o, ref.Dir); err != nil {
		return err
	}
	o.Tokens = ck.Vocab.Tokens()
	o.Layer = encs[0].Layer()
	o.Version, o.LibtorchVersion = version, model.Runtime().Version
	for _, e := range encs {
		o.Groups = append(o.Groups, pipeline.WorkerGroup{Name: e.Device().String(), Encoder: e, Workers: workersFor(e.Device(), f)})
	}
	return nil
}

// modelIdentity is how meta.json names the model: the bundled model's
// name, the Hub id, or the checkpoint's absolute path (not its base name,
// which two checkpoints may share).
func modelIdentity(flag string, ref modelRef) (string, error) {
	if flag == "" || flag == bundled.Name {
		return bundled.Name, nil
	}
	if ref.HubID != "" {
		return ref.HubID, nil
	}
	return filepath.Abs(ref.Dir)
}

// workersFor is --workers, or the measured default for d.
func workersFor(d model.Device, f extractFlags) int {
	return model.PlanThreads([]model.Device{d}, f.workers, f.blas, runtime.NumCPU()).Workers[0]
}

func printReport(w io.Writer, rep *pipeline.Report) {
	if rep.AlreadyComplete {
		fmt.Fprintf(w, "%s is already complete; nothing to do\n", rep.OutDir)
		return
	}
	for _, k := range rep.Meta.KindList() {
		km := rep.Meta.Kind(k)
		fmt.Fprintf(w, "%-8s %s  %d x %d  %.1f s  %.0f ids/s\n", k, filepath.Join(rep.OutDir, km.File), km.Shape[0], km.Shape[1], km.WallSeconds, km.IDsPerSecond)
	}
	fmt.Fprintf(w, "wrote %s\n", filepath.Join(rep.OutDir, vecdir.MetaFile))
}
