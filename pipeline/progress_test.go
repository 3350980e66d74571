package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/bertvec/bertvec/pipeline/pipelinetest"
)

func TestProgressLines(t *testing.T) {
	var out bytes.Buffer
	o := fakeOptions(t.TempDir(), pipelinetest.NewFake(100, 4), 10, 3)
	o.Progress = &out
	o.ProgressEvery = time.Hour // lines only at 10% steps
	if _, err := Extract(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`^(static|dynamic): (\d+)/100 ids \((\d+)%\), \d+ ids/s, (ETA [0-9hms.]+|done in [0-9hmsµn.]+)$`)
	var got []string
	for _, l := range bytes.Split(bytes.TrimSuffix(out.Bytes(), []byte("\n")), []byte("\n")) {
		m := line.FindStringSubmatch(string(l))
		if m == nil {
			t.Fatalf("line %q is not a progress line", l)
		}
		if n, _ := strconv.Atoi(m[2]); strconv.Itoa(n) != m[3] {
			t.Errorf("line %q: percent does not match the count", l)
		}
		got = append(got, m[1]+" "+m[2])
	}
	var want []string
	want = append(want, "static 100")
	for n := 10; n <= 100; n += 10 {
		want = append(want, "dynamic "+strconv.Itoa(n))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("progress lines for\n%v, want\n%v", got, want)
	}
}
