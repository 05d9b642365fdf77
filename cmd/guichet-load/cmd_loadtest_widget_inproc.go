package main

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/web"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/cli"
	"github.com/guichet/guichet/store"
)

// widgetLoadInproc serves the real wiring (bot, KB, hand-off, widget) on a
// loopback port of this process, or with --echo the widget alone around a
// stand-in, and runs the load against it.
func widgetLoadInproc(ctx context.Context, cfgPath string, f widgetLoadFlags, e *cli.Env) int {
	cfg, ok := e.LoadConfig(cfgPath)
	if !ok {
		return 1
	}
	cfg.Store.RedisURL = f.redis
	cfg.Widget.ConnectionsPerIP = f.conns + f.senders + 16 // every client is 127.0.0.1
	cfg.Widget.MessagesPerMinute = 1 << 20
	log := app.NewLogger(config.Log{Level: "error"}, e.Stderr)
	handler, stop, what, err := widgetLoadServer(ctx, cfg, log, f.echo, e)
	if err != nil {
		fmt.Fprintf(e.Stderr, "guichet: %v\n", err)
		return 1
	}
	defer stop()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(e.Stderr, "guichet: %v\n", err)
		return 1
	}
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln) //nolint:errcheck // closed below
	defer hs.Close()
	kind := "memory"
	if f.redis != "" {
		kind = "redis"
	}
	fmt.Fprintf(e.Stdout, "widget loadtest in process: %s, %s store, GOMAXPROCS %d; memory and cpu figures include the client side\n",
		what, kind, runtime.GOMAXPROCS(0))
	return widgetLoad(ctx, e.Stdout, "ws://"+ln.Addr().String()+"/ws", f, localMemory, selfCPU)
}

func widgetLoadServer(ctx context.Context, cfg *config.Config, log *slog.Logger, echo bool, e *cli.Env) (http.Handler, func(), string, error) {
	if echo {
		h, stop, err := widgetEchoServer(cfg, log)
		return h, stop, "widget with an echoing stand-in for the bot", err
	}
	a, err := app.New(ctx, cfg, log, e.Stderr)
	if err != nil {
		return nil, nil, "", err
	}
	srv, err := a.BuildServer(ctx)
	if err != nil {
		a.Close()
		return nil, nil, "", err
	}
	bg, cancel := context.WithCancel(context.Background())
	done := srv.StartBackground(bg)
	stop := func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		srv.Shutdown(sctx)
		cancel()
		<-done
		a.Close()
	}
	return srv.Handler, stop, "real bot and knowledge base", nil
}

// widgetEcho records each message and answers it at once: the widget's
// own cost, without the bot's matching.
type widgetEcho struct{ d *dispatch.Dispatcher }

func (h widgetEcho) Handle(ctx context.Context, m guichet.Message) error {
	_, created, err := h.d.Record(ctx, m.Conversation, guichet.Event{ID: m.ID, Role: guichet.RoleUser, Text: m.Text, Time: m.Time})
	if err != nil || !created {
		return err
	}
	_, err = h.d.Send(ctx, m.Conversation, guichet.Reply{Role: guichet.RoleBot, Text: "Réponse : " + m.Text})
	return err
}

func widgetEchoServer(cfg *config.Config, log *slog.Logger) (http.Handler, func(), error) {
	st := store.NewMemory(store.Options{})
	ch, err := web.New(web.Options{Config: cfg.Widget, Handler: widgetEcho{dispatch.New(st, log)}, Store: st, Log: log})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	mux := http.NewServeMux()
	ch.Mount(mux)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { ch.Run(ctx); close(done) }() //nolint:errcheck // nil when ctx ends
	return mux, func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		ch.Shutdown(sctx) //nolint:errcheck // load test ends anyway
		cancel()
		<-done
		st.Close()
	}, nil
}

// remoteMemory reads a server's Go heap and stacks in use, and its resident
// size, from its Prometheus metrics. The heap includes garbage not
// collected yet: run the server with a low GOGC (5) for a tight figure, and
// measure a freshly started server, whose heap has no holes to refill.
func remoteMemory(url string) memory {
	return func() (memSample, error) {
		resp, err := http.Get(url) //nolint:gosec // the operator's own server
		if err != nil {
			return memSample{}, fmt.Errorf("metrics: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return memSample{}, fmt.Errorf("metrics: %s answered %s", url, resp.Status)
		}
		v := map[string]float64{}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			name, value, ok := strings.Cut(sc.Text(), " ")
			if ok && !strings.HasPrefix(name, "#") {
				v[name], _ = strconv.ParseFloat(strings.TrimSpace(value), 64)
			}
		}
		m := memSample{heap: v["go_memstats_heap_inuse_bytes"], stack: v["go_memstats_stack_inuse_bytes"],
			rss: v["process_resident_memory_bytes"]}
		if m.heap == 0 {
			return m, fmt.Errorf("metrics: %s has no go_memstats_heap_inuse_bytes", url)
		}
		return m, nil
	}
}
