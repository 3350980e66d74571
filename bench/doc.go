// Package bench measures extraction speed on the machine it runs on, against
// that machine's own limit: the engine of `bertvec bench`.
//
// # The roofline
//
// bertvec's forward is dominated by float32 matrix multiplies. bench first
// measures how fast libtorch multiplies matrices of the model's shapes
// (every layer's four linear layers at 3·batch rows, each with its own
// weights, so they stream from memory as in a forward: model.GEMMRate) with
// every core busy, and keeps the faster of two plans: one single-threaded
// worker per core, and one worker with a thread per core (one worker per
// device on a GPU). It measures again before every setting and after the
// last and keeps the highest figure, since a shared machine can only make
// a measurement slower.
// FLOPsPerID counts the work of one id on bertvec's fast path (its doc
// comment has the formula); peak / FLOPsPerID is the bound on ids/s, and a
// setting's efficiency is ids_per_s × flops_per_id / peak.
//
// # Settings and jobs
//
// A Setting is extract's --batch, --workers and --threads. Each setting is
// one Job: load one model copy per device, run one warm-up batch per
// worker, then Reps repetitions of IDs ids (by default as many as take
// Target, about 10 s), workers pulling batches from a shared counter as
// extract's pool does. A Job is self-contained so that Child can run it in
// a fresh process: libtorch fixes a thread's pool size at its first op, and
// peak RSS is a per-process figure, so settings measured in one process
// would inherit each other's threads and memory. InProcess runs jobs in the
// calling process (tests, library use).
//
// # Devices
//
// On CUDA the device is synchronised before each clock starts and before
// it stops, each listed device gets its own model copy and Workers workers
// (plan), and the GPU memory in use is read from the CUDA runtime after
// the repetitions.
//
// Presentation: Report's JSON form is the schema of `bertvec bench --json`;
// the table is cmd/bertvec's (presentation lives in cmd).
package bench
