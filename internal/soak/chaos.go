package soak

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os/exec"
	"sync"
	"time"
)

// Chaos kills (SIGKILL) a random instance every Every and restarts it a
// second later, and restarts Redis once, RedisRestartAt after Run starts.
type Chaos struct {
	Instances      []*Instance
	Every          time.Duration // 0: no kills
	Seed           uint64
	Redis          *RedisServer  // nil: Redis is not restarted
	RedisRestartAt time.Duration // 0: Redis is not restarted
	Log            io.Writer
	// BeforeKill, when set, runs just before an instance is killed (the
	// soak posts a burst of Messenger events to it); the kill comes
	// 150 ms after it returns.
	BeforeKill func(ctx context.Context, in *Instance)

	mu    sync.Mutex
	kills []time.Time
}

// Run kills and restarts until ctx ends.
func (c *Chaos) Run(ctx context.Context) {
	rnd := rand.New(rand.NewPCG(c.Seed, c.Seed+1))
	var kill <-chan time.Time
	if c.Every > 0 {
		t := time.NewTicker(c.Every)
		defer t.Stop()
		kill = t.C
	}
	var redisDue <-chan time.Time
	if c.Redis != nil && c.RedisRestartAt > 0 {
		t := time.NewTimer(c.RedisRestartAt)
		defer t.Stop()
		redisDue = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-redisDue:
			fmt.Fprintf(c.Log, "soak: %s restarting Redis (SIGKILL)\n", time.Now().Format(clock))
			if err := c.Redis.Restart(ctx); err != nil && ctx.Err() == nil {
				fmt.Fprintf(c.Log, "soak: restart Redis: %v\n", err)
			}
		case <-kill:
			in := c.Instances[rnd.IntN(len(c.Instances))]
			if c.BeforeKill != nil {
				c.BeforeKill(ctx, in)
				time.Sleep(150 * time.Millisecond)
			}
			fmt.Fprintf(c.Log, "soak: %s killing %s\n", time.Now().Format(clock), in.URL)
			in.Kill()
			c.mu.Lock()
			c.kills = append(c.kills, time.Now())
			c.mu.Unlock()
			time.Sleep(time.Second)
			if err := in.Start(ctx); err != nil && ctx.Err() == nil {
				fmt.Fprintf(c.Log, "soak: restart %s: %v\n", in.URL, err)
			}
		}
	}
}

// Kills returns when instances were killed so far.
func (c *Chaos) Kills() []time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Time(nil), c.kills...)
}

// RedisServer is a redis-server from PATH on a loopback port, writing
// every command to its append-only file before answering, so that a
// restart, even after SIGKILL, keeps everything it acknowledged.
type RedisServer struct {
	Dir  string
	Addr string
	URL  string

	mu  sync.Mutex
	cmd *exec.Cmd
	out *tail
}

// StartRedis starts redis-server with its files in dir.
func StartRedis(ctx context.Context, dir string) (*RedisServer, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	s := &RedisServer{Dir: dir, Addr: addr, URL: "redis://" + addr + "/0", out: &tail{}}
	return s, s.start(ctx)
}

func (s *RedisServer) start(ctx context.Context) error {
	_, port, _ := net.SplitHostPort(s.Addr)
	cmd := exec.Command("redis-server", "--bind", "127.0.0.1", "--port", port, "--dir", s.Dir,
		"--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "no")
	cmd.Stdout, cmd.Stderr = s.out, s.out
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server (is it installed?): %w", err)
	}
	s.mu.Lock()
	s.cmd = cmd
	s.mu.Unlock()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if pong(s.Addr) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("redis-server on %s not ready:\n%s", s.Addr, s.out.String())
}

// pong reports whether a Redis server answers PING on addr.
func pong(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	buf := make([]byte, 7)
	n, _ := io.ReadFull(c, buf)
	return string(buf[:n]) == "+PONG\r\n"
}

// Restart kills the server (SIGKILL) and starts it again on the same
// port from its append-only file.
func (s *RedisServer) Restart(ctx context.Context) error {
	s.Stop()
	return s.start(ctx)
}

// Stop kills the server.
func (s *RedisServer) Stop() {
	s.mu.Lock()
	cmd := s.cmd
	s.cmd = nil
	s.mu.Unlock()
	if cmd != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
}
