package hub_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bertvec/bertvec/hub"
	"github.com/bertvec/bertvec/hub/hubtest"
)

// Download a model into a huggingface_hub cache, here from a fake Hub;
// with hub.FromEnv() instead, the endpoint, cache, token and offline mode
// come from HF_ENDPOINT, HF_HUB_CACHE, HF_TOKEN and HF_HUB_OFFLINE.
func Example() {
	srv := hubtest.New(&testing.T{})
	srv.Add(hubtest.Repo{ID: "org/tiny-bert", Commit: strings.Repeat("ab", 20), Files: []hubtest.File{
		{Name: "config.json", Data: []byte(`{"model_type": "bert"}`)},
		{Name: "vocab.txt", Data: []byte("[PAD]\n[UNK]\n")},
		{Name: "model.safetensors", Data: []byte("weights"), LFS: true},
	}})
	cache, _ := os.MkdirTemp("", "hub-example")
	defer os.RemoveAll(cache)

	c, err := hub.New(hub.WithEndpoint(srv.URL()), hub.WithCacheDir(cache))
	if err != nil {
		fmt.Println(err)
		return
	}
	ref, _ := hub.ParseRef("org/tiny-bert@main")
	snap, err := c.Resolve(context.Background(), ref)
	if err != nil {
		fmt.Println(err)
		return
	}
	rel, _ := filepath.Rel(cache, snap.Dir)
	link, _ := os.Readlink(filepath.Join(snap.Dir, "model.safetensors"))
	fmt.Println(rel)
	fmt.Println(snap.Files)
	fmt.Println("model.safetensors ->", link)
	// Output:
	// models--org--tiny-bert/snapshots/abababababababababababababababababababab
	// [config.json vocab.txt model.safetensors]
	// model.safetensors -> ../../blobs/9a129038d9a00aed0cf6a7ea059ca50a813449061ab87848cf1a13eafdf33b2c
}
