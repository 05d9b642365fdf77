package app

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/guichet/guichet/config"
)

// go-redis's own messages go through the process logger, masked like the
// rest, not raw to stderr.
func TestRedisClientMessagesAreLoggedMasked(t *testing.T) {
	var buf bytes.Buffer
	log := NewLogger(config.Log{Level: "info", Format: "json"}, &buf)
	redisLogger{log}.Printf(context.Background(), "redis: connection pool: failed to dial after %d attempts: %s",
		5, "dial tcp: lookup jean.dupont@example.fr")
	out := buf.String()
	if !strings.Contains(out, `"level":"WARN"`) || !strings.Contains(out, "connection pool") || strings.Contains(out, "jean.dupont@example.fr") {
		t.Errorf("logged %s, want a structured warning without the address", out)
	}
}
