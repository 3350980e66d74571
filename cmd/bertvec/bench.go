package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"github.com/bertvec/bertvec/bench"
	"github.com/bertvec/bertvec/internal/env"
	"github.com/bertvec/bertvec/model"
)

func init() {
	register(command{"bench", "extraction speed on this machine, against its own GEMM roofline", runBench}, help{
		About: `Times dynamic extraction (extract's fast path) for every combination of
--batch, --workers and --threads, each in a fresh process: ids/s (median,
min, max of --reps runs), ms per batch, peak RSS (and GPU memory on CUDA),
and the projected time for the whole vocabulary. First it measures the
machine's sustained GEMM rate for the model's shapes through libtorch (in
--precision's format);
with the FLOPs one id costs on bertvec's path that gives a bound on ids/s,
and each setting's efficiency against it. The best setting is marked, with
the extract flags that give it. Without --model it generates a
BERT-base-shaped random checkpoint once in the user cache directory.
--compare also times the generic batched forward (no fast path) and the
article's one-id-per-forward method on a sample. --precision bf16 times
bfloat16 products and reports how far its vectors are from fp32's.`,
		Examples: []string{
			"bertvec bench",
			"bertvec bench --batch 256 --workers 1,2 --threads 1,2 --reps 5 --precision bf16",
			"bertvec bench --model cl-tohoku/bert-base-japanese --device cuda:0,cuda:1 --batch 512,1024 --workers 2 --json",
		},
	})
}

type benchFlags struct {
	model, device, batch, workers, threads, precision string
	ids, reps, layer                                  int
	json, compare, child                              bool
}

func runBench(args []string, stdout, stderr io.Writer) error {
	var f benchFlags
	fs := newFlagSet("bench", stderr)
	fs.StringVar(&f.model, "model", "", "checkpoint directory or Hub id (default: a generated BERT-base-shaped random checkpoint)")
	fs.StringVar(&f.device, "device", env.Device.String("cpu"), "cpu, cuda, cuda:N, or a list cuda:0,cuda:1: one model copy per device (env "+env.Device.Name+")")
	fs.StringVar(&f.batch, "batch", "64,256,512", "ids per forward: a list")
	fs.StringVar(&f.workers, "workers", "", "concurrent forwards per device: a list (default: extract's, one per core on the CPU, 2 per GPU)")
	fs.StringVar(&f.threads, "threads", "1", "libtorch intra-op threads per forward: a list")
	fs.IntVar(&f.ids, "ids", 0, "ids per run (default: as many as take about 10 s)")
	fs.IntVar(&f.reps, "reps", 3, "runs per setting")
	fs.IntVar(&f.layer, "layer", -1, "hidden state extracted, as extract's --layer: 1..N, or -1 for the last")
	fs.StringVar(&f.precision, "precision", "fp32", "linear layers' number format, as extract's --precision: "+model.Precisions+" (bf16 also reports its error against fp32)")
	fs.BoolVar(&f.json, "json", false, "print one JSON object instead of the table")
	fs.BoolVar(&f.compare, "compare", false, "also time the generic forward and the one-id-per-forward method")
	fs.BoolVar(&f.child, "child", false, "internal: run one measurement described on stdin (bench starts itself this way)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("bench takes no arguments, got %q", rest)
	}
	ctx, stop := signalContext(context.Background())
	defer stop()
	if f.child {
		return bench.ServeChild(ctx, os.Stdin, stdout)
	}
	o, err := benchOptions(f)
	if err != nil {
		return err
	}
	if f.model != "" {
		ref, err := resolveModel(ctx, f.model, modelOpts{Weights: "auto", Progress: progressTo(stderr)})
		if err != nil {
			return err
		}
		o.Model = ref.Dir
	}
	o.Log = progressTo(stderr)
	if self, err := os.Executable(); err == nil {
		o.Exec = bench.Child(self, "bench", "--child")
	}
	rep, err := bench.Run(ctx, o)
	if err != nil {
		return err
	}
	if f.json {
		return rep.WriteJSON(stdout)
	}
	return writeBenchTable(stdout, rep)
}

// benchOptions checks the flags and turns them into bench.Options.
func benchOptions(f benchFlags) (bench.Options, error) {
	var o bench.Options
	devs, err := model.ParseDevices(f.device)
	if err != nil {
		return o, usagef("--device: %v", err)
	}
	if f.workers == "" {
		f.workers = strconv.Itoa(model.DefaultWorkers(devs[0], runtime.NumCPU()))
	}
	var batches, workers, threads []int
	for _, l := range []struct {
		name, s string
		dst     *[]int
	}{{"--batch", f.batch, &batches}, {"--workers", f.workers, &workers}, {"--threads", f.threads, &threads}} {
		if *l.dst, err = bench.ParseList(l.s); err != nil {
			return o, usagef("%s %q: %v", l.name, l.s, err)
		}
	}
	if f.reps < 1 {
		return o, usagef("--reps %d: want 1 or more", f.reps)
	}
	if f.ids < 0 {
		return o, usagef("--ids %d: want 1 or more, or 0 for about 10 s per run", f.ids)
	}
	if f.layer == 0 || f.layer < -1 {
		return o, usagef("--layer %d: want 1..N, or -1 for the last layer (layer 0, the embeddings, has no forward to time)", f.layer)
	}
	prec, err := model.ParsePrecision(f.precision)
	if err != nil {
		return o, usagef("--precision: %v", err)
	}
	cache, err := os.UserCacheDir()
	if err == nil {
		cache = filepath.Join(cache, "bertvec")
	}
	o = bench.Options{Devices: devs, Settings: bench.Grid(batches, workers, threads), IDs: f.ids, Reps: f.reps,
		Layer: f.layer, Compare: f.compare, CacheDir: cache, Precision: prec}
	return o, nil
}
