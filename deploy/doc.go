// Package deploy holds no Go code: it ships the example deployments of
// sharded context extraction (README.md) and tests them for real.
//
//   - slurm/: an sbatch array job (one task per shard, --shard auto/N from
//     SLURM_ARRAY_TASK_ID) and a merge job queued after it (submit.sh).
//     TestSlurmArrayMatchesSingleRun starts a throwaway one-node Slurm
//     cluster (munged, slurmctld, slurmd on 127.0.0.1, config in a temp
//     dir), submits the array on the tiny model, waits, and compares the
//     merged vectors with a single run. It needs root, slurm-wlm and munge
//     (make test installs them) and fails, never skips, without them.
//   - kubernetes/: an Indexed Job (JOB_COMPLETION_INDEX is the shard) and
//     a merge Job, checked by decoding them strictly into k8s.io/api's
//     batch/v1 types.
package deploy
