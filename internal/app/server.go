package app

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
	"syscall"
	"time"
)

// Server is the HTTP handler of an instance and the background work of the
// packages mounted on it.
type Server struct {
	Handler   http.Handler
	runners   []func(context.Context)       // Run loops: bus followers, workers, timers
	shutdowns []func(context.Context) error // close long-lived connections politely
}

// BuildServer wires the channels, the hand-off and the console around the
// bot and mounts everything on one mux.
func (a *App) BuildServer(ctx context.Context) (*Server, error) {
	mux := http.NewServeMux()
	a.mountHealth(mux)
	srv := &Server{}
	if err := a.mountParts(ctx, mux, srv); err != nil {
		return nil, err
	}
	srv.Handler = newHTTPMetrics(a.Reg).wrap(mux)
	return srv, nil
}

// StartBackground runs every runner until ctx ends; the channel closes when
// all have returned.
func (s *Server) StartBackground(ctx context.Context) <-chan struct{} {
	var wg sync.WaitGroup
	for _, run := range s.runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(ctx)
		}()
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	return done
}

// Shutdown closes long-lived connections (WebSocket sessions) politely.
func (s *Server) Shutdown(ctx context.Context) {
	var wg sync.WaitGroup
	for _, sd := range s.shutdowns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sd(ctx)
		}()
	}
	wg.Wait()
}

// Serve listens on http.addr until ctx ends (SIGINT, SIGTERM), then shuts
// down within the grace period: no new connections, in-flight requests
// and WebSocket sessions finish, background workers stop. It returns the
// process exit code; problems go to stderr and the log.
func (a *App) Serve(ctx context.Context, srv *Server, stderr io.Writer) int {
	ln, err := net.Listen("tcp", a.Cfg.HTTP.Addr)
	if err != nil {
		fmt.Fprintf(stderr, "guichet: http.addr %s: %v\n", a.Cfg.HTTP.Addr, err)
		return 1
	}
	a.Log.Info("guichet listening", "addr", ln.Addr().String(), "store", a.StoreKind(), "kb_version", a.KB.Current().KB.Version())
	hs := &http.Server{Handler: srv.Handler, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: a.Cfg.HTTP.ReadTimeout, IdleTimeout: 2 * time.Minute}
	bg, cancelBG := context.WithCancel(context.Background())
	done := srv.StartBackground(bg)
	go a.watchKB(ctx)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	code := 0
	select {
	case err := <-errc:
		a.Log.Error("http server stopped", "err", err)
		code = 1
	case <-ctx.Done():
		a.Log.Info("shutting down", "grace", a.Cfg.HTTP.ShutdownGrace)
	}
	sctx, cancel := context.WithTimeout(context.Background(), a.Cfg.HTTP.ShutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.Log.Warn("http shutdown", "err", err)
	}
	srv.Shutdown(sctx)
	cancelBG()
	<-done
	return code
}

// watchKB reloads the knowledge base on SIGHUP, and on file changes when
// kb.watch is set.
func (a *App) watchKB(ctx context.Context) {
	if a.Cfg.KB.Watch && a.Cfg.KB.Dir != "" {
		go a.KB.Watch(ctx, a.Cfg.KB.Dir, a.Cfg.KB.WatchInterval)
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			if err := a.KB.Reload(); err != nil {
				a.Log.Warn("kb reload on SIGHUP refused, keeping the current knowledge base", "err", err)
			}
		}
	}
}
