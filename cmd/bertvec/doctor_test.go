package main

import (
	"strings"
	"testing"

	"github.com/bertvec/bertvec/internal/env"
)

// Doctor checks every variable it lists; one added to env.All without a
// checker fails here.
func TestEnvCheckersCoverAll(t *testing.T) {
	for _, v := range env.All {
		if envCheckers[v.Name] == nil {
			t.Errorf("%s has no checker in envCheckers", v.Name)
		}
	}
}

func TestEnvChecks(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, value string
		ok          bool
		remedy      string
	}{
		{env.Threads.Name, "abc", false, "unset BERTVEC_THREADS or set it to a positive integer"},
		{env.Threads.Name, "0", false, "unset BERTVEC_THREADS"},
		{env.Threads.Name, "2", true, ""},
		{env.Device.Name, "gpu0", false, "unset BERTVEC_DEVICE or set it to cpu, cuda"},
		{env.Device.Name, "cuda:1", true, ""},
		{env.Libtorch.Name, dir, false, "unset LIBTORCH or set it to a directory with include and lib"},
		{env.HFEndpoint.Name, "huggingface.co", false, "https://huggingface.co"},
		{env.HFEndpoint.Name, "https://hf-mirror.example", true, ""},
		{env.HFOffline.Name, "maybe", false, "1 or 0"},
		{env.HFOffline.Name, "1", true, ""},
		{env.HFDownloadWait.Name, "-5", false, "seconds"},
		{env.JobCompletionIndex.Name, "x", false, "index"},
		{env.HFHome.Name, dir + "/not-yet", true, ""},
	} {
		checks := envChecks(func(name string) string {
			if name == tc.name {
				return tc.value
			}
			return ""
		})
		found := false
		for _, c := range checks {
			if !strings.Contains(c.Value, tc.name) {
				continue
			}
			found = true
			if c.OK != tc.ok || !strings.Contains(c.Remedy, tc.remedy) {
				t.Errorf("%s=%q: ok %v, value %q, remedy %q; want ok %v, remedy with %q", tc.name, tc.value, c.OK, c.Value, c.Remedy, tc.ok, tc.remedy)
			}
		}
		if !found {
			t.Errorf("%s: no check", tc.name)
		}
	}
	// A token is checked but never printed.
	checks := envChecks(func(name string) string {
		if name == env.HFToken.Name {
			return "hf_secret value"
		}
		return ""
	})
	for _, c := range checks {
		if strings.Contains(c.Value, "hf_secret") {
			t.Errorf("doctor prints the token: %q", c.Value)
		}
		if strings.Contains(c.Value, env.HFToken.Name+"=") && c.OK {
			t.Errorf("a token with a space passes: %q", c.Value)
		}
	}
}

// doctor itself flags a bad variable and exits 1.
func TestDoctorBadEnv(t *testing.T) {
	t.Setenv(env.Threads.Name, "abc")
	code, stdout, _ := bertvec(t, "doctor")
	if code != 1 || !strings.Contains(stdout, `!! env       BERTVEC_THREADS="abc": not a positive integer`) ||
		!strings.Contains(stdout, "→ unset BERTVEC_THREADS or set it to a positive integer such as 1") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}
