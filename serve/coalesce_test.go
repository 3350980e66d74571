package serve

import (
	"context"
	"testing"

	"github.com/bertvec/bertvec/search"
	"github.com/bertvec/bertvec/vecdir"
)

// A pass of queries with different k, metrics and exclusions answers each
// exactly as Analogy does alone: the largest k is run and cut, and the
// groups do not mix.
func TestCoalescedPassIsExact(t *testing.T) {
	st, err := search.Open(tinyVectors(t), vecdir.Dynamic)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.Prepare()
	c := &coalescer{store: st, max: maxCoalesce}
	var jobs []*job
	for i, tc := range []struct {
		expr string
		opt  search.Options
	}{
		{"王 - 男 + 女", search.Options{K: 1}},
		{"王 - 男 + 女", search.Options{K: 40}},
		{"東京 + 日本", search.Options{K: 7, Metric: search.Cosine}},
		{"女王", search.Options{K: 3, ExcludeQuery: true}},
		{"女王 - 女", search.Options{K: 417, Metric: search.Cosine, ExcludeQuery: true}},
		{"女王 - xyzzy", search.Options{K: 2}},
		{"女王 - 女", search.Options{K: 9, ExcludeSpecial: true}},
		{"女王 - 女", search.Options{K: 12, ExcludeSpecial: true, ExcludeQuery: true, Metric: search.Cosine}},
		{"猫", search.Options{K: 5}},
	} {
		e, err := search.ParseExpression(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if i == 8 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithCancel(ctx)
			cancel() // a client that left
		}
		jobs = append(jobs, &job{ctx: ctx, expr: e, opt: tc.opt, done: make(chan struct{})})
	}
	c.run(jobs)
	for i, j := range jobs {
		<-j.done
		if i == 8 {
			if j.err != errCanceled {
				t.Errorf("canceled job: %v", j.err)
			}
			continue
		}
		want, wantErr := st.Analogy(j.expr, j.opt)
		if (wantErr == nil) != (j.err == nil) || (wantErr != nil && wantErr.Error() != j.err.Error()) {
			t.Errorf("%v: error %v, alone %v", j.expr, j.err, wantErr)
			continue
		}
		if wantErr != nil {
			continue
		}
		if len(j.ans.Results) != len(want.Results) {
			t.Errorf("%v k=%d: %d results, alone %d", j.expr, j.opt.K, len(j.ans.Results), len(want.Results))
			continue
		}
		for r := range want.Results {
			if j.ans.Results[r] != want.Results[r] {
				t.Errorf("%v %+v rank %d: %+v, alone %+v", j.expr, j.opt, r+1, j.ans.Results[r], want.Results[r])
			}
		}
	}
}
