package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// SIGTERM in the middle of a load run: the server stops accepting, every
// request it had accepted is answered in full, and Serve returns nil.
func TestSIGTERMLosesNoAcceptedRequest(t *testing.T) {
	s, err := New(Config{Vectors: tinyVectors(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var accepted, inFlight atomic.Int64
	s.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		accepted.Add(1)
		inFlight.Add(1)
		defer inFlight.Add(-1)
		time.Sleep(20 * time.Millisecond) // keep requests in flight at the signal
		s.mux.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln, 10*time.Second) }()

	url := fmt.Sprintf("http://%s/api/analogy?q=%s&k=3", ln.Addr(), q("王 - 男 + 女"))
	var answered atomic.Int64
	var wg sync.WaitGroup
	var bad sync.Map
	for c := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Transport: &http.Transport{}}
			for {
				resp, err := client.Get(url)
				if err != nil {
					return // refused: the server stopped accepting
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || len(b) < 50 || b[len(b)-1] != '\n' {
					bad.Store(c, fmt.Sprintf("status %d, %d bytes, %v", resp.StatusCode, len(b), err))
					return
				}
				answered.Add(1)
			}
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for (accepted.Load() < 50 || inFlight.Load() == 0) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if inFlight.Load() == 0 {
		t.Fatal("no request in flight to interrupt")
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve after SIGTERM: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not return after SIGTERM")
	}
	wg.Wait()
	bad.Range(func(k, v any) bool {
		t.Errorf("client %v: %v", k, v)
		return true
	})
	if a, n := accepted.Load(), answered.Load(); a != n || n < 50 {
		t.Errorf("the server accepted %d requests, clients got %d complete answers", a, n)
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("after shutdown, dial: %v, want connection refused", err)
	}
}

// A client that sends half a request is cut off at the read timeout, and
// does not hold the server up.
func TestReadTimeout(t *testing.T) {
	lim := DefaultLimits()
	lim.ReadTimeout = 200 * time.Millisecond
	s, err := New(Config{Vectors: tinyVectors(t), Limits: lim})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln, time.Second) }()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n") // no blank line: never finished
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	// EOF before our own 5 s deadline: the server closed it.
	if _, err := io.ReadAll(conn); err != nil {
		t.Fatalf("the server did not close the half-sent request: %v", err)
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
