package testenv

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// shared is the redis-server RedisURL starts at most once per test binary.
var shared struct {
	once sync.Once
	srv  *RedisServer
	err  error
}

// RedisURL returns a Redis server for tests: GUICHET_TEST_REDIS_URL if
// set, else one redis-server started for the whole test binary and shared
// by its tests (see Main). Tests isolate themselves with KeyPrefix. Without
// either, the test is skipped.
func RedisURL(t testing.TB) string {
	t.Helper()
	if u := os.Getenv(EnvRedisURL); u != "" {
		return u
	}
	if _, err := exec.LookPath("redis-server"); err != nil {
		Skip(t, "redis: set %s or put redis-server on PATH", EnvRedisURL)
	}
	shared.once.Do(func() { shared.srv, shared.err = startRedis() })
	if shared.err != nil {
		t.Fatalf("testenv: %v", shared.err)
	}
	return shared.srv.URL
}

func stopShared() {
	if shared.srv != nil {
		shared.srv.Stop()
	}
}

// RedisServer is a redis-server process owned by a test.
type RedisServer struct {
	Addr string // 127.0.0.1:port
	URL  string // redis://127.0.0.1:port

	cmd      *exec.Cmd
	dir      string
	out      *lockedBuffer
	exited   chan struct{}
	stopOnce sync.Once
}

// StartRedis starts a redis-server for t alone, stopped when t ends. Use
// it for tests that break the server (Stop it to simulate an outage); use
// RedisURL for the rest.
func StartRedis(t testing.TB) *RedisServer {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		Skip(t, "redis: put redis-server on PATH (this test needs a server of its own)")
	}
	srv, err := startRedis()
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	t.Cleanup(srv.Stop)
	return srv
}

// startRedis tries a few free ports: another process may take the one
// chosen before redis-server binds it.
func startRedis() (*RedisServer, error) {
	var err error
	for range 3 {
		var srv *RedisServer
		if srv, err = startRedisOnce(); err == nil {
			return srv, nil
		}
	}
	return nil, err
}

func startRedisOnce() (*RedisServer, error) {
	port, err := freePort()
	if err != nil {
		return nil, fmt.Errorf("redis-server: free port: %w", err)
	}
	dir, err := os.MkdirTemp("", "guichet-redis-")
	if err != nil {
		return nil, fmt.Errorf("redis-server: %w", err)
	}
	p := strconv.Itoa(port)
	srv := &RedisServer{Addr: "127.0.0.1:" + p, URL: "redis://127.0.0.1:" + p, dir: dir, out: new(lockedBuffer), exited: make(chan struct{})}
	srv.cmd = exec.Command("redis-server", "--save", "", "--appendonly", "no",
		"--port", p, "--bind", "127.0.0.1", "--dir", dir)
	srv.cmd.Stdout, srv.cmd.Stderr = srv.out, srv.out
	dieWithParent(srv.cmd)
	if err := srv.start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("redis-server: %w", err)
	}
	if err := srv.waitReady(10 * time.Second); err != nil {
		srv.Stop()
		return nil, fmt.Errorf("redis-server on %s: %w\n%s", srv.Addr, err, srv.out.String())
	}
	return srv, nil
}

// start runs the process from a goroutine locked to its OS thread until
// the process ends: Linux sends the parent-death signal when the thread
// that started the child exits, which Go makes a thread do when a
// goroutine ends while locked to it.
func (s *RedisServer) start() error {
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := s.cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	return <-started
}

// waitReady polls until the server answers PING.
func (s *RedisServer) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		err := ping(s.Addr)
		if err == nil {
			return nil
		}
		select {
		case <-s.exited:
			return errors.New("exited before answering")
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer after %v: %w", timeout, err)
		}
	}
}

// ping speaks just enough RESP to tell that the server is serving.
func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if line != "+PONG\r\n" {
		return fmt.Errorf("PING answered %q", line)
	}
	return nil
}

// Stop kills the server at once, as a crash would, and removes its
// directory. Calling it again does nothing.
func (s *RedisServer) Stop() {
	s.stopOnce.Do(func() {
		_ = s.cmd.Process.Kill()
		<-s.exited
		os.RemoveAll(s.dir)
	})
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// lockedBuffer collects the server's output for error messages; the
// process writes it from another goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
