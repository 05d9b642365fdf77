package app

import (
	"context"
	"errors"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/privacy"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/store"
)

// The operator tools ('guichet incidents export', 'guichet privacy
// forget') work on what the running servers keep in store.redis_url. With
// the in-memory store, that data lives only inside a serve process: the
// tools say so rather than find nothing. The configuration they take is
// loaded but need not be valid as a whole, so that an operator's shell
// without the Messenger secrets can use them.

// Incidents returns the incident reports recorded in [from, to), one row
// each with its ticket, times in loc (see quality.IncidentRows).
func Incidents(ctx context.Context, cfg *config.Config, from, to time.Time, loc *time.Location) ([]quality.IncidentRow, error) {
	if cfg.Store.RedisURL == "" {
		return nil, errors.New("store.redis_url is empty: with the in-memory store, incident reports live only inside the running server; configure Redis (GUICHET_STORE_REDIS_URL) to export them")
	}
	client, err := DialRedis(ctx, cfg.Store)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	qs, err := QualityStore(cfg, client)
	if err != nil {
		return nil, err
	}
	facts, err := qs.Facts(ctx, from, quality.KindIncident)
	if err != nil {
		return nil, err
	}
	return quality.IncidentRows(facts, from, to, loc), nil
}

// Forget deletes conv from every store of the configured Redis, in the
// order privacy.Stores sets, and returns one line per store saying what
// went, even when it fails part way.
func Forget(ctx context.Context, cfg *config.Config, conv guichet.ConversationID) ([]string, error) {
	if cfg.Store.RedisURL == "" {
		return nil, errors.New("store.redis_url is empty: with the in-memory store, conversations live only inside the running server and are gone when it stops; there is nothing this command can reach. Set store.redis_url (GUICHET_STORE_REDIS_URL) to the server's Redis")
	}
	client, err := DialRedis(ctx, cfg.Store)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	st, err := store.NewRedisClient(client, store.Options{KeyPrefix: cfg.Store.KeyPrefix, Retention: cfg.Store.TranscriptTTL})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	tickets, err := handoff.NewRedisTickets(client, cfg.Store.KeyPrefix, handoff.StoreOptions{ClosedRetention: cfg.Store.TranscriptTTL})
	if err != nil {
		return nil, err
	}
	facts, err := QualityStore(cfg, client)
	if err != nil {
		return nil, err
	}
	stores := privacy.Stores{Transcript: privacy.Counted("transcript: %d events", st),
		Tickets: privacy.Counted("tickets: %d", resyncing{tickets, st}), Facts: privacy.Counted("quality facts: %d", facts)}
	if conv.Channel() == guichet.ChannelMessenger {
		stores.Queue = messenger.Eraser{Redis: client, KeyPrefix: cfg.Store.KeyPrefix}
	}
	return stores.Forget(ctx, conv)
}

// resyncing tells the consoles to reload once tickets were removed, so
// that they drop the forgotten ones.
type resyncing struct {
	tickets privacy.Counter
	bus     interface {
		Publish(context.Context, store.Notice) error
	}
}

func (r resyncing) Forget(ctx context.Context, conv guichet.ConversationID) (int, error) {
	n, err := r.tickets.Forget(ctx, conv)
	if n > 0 {
		_ = r.bus.Publish(ctx, store.Notice{Topic: store.TopicResync})
	}
	return n, err
}
