package main

import (
	"bytes"
	"net/http"
	"testing"
	"time"

	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/channels/messenger/fakegraph"
	"github.com/guichet/guichet/internal/testenv"
)

// With Redis frozen (SIGSTOP: connections open, nothing answers), /readyz
// and the Messenger webhook answer 503 within their own deadlines (2 s and
// 3 s), not after the client's read timeout: here a minute, longer than
// the 20 s this test waits, so an instance that ignores its deadlines
// fails it.
func TestRedisFrozenRequestsKeepTheirDeadlines(t *testing.T) {
	if testing.Short() {
		t.Skip("freezes a redis-server")
	}
	srv := testenv.StartRedis(t)
	g := fakegraph.Start(fakegraph.Config{Version: "v21.0", PageID: "1234567890", PageToken: "cmd-test-token", AppSecret: "cmd-test-secret"})
	t.Cleanup(g.Close)
	vars := msgrEnvWith("GUICHET_MESSENGER_GRAPH_URL", g.URL())
	vars["GUICHET_MESSENGER_ENABLED"] = "true"
	vars["GUICHET_STORE_REDIS_URL"] = srv.URL + "?read_timeout=60s&write_timeout=60s&pool_timeout=60s"
	vars["GUICHET_STORE_KEY_PREFIX"] = testenv.KeyPrefix(t)
	base := startServe(t, vars)
	client := &http.Client{Timeout: 20 * time.Second}
	srv.Freeze(t)

	res, err := client.Get(base + "/readyz")
	if err != nil {
		t.Fatalf("/readyz with Redis frozen: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz with Redis frozen: %d, want 503", res.StatusCode)
	}
	body := []byte(`{"object":"page","entry":[{"id":"1234567890","messaging":[{"sender":{"id":"2000000000000001"},` +
		`"recipient":{"id":"1234567890"},"timestamp":1767225600000,"message":{"mid":"m_frozen","text":"bonjour"}}]}]}`)
	req, _ := http.NewRequest(http.MethodPost, base+"/webhooks/messenger", bytes.NewReader(body))
	req.Header.Set(messenger.HeaderSignature256, messenger.Sign("cmd-test-secret", body))
	res, err = client.Do(req)
	if err != nil {
		t.Fatalf("webhook with Redis frozen: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("webhook with Redis frozen: %d, want 503 (Meta retries)", res.StatusCode)
	}
}

// /healthz, /readyz and /metrics tell browsers not to guess their type.
func TestHealthEndpointsAreNosniff(t *testing.T) {
	base := startServe(t, nil)
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q, want nosniff", path, got)
		}
	}
}
