package deploy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	"sigs.k8s.io/yaml"
)

// decodeJobs decodes every document of a manifest strictly: a misspelt or
// misplaced field is an error, not silently dropped as kubectl apply
// without validation would.
func decodeJobs(t *testing.T, path string) []batchv1.Job {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var jobs []batchv1.Job
	for i, doc := range strings.Split(string(b), "\n---\n") {
		js, err := yaml.YAMLToJSON([]byte(doc))
		if err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
		dec := json.NewDecoder(bytes.NewReader(js))
		dec.DisallowUnknownFields()
		var j batchv1.Job
		if err := dec.Decode(&j); err != nil {
			t.Fatalf("document %d is not a batch/v1 Job: %v", i, err)
		}
		if j.APIVersion != "batch/v1" || j.Kind != "Job" {
			t.Fatalf("document %d is %s %s", i, j.APIVersion, j.Kind)
		}
		jobs = append(jobs, j)
	}
	return jobs
}

func command(c []string, args []string) string { return strings.Join(append(c, args...), " ") }

func TestKubernetesIndexedJob(t *testing.T) {
	jobs := decodeJobs(t, "kubernetes/context-job.yaml")
	if len(jobs) != 2 {
		t.Fatalf("%d jobs, want the extract and the merge", len(jobs))
	}
	ex, merge := jobs[0].Spec, jobs[1].Spec
	if ex.CompletionMode == nil || *ex.CompletionMode != batchv1.IndexedCompletion {
		t.Fatal("the extract job is not Indexed: pods would get no JOB_COMPLETION_INDEX")
	}
	if ex.Completions == nil || ex.Parallelism == nil || *ex.Completions != *ex.Parallelism || *ex.Completions < 2 {
		t.Fatalf("completions %v, parallelism %v: want equal, one pod per shard", ex.Completions, ex.Parallelism)
	}
	n := int(*ex.Completions)
	c := ex.Template.Spec.Containers[0]
	run := command(c.Command, c.Args)
	for _, want := range []string{"bertvec extract", "--kinds context", fmt.Sprintf("--shard auto/%d", n), "shard-$JOB_COMPLETION_INDEX", "--resume"} {
		if !strings.Contains(run, want) {
			t.Errorf("extract command %q lacks %q", run, want)
		}
	}
	m := merge.Template.Spec.Containers[0]
	mrun := command(m.Command, m.Args)
	wait := command(merge.Template.Spec.InitContainers[0].Command, merge.Template.Spec.InitContainers[0].Args)
	if !strings.Contains(mrun, "bertvec merge --out") {
		t.Errorf("merge command %q", mrun)
	}
	for i := range n {
		shard := fmt.Sprintf("/data/out/shard-%d", i)
		if !strings.Contains(mrun, shard) || !strings.Contains(wait, shard+"/meta.json") {
			t.Errorf("the merge step does not take and wait for %s", shard)
		}
	}
	if strings.Contains(mrun, fmt.Sprintf("shard-%d", n)) {
		t.Errorf("the merge step names a shard beyond %d", n-1)
	}
}
