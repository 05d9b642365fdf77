package messenger

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger/fakegraph"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/store"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// Identities of the test page; fixtures in testdata/ use them.
const (
	testPage   = "1234567890"
	testApp    = "999000111"
	testSecret = "test-app-secret"
	testToken  = "EAAGtestPAGEtokenSECRET42"
	testVerify = "verify-me"
)

// fixtureTime is a little after the timestamps of the fixtures, which are
// then well inside the 24-hour window.
var fixtureTime = time.UnixMilli(1767225600000).Add(time.Minute)

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// harness runs a Channel with a real dispatcher over a memory store, a
// handler answering through the dispatcher, and a fake Graph.
type harness struct {
	t       *testing.T
	graph   *fakegraph.Server
	store   store.Store
	disp    *dispatch.Dispatcher
	ch      *Channel
	web     *httptest.Server
	clock   *clock
	handler *answerer
	muter   *recordingMuter
	reg     *prometheus.Registry
	logs    *testenv.Buffer
	cancel  context.CancelFunc
	done    chan struct{}
}

func testConfig(graphURL string) config.Messenger {
	cfg := config.Default().Messenger
	cfg.Enabled, cfg.GraphURL, cfg.PageID, cfg.AppID = true, graphURL, testPage, testApp
	cfg.AppSecret, cfg.PageToken, cfg.VerifyToken = testSecret, testToken, testVerify
	cfg.Workers, cfg.SendTimeout = 2, 2*time.Second
	return cfg
}

// harnessCfg lets a test share a store or a fake Graph between two
// instances, as two processes would.
type harnessCfg struct {
	Options
	graph *fakegraph.Server
}

type harnessOpt func(*harnessCfg)

func withRedis(rdb redis.UniversalClient, prefix string) harnessOpt {
	return func(c *harnessCfg) { c.Redis, c.KeyPrefix = rdb, prefix }
}

func withStore(st store.Store) harnessOpt { return func(c *harnessCfg) { c.Store = st } }

func withGraph(g *fakegraph.Server) harnessOpt { return func(c *harnessCfg) { c.graph = g } }

func withOptions(f func(*Options)) harnessOpt { return func(c *harnessCfg) { f(&c.Options) } }

func newHarness(t *testing.T, opts ...harnessOpt) *harness {
	t.Helper()
	h := &harness{t: t, clock: &clock{now: fixtureTime}, muter: &recordingMuter{},
		reg: prometheus.NewRegistry(), logs: &testenv.Buffer{}}
	var hc harnessCfg
	for _, f := range opts {
		f(&hc)
	}
	h.graph = hc.graph
	if h.graph == nil {
		h.graph = fakegraph.Start(fakegraph.Config{Version: "v21.0", PageID: testPage, PageToken: testToken, AppSecret: testSecret})
		t.Cleanup(h.graph.Close)
	}
	h.store = hc.Store
	if h.store == nil {
		h.store = store.NewMemory(store.Options{})
	}
	log := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h.disp = dispatch.New(h.store, log)
	h.handler = &answerer{disp: h.disp, store: h.store}
	o := hc.Options
	if o.Config.PageID == "" {
		o.Config = testConfig(h.graph.URL())
	} else if o.Config.GraphURL == "" {
		o.Config.GraphURL = h.graph.URL()
	}
	o.Handler, o.Store, o.Log, o.Metrics, o.Now, o.Muter = h.handler, h.store, log, h.reg, h.clock.Now, h.muter
	if o.RetryBase == 0 {
		o.RetryBase = time.Millisecond
	}
	ch, err := New(o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.ch = ch
	h.disp.Register(guichet.ChannelMessenger, ch.Transport())
	mux := http.NewServeMux()
	ch.Mount(mux)
	h.web = httptest.NewServer(mux)
	t.Cleanup(h.web.Close)
	return h
}

// start runs the channel's workers and senders until the test ends.
func (h *harness) start() {
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan struct{})
	go func() {
		defer close(h.done)
		if err := h.ch.Run(ctx); err != nil {
			h.t.Errorf("Run: %v", err)
		}
	}()
	h.t.Cleanup(h.stop)
}

func (h *harness) stop() {
	if h.cancel != nil {
		h.cancel()
		<-h.done
		h.cancel = nil
	}
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// post sends body as Meta would, signed with sha256, and returns the status.
func (h *harness) post(body []byte) int {
	h.t.Helper()
	return h.postWith(body, map[string]string{HeaderSignature256: Sign(testSecret, body)})
}

func (h *harness) postWith(body []byte, headers map[string]string) int {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.web.URL+"/webhooks/messenger", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("POST webhook: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// waitFor polls cond; the deadline only keeps a broken test from hanging.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// processed sums the queue entries processed so far, whatever the outcome.
func (h *harness) processed() int {
	mfs, _ := h.reg.Gather()
	n := 0.0
	for _, mf := range mfs {
		if mf.GetName() == "guichet_messenger_events_processed_total" {
			for _, m := range mf.GetMetric() {
				n += m.GetCounter().GetValue()
			}
		}
	}
	return int(n)
}

func (h *harness) waitProcessed(n int) {
	h.t.Helper()
	waitFor(h.t, fmt.Sprintf("%d processed events", n), func() bool { return h.processed() >= n })
}

// textsTo returns the texts the fake Graph accepted for psid.
func (h *harness) textsTo(psid string) []string {
	var out []string
	for _, m := range h.graph.Messages() {
		if m.Recipient == psid {
			out = append(out, m.Text)
		}
	}
	return out
}

type recordingMuter struct {
	mu    sync.Mutex
	muted map[guichet.ConversationID]time.Time
}

func (m *recordingMuter) Mute(_ context.Context, conv guichet.ConversationID, until time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.muted == nil {
		m.muted = map[guichet.ConversationID]time.Time{}
	}
	m.muted[conv] = until
	return nil
}

func (m *recordingMuter) until(conv guichet.ConversationID) (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.muted[conv]
	return t, ok
}

func conv(psid string) guichet.ConversationID {
	return guichet.NewConversationID(guichet.ChannelMessenger, psid)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}
