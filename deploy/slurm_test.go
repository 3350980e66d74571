package deploy

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bertvec/bertvec/internal/npy"
)

const (
	tinyModel = "../testdata/tiny-bert-ja"
	corpus    = "../testdata/context/corpus.txt"
)

// cluster is a throwaway one-node Slurm cluster on 127.0.0.1.
type cluster struct {
	t     *testing.T
	dir   string
	env   []string
	procs []*exec.Cmd
}

// startCluster starts munged, slurmctld and slurmd with everything in a
// temporary directory, and stops them when the test ends.
func startCluster(t *testing.T, path string) *cluster {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Fatal("the Slurm test starts munged, slurmctld and slurmd as root; run make test as root")
	}
	for _, bin := range []string{"munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "scontrol"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s not found: install slurm-wlm and munge (make test does: scripts/apt-ensure slurm-wlm munge)", bin)
		}
	}
	dir, err := os.MkdirTemp("", "bertvec-slurm-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755) // munged wants its socket directory reachable
	t.Cleanup(func() { os.RemoveAll(dir) })
	c := &cluster{t: t, dir: dir}
	t.Cleanup(c.stop)
	key := make([]byte, 1024)
	f, _ := os.Open("/dev/urandom")
	f.Read(key)
	f.Close()
	if err := os.WriteFile(filepath.Join(dir, "munge.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "munge.sock")
	c.start("munged", "-F", "-f", "--socket="+sock, "--key-file="+filepath.Join(dir, "munge.key"),
		"--log-file="+filepath.Join(dir, "munged.log"), "--pid-file="+filepath.Join(dir, "munged.pid"),
		"--seed-file="+filepath.Join(dir, "munged.seed"))
	c.waitFor("munged's socket", func() bool { _, err := os.Stat(sock); return err == nil })
	conf := c.writeConfig(sock)
	c.env = append(os.Environ(), "SLURM_CONF="+conf, "PATH="+path+":"+os.Getenv("PATH"))
	c.start("slurmctld", "-D", "-f", conf)
	c.start("slurmd", "-D", "-N", "bvnode", "-f", conf)
	c.waitFor("the node to be idle", func() bool {
		out, _ := c.output("sinfo", "-h", "-o", "%T")
		return strings.TrimSpace(out) == "idle"
	})
	return c
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// writeConfig writes slurm.conf: this host is the controller, addressed as
// 127.0.0.1, one node of this machine's CPUs, no accounting, no cgroups.
func (c *cluster) writeConfig(sock string) string {
	host, err := os.Hostname()
	if err != nil {
		c.t.Fatal(err)
	}
	host, _, _ = strings.Cut(host, ".")
	d := c.dir
	for _, sub := range []string{"state", "spool"} {
		os.Mkdir(filepath.Join(d, sub), 0o755)
	}
	os.WriteFile(filepath.Join(d, "plugstack.conf"), nil, 0o644)
	conf := fmt.Sprintf(`ClusterName=bertvectest
SlurmctldHost=%s(127.0.0.1)
SlurmctldPort=%d
SlurmdPort=%d
AuthType=auth/munge
AuthInfo=socket=%s
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=%s/state
SlurmdSpoolDir=%s/spool
SlurmctldPidFile=%s/slurmctld.pid
SlurmdPidFile=%s/slurmd.pid
SlurmctldLogFile=%s/slurmctld.log
SlurmdLogFile=%s/slurmd.log
PlugStackConfig=%s/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=bvnode NodeAddr=127.0.0.1 CPUs=1 State=UNKNOWN
PartitionName=test Nodes=bvnode Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
`, host, freePort(c.t), freePort(c.t), sock, d, d, d, d, d, d, d)
	path := filepath.Join(d, "slurm.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		c.t.Fatal(err)
	}
	return path
}

// start runs a daemon in the foreground in its own process group, so
// that stop ends it and everything it forked.
func (c *cluster) start(name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Env = c.env
	cmd.Dir = c.dir
	log, _ := os.Create(filepath.Join(c.dir, name+".out"))
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		c.t.Fatalf("start %s: %v", name, err)
	}
	c.procs = append(c.procs, cmd)
}

// stop ends the daemons this test started, newest first, and waits.
func (c *cluster) stop() {
	for i := len(c.procs) - 1; i >= 0; i-- {
		p := c.procs[i]
		syscall.Kill(-p.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { p.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-p.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}
	c.procs = nil
}

func (c *cluster) output(name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func (c *cluster) waitFor(what string, ok func() bool) {
	deadline := time.Now().Add(3 * time.Minute) // make test runs packages side by side
	for !ok() {
		if time.Now().After(deadline) {
			c.t.Fatalf("waited 3 min for %s; logs:\n%s", what, c.logs())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (c *cluster) logs() string {
	var b strings.Builder
	for _, name := range []string{"munged.out", "slurmctld.log", "slurmd.log"} {
		data, _ := os.ReadFile(filepath.Join(c.dir, name))
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		fmt.Fprintf(&b, "== %s\n%s\n", name, strings.Join(lines[max(0, len(lines)-15):], "\n"))
	}
	return b.String()
}

// buildBertvec builds the CLI into a directory for the compute "nodes".
func buildBertvec(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(bin, "bertvec"), "../cmd/bertvec")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// The sbatch array of deploy/slurm, run for real: three shards of the tiny
// model's corpus and the merge queued after them give what a single run
// gives (identical counts, vectors within 1e-6).
func TestSlurmArrayMatchesSingleRun(t *testing.T) {
	bin := buildBertvec(t)
	c := startCluster(t, bin)
	model, _ := filepath.Abs(tinyModel)
	corpusPath, _ := filepath.Abs(corpus)
	submit, _ := filepath.Abs("slurm/submit.sh")
	out := filepath.Join(c.dir, "out")
	jobOut, err := c.output(submit, "3", model, corpusPath, out)
	if err != nil {
		t.Fatalf("submit.sh: %v\n%s", err, jobOut)
	}
	mergeJob := strings.TrimSpace(jobOut)
	c.waitFor("the array and the merge to finish", func() bool {
		q, _ := c.output("squeue", "-h")
		return strings.TrimSpace(q) == ""
	})
	if _, err := os.Stat(filepath.Join(out, "merged", "meta.json")); err != nil {
		logs, _ := filepath.Glob(filepath.Join(out, "*.log"))
		var b strings.Builder
		for _, l := range logs {
			data, _ := os.ReadFile(l)
			fmt.Fprintf(&b, "== %s\n%s\n", filepath.Base(l), data)
		}
		t.Fatalf("merge job %s left no merged/meta.json\n%s%s", mergeJob, b.String(), c.logs())
	}
	single := t.TempDir()
	cmd := exec.Command(filepath.Join(bin, "bertvec"), "extract", "--model", model, "--kinds", "context", "--corpus", corpusPath, "--out", single)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("single run: %v\n%s", err, b)
	}
	a, err := npy.ReadInt64(filepath.Join(single, "context_count.npy"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := npy.ReadInt64(filepath.Join(out, "merged", "context_count.npy"))
	if err != nil || !reflect.DeepEqual(a, b) {
		t.Fatalf("merged counts differ from the single run's (%v)", err)
	}
	x, err := npy.Open(filepath.Join(single, "context.npy"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	y, err := npy.Open(filepath.Join(out, "merged", "context.npy"))
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	for i := range x.Data {
		if math.Abs(float64(x.Data[i]-y.Data[i])) > 1e-6 {
			t.Fatalf("value %d: single %g, merged %g", i, x.Data[i], y.Data[i])
		}
	}
	for i := range 3 {
		if _, err := os.Stat(filepath.Join(out, fmt.Sprintf("shard-%d", i), "context_sum.npy")); err != nil {
			t.Errorf("shard %d: %v", i, err)
		}
	}
}
