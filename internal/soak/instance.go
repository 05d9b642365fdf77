package soak

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"time"
)

// Instance is a `guichet serve` process on a loopback port.
type Instance struct {
	Bin  string   // the guichet binary
	Dir  string   // working directory (no config.yaml there: defaults + Env)
	Env  []string // GUICHET_* settings
	Addr string   // 127.0.0.1:port, kept across restarts
	URL  string   // http://Addr

	mu    sync.Mutex
	cmd   *exec.Cmd
	ready bool // cmd answered /readyz: clients may be sent to it
	out   *tail
}

// StartInstance starts bin serve on a free loopback port and waits until
// it is ready.
func StartInstance(ctx context.Context, bin, dir string, env []string) (*Instance, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	in := &Instance{Bin: bin, Dir: dir, Env: env, Addr: addr, URL: "http://" + addr, out: &tail{}}
	return in, in.Start(ctx)
}

// Start (re)starts the process and waits for /readyz.
func (in *Instance) Start(ctx context.Context) error {
	cmd := exec.Command(in.Bin, "serve")
	cmd.Dir = in.Dir
	cmd.Env = append(append(os.Environ(), in.Env...), "GUICHET_CONFIG=", "GUICHET_HTTP_ADDR="+in.Addr)
	cmd.Stdout, cmd.Stderr = in.out, in.out
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", in.Bin, err)
	}
	in.mu.Lock()
	in.cmd, in.ready = cmd, false
	in.mu.Unlock()
	if err := in.waitReady(ctx); err != nil {
		return err
	}
	in.mu.Lock()
	in.ready = in.cmd == cmd // not killed while it started
	in.mu.Unlock()
	return nil
}

func (in *Instance) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for {
		res, err := http.Get(in.URL + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("instance %s not ready: %w\n%s", in.Addr, ctx.Err(), in.Output())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Kill ends the process at once (SIGKILL), as a crash would.
func (in *Instance) Kill() {
	in.mu.Lock()
	cmd := in.cmd
	in.cmd, in.ready = nil, false
	in.mu.Unlock()
	if cmd != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
}

// Stop ends the process gracefully (SIGTERM), then kills it after 20 s.
func (in *Instance) Stop() {
	in.mu.Lock()
	cmd := in.cmd
	in.cmd, in.ready = nil, false
	in.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

// Alive reports whether the process runs and has answered /readyz since
// it last started: a process still loading its knowledge base refuses
// connections, and a client sent there would count that as a failure.
func (in *Instance) Alive() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.cmd != nil && in.ready
}

// Output is the end of what the process printed.
func (in *Instance) Output() string { return in.out.String() }

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// tail keeps the last 64 KiB a process wrote.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - 64<<10; over > 0 {
		t.buf = bytes.Clone(t.buf[over:])
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
