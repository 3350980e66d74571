package serve_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"

	"github.com/bertvec/bertvec/serve"
)

// A server over the bundled model's vectors, asked one analogy.
func Example() {
	dir, _ := os.MkdirTemp("", "vectors")
	defer os.RemoveAll(dir)
	for _, f := range []string{"vocab.txt", "reference/static.npy"} {
		b, _ := os.ReadFile(filepath.Join("../testdata/tiny-bert-ja", f))
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
	}
	s, err := serve.New(serve.Config{Vectors: dir})
	if err != nil {
		fmt.Println(err)
		return
	}
	ts := httptest.NewServer(s.Handler())
	defer func() { ts.Close(); s.Close() }()
	resp, err := http.Get(ts.URL + "/api/analogy?k=2&q=" + url.QueryEscape("王 - 男 + 女"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Print(resp.StatusCode, " ", string(body))
	// Output:
	// 200 {"query":"王 - 男 + 女","kind":"static","metric":"l2","results":[{"rank":1,"id":88,"token":"女","distance":4.9406457,"cosine":0.6682951},{"rank":2,"id":86,"token":"王","distance":5.2522817,"cosine":0.641209}]}
}
