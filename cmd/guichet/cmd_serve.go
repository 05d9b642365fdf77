package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // opening hours need Europe/Paris even in a scratch image
)

func init() {
	commands["serve"] = command{summary: "run the service: widget, Messenger webhook, agent console, API (default)", run: cmdServe}
}

func cmdServe(e *env) int {
	fs, cfgPath := e.flagSet("serve")
	if err := fs.Parse(e.args); err != nil {
		return 2
	}
	cfg, ok := loadConfig(*cfgPath, e)
	if !ok {
		return 1
	}
	log := newLogger(cfg.Log, e.stderr)
	ctx, stop := signal.NotifyContext(e.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := newApp(ctx, cfg, log, e)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: %v\n", err)
		return 1
	}
	defer a.close()
	srv, err := a.buildServer(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: %v\n", err)
		return 1
	}
	return a.serve(ctx, srv, e)
}

// serve listens until ctx ends (SIGINT, SIGTERM), then shuts down within
// the grace period: no new connections, in-flight requests and WebSocket
// sessions finish, background workers stop.
func (a *app) serve(ctx context.Context, srv *server, e *env) int {
	ln, err := net.Listen("tcp", a.cfg.HTTP.Addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: http.addr %s: %v\n", a.cfg.HTTP.Addr, err)
		return 1
	}
	a.log.Info("guichet listening", "addr", ln.Addr().String(), "store", a.storeKind(), "kb_version", a.kb.Current().KB.Version())
	hs := &http.Server{Handler: srv.handler, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: a.cfg.HTTP.ReadTimeout, IdleTimeout: 2 * time.Minute}
	bg, cancelBG := context.WithCancel(context.Background())
	done := srv.startBackground(bg, a)
	go a.watchKB(ctx)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	code := 0
	select {
	case err := <-errc:
		a.log.Error("http server stopped", "err", err)
		code = 1
	case <-ctx.Done():
		a.log.Info("shutting down", "grace", a.cfg.HTTP.ShutdownGrace)
	}
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.HTTP.ShutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.log.Warn("http shutdown", "err", err)
	}
	srv.shutdown(sctx)
	cancelBG()
	<-done
	return code
}

func (a *app) storeKind() string {
	if a.redis != nil {
		return "redis"
	}
	return "memory"
}

// watchKB reloads the knowledge base on SIGHUP, and on file changes when
// kb.watch is set.
func (a *app) watchKB(ctx context.Context) {
	if a.cfg.KB.Watch && a.cfg.KB.Dir != "" {
		go a.kb.Watch(ctx, a.cfg.KB.Dir, a.cfg.KB.WatchInterval)
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			if err := a.kb.Reload(); err != nil {
				a.log.Warn("kb reload on SIGHUP refused, keeping the current knowledge base", "err", err)
			}
		}
	}
}
