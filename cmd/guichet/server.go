package main

import (
	"context"
	"net/http"
	"sync"
)

// server is the HTTP handler of an instance and the background work of the
// packages mounted on it.
type server struct {
	handler   http.Handler
	runners   []func(context.Context)       // Run loops: bus followers, workers, timers
	shutdowns []func(context.Context) error // close long-lived connections politely
}

// buildServer wires the channels and the hand-off around the bot and
// mounts everything on one mux.
func (a *app) buildServer(ctx context.Context) (*server, error) {
	mux := http.NewServeMux()
	a.mountHealth(mux)
	srv := &server{}
	if err := a.mountParts(ctx, mux, srv); err != nil {
		return nil, err
	}
	srv.handler = newHTTPMetrics(a.reg).wrap(mux)
	return srv, nil
}

// startBackground runs every runner until ctx ends; the channel closes when
// all have returned.
func (s *server) startBackground(ctx context.Context, a *app) <-chan struct{} {
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

func (s *server) shutdown(ctx context.Context) {
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
