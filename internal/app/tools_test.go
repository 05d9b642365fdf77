package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/quality/qualitytest"
	"github.com/guichet/guichet/store"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// redisConfig is the configuration of a server on the test Redis, under a
// key prefix of its own, and a client to write what the server would.
func redisConfig(t *testing.T) (*config.Config, redis.UniversalClient) {
	t.Helper()
	c := config.Default()
	cfg := &c
	cfg.Store.RedisURL, cfg.Store.KeyPrefix = testenv.RedisURL(t), testenv.KeyPrefix(t)
	// Twenty years keep the facts of June 2026 readable whenever the test runs.
	cfg.Quality.Retention = 20 * 365 * 24 * time.Hour
	client, err := DialRedis(context.Background(), cfg.Store)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	return cfg, client
}

// The tools say why they cannot work on the in-memory store, rather than
// find nothing.
func TestToolsNeedRedis(t *testing.T) {
	cfg := config.Default()
	conv := guichet.NewConversationID(guichet.ChannelWeb, "abc")
	if _, err := Forget(context.Background(), &cfg, conv); err == nil || !strings.Contains(err.Error(), "store.redis_url is empty") {
		t.Errorf("Forget: %v", err)
	}
	if _, err := Incidents(context.Background(), &cfg, time.Now().Add(-time.Hour), time.Now(), time.UTC); err == nil ||
		!strings.Contains(err.Error(), "store.redis_url is empty") {
		t.Errorf("Incidents: %v", err)
	}
}

// The export reads the week's reports from Redis, each with its ticket,
// and leaves out the other kinds of facts and the reports outside the week.
func TestIncidentsReadsTheWeek(t *testing.T) {
	cfg, client := redisConfig(t)
	qs, err := QualityStore(cfg, client)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range qualitytest.KnownIncidents() {
		if err := qs.Record(context.Background(), f); err != nil {
			t.Fatal(err)
		}
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2026, 6, 1, 0, 0, 0, 0, paris), time.Date(2026, 6, 8, 0, 0, 0, 0, paris)
	rows, err := Incidents(context.Background(), cfg, from, to, paris)
	if err != nil {
		t.Fatal(err)
	}
	var tickets []string
	for _, r := range rows {
		tickets = append(tickets, r.Ticket)
	}
	if got := strings.Join(tickets, ","); got != "T-permis,T-immat,,T-direct" {
		t.Errorf("tickets of the week's reports: %q, want T-permis,T-immat,,T-direct", got)
	}
}

// Forget removes one conversation's transcript and facts, says how many,
// leaves another conversation alone, and removes nothing the second time.
func TestForgetOneConversation(t *testing.T) {
	cfg, client := redisConfig(t)
	st, err := store.NewRedisClient(client, store.Options{KeyPrefix: cfg.Store.KeyPrefix})
	if err != nil {
		t.Fatal(err)
	}
	qs, err := QualityStore(cfg, client)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	gone := guichet.NewConversationID(guichet.ChannelWeb, "gone")
	kept := guichet.NewConversationID(guichet.ChannelWeb, "kept")
	for _, conv := range []guichet.ConversationID{gone, kept} {
		for _, text := range []string{"j'ai perdu mon permis", "merci"} {
			if _, _, err := st.Append(ctx, conv, guichet.Event{ID: text, Role: guichet.RoleUser, Text: text, Time: time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		f := quality.Fact{Time: time.Now(), Kind: quality.KindAnswer, Channel: conv.Channel(), Conversation: conv, Entry: "permis.perte"}
		if err := qs.Record(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	report, err := Forget(ctx, cfg, gone)
	if got := strings.Join(report, "; "); err != nil || got != "transcript: 2 events; tickets: 0; quality facts: 1" {
		t.Errorf("Forget = %q, %v", got, err)
	}
	report, err = Forget(ctx, cfg, gone)
	if got := strings.Join(report, "; "); err != nil || got != "transcript: 0 events; tickets: 0; quality facts: 0" {
		t.Errorf("second Forget = %q, %v", got, err)
	}
	if evs, err := st.Events(ctx, kept, 0, 10); err != nil || len(evs) != 2 {
		t.Errorf("the other conversation keeps %d events (%v), want 2", len(evs), err)
	}
}
