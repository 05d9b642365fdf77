package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/privacy"
	"github.com/guichet/guichet/store"
)

func init() {
	commands["privacy"] = command{summary: "personal data: forget one conversation everywhere", run: runPrivacy}
}

func runPrivacy(e *env) int {
	return subcommands(e, "privacy", map[string]func(*env, []string) int{"forget": privacyForget}, privacyUsage)
}

func privacyUsage(w io.Writer) {
	fmt.Fprintln(w, `usage:
  guichet privacy forget CONVERSATION_ID [--config FILE]
      delete one person's data everywhere Guichet keeps it, and say what was removed:
      the transcript and the bot's state, the hand-off tickets (open or closed), the
      quality facts (satisfaction, incident reports, unanswered questions) and, for
      Messenger, the messaging-window record and any event still queued.
      CONVERSATION_ID is channel:subject, as the console shows it (web:3f9a…,
      messenger:2000000000000001). It works on store.redis_url: with the in-memory
      store, data lives only inside the serve process and ends with it.
      Running it again is harmless: it then removes nothing.`)
}

func privacyForget(e *env, args []string) int {
	fs, cfgPath := e.flagSet("privacy forget")
	var b strings.Builder
	privacyUsage(&b)
	synopsis := strings.TrimSpace(strings.TrimPrefix(b.String(), "usage:"))
	pos, code, ok := e.parseInterspersed(fs, args, synopsis)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return e.usageError(fs, synopsis, "give exactly one CONVERSATION_ID (channel:subject)")
	}
	conv, err := guichet.ParseConversationID(pos[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet privacy forget: %q is not a conversation id: %v\n", pos[0], err)
		return 2
	}
	report, err := forgetConversation(e.ctx, *cfgPath, e.getenv, conv)
	if len(report) > 0 {
		fmt.Fprintf(e.stdout, "%s: %s\n", conv, strings.Join(report, "; "))
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet privacy forget: %v\n", err)
		return 1
	}
	return 0
}

// forgetConversation deletes conv from every store of the configured
// Redis (privacy.Stores sets the order) and returns one line per store.
func forgetConversation(ctx context.Context, cfgPath string, getenv func(string) string, conv guichet.ConversationID) ([]string, error) {
	// Loaded, not validated as a whole: an operator's shell may lack the
	// Messenger secrets, which forgetting does not need.
	cfg, err := config.Load(cfgPath, getenv)
	if err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	if cfg.Store.RedisURL == "" {
		return nil, errors.New("store.redis_url is empty: with the in-memory store, conversations live only inside the running server and are gone when it stops; there is nothing this command can reach. Set store.redis_url (GUICHET_STORE_REDIS_URL) to the server's Redis")
	}
	client, err := app.DialRedis(ctx, cfg.Store)
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
	facts, err := app.QualityStore(cfg, client)
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
