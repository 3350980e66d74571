#!/bin/bash
# submit.sh N MODEL CORPUS OUTBASE [EXTRA EXTRACT FLAGS...]
# Queues an N-task array of context-array.sbatch and, after it, the merge.
# Prints the merge job's id. bertvec must be on the PATH of the compute
# nodes (sbatch passes this shell's environment on).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=$1 model=$2 corpus=$3 outbase=$4
shift 4
mkdir -p "$outbase"
array=$(sbatch --parsable --chdir="$outbase" --array="0-$((n - 1))" "$here/context-array.sbatch" "$model" "$corpus" "$outbase" "$@")
sbatch --parsable --chdir="$outbase" --dependency="afterok:${array%%;*}" "$here/merge.sbatch" "$outbase" "$n"
