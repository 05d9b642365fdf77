package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/clientip"
)

// Problems lists every invalid key; its Error prints one line per key.
type Problems []string

func (p Problems) Error() string { return strings.Join(p, "\n") }

// Validate checks every value and returns Problems naming file, line and key.
func (c *Config) Validate() error {
	v := &validator{c: c}
	v.http()
	v.store()
	v.bot()
	v.handoff()
	v.messenger()
	v.widget()
	v.positive("quality.retention", v.c.Quality.Retention)
	if v.c.KB.PendingFile == "" {
		v.fail("kb.pending_file", "required: where the unanswered-question review writes proposed KB changes")
	}
	v.log()
	if len(v.problems) > 0 {
		return v.problems
	}
	return nil
}

type validator struct {
	c        *Config
	problems Problems
}

// fail records a problem for key ("http.addr") with the best location known.
func (v *validator) fail(key, format string, args ...any) {
	loc := "config"
	if v.c.file != "" {
		loc = v.c.file
		if line := v.c.lines[key]; line > 0 {
			loc = fmt.Sprintf("%s:%d", v.c.file, line)
		}
	}
	v.problems = append(v.problems, fmt.Sprintf("%s: %s: %s", loc, key, fmt.Sprintf(format, args...)))
}

func (v *validator) positive(key string, d time.Duration) {
	if d <= 0 {
		v.fail(key, "must be a positive duration such as 30s")
	}
}

func (v *validator) http() {
	h := v.c.HTTP
	if _, _, err := net.SplitHostPort(h.Addr); err != nil {
		v.fail("http.addr", "want host:port or :port, got %q", h.Addr)
	}
	if h.PublicURL != "" {
		if u, err := url.Parse(h.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.fail("http.public_url", "want an absolute http(s) URL such as https://guichet.example.fr, got %q", h.PublicURL)
		}
	}
	if h.TrustProxy {
		v.fail("http.trust_proxy", "replaced by http.trusted_proxies: list the reverse proxies' addresses or CIDRs (X-Forwarded-For is believed only from them)")
	}
	for _, p := range h.TrustedProxies {
		if _, err := clientip.ParseProxy(p); err != nil {
			v.fail("http.trusted_proxies", "%v", err)
		}
	}
	v.positive("http.shutdown_grace", h.ShutdownGrace)
	v.positive("http.read_timeout", h.ReadTimeout)
}

func (v *validator) store() {
	s := v.c.Store
	if s.RedisURL != "" {
		u, err := url.Parse(s.RedisURL)
		if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			v.fail("store.redis_url", "want redis://host:port/db or rediss://..., or empty for the in-memory store")
		} else if _, set := u.User.Password(); set {
			v.fail("store.redis_url", "must not contain a password: set GUICHET_STORE_REDIS_PASSWORD")
		}
	}
	if strings.ContainsAny(s.KeyPrefix, "{} \t\n") {
		v.fail("store.key_prefix", "must not contain braces or spaces")
	}
	if s.RedisCluster && s.RedisURL == "" {
		v.fail("store.redis_cluster", "needs store.redis_url naming the cluster's seed nodes")
	}
	v.positive("store.transcript_ttl", s.TranscriptTTL)
	v.positive("store.dedupe_ttl", s.DedupeTTL)
	if s.MaxConversations < 1 || s.MaxConversations > 100_000_000 {
		v.fail("store.max_conversations", "must be between 1 and 100000000, got %d", s.MaxConversations)
	}
}

func (v *validator) bot() {
	b := v.c.Bot
	// 0 leaves a threshold to the KB's model file.
	if b.AnswerThreshold < 0 || b.AnswerThreshold > 1 {
		v.fail("bot.answer_threshold", "must be in (0, 1], or 0 for the KB model's, got %g", b.AnswerThreshold)
	}
	if b.ClarifyThreshold < 0 || b.ClarifyThreshold > 1 ||
		b.AnswerThreshold > 0 && b.ClarifyThreshold > b.AnswerThreshold {
		v.fail("bot.clarify_threshold", "must be in (0, answer_threshold], or 0 for the KB model's, got %g", b.ClarifyThreshold)
	}
	if b.MaxMessageChars < 20 || b.MaxMessageChars > 100000 {
		v.fail("bot.max_message_chars", "must be between 20 and 100000, got %d", b.MaxMessageChars)
	}
	if b.LowConfidenceTurns < 1 {
		v.fail("bot.low_confidence_turns", "must be at least 1")
	}
	if b.MaxClarifyOptions < 2 || b.MaxClarifyOptions > 5 {
		v.fail("bot.max_clarify_options", "must be between 2 and 5")
	}
	v.positive("bot.context_ttl", b.ContextTTL)
}

func (v *validator) handoff() {
	h := v.c.Handoff
	if _, err := h.OpeningHours.Schedule(); err != nil {
		v.fail("handoff.opening_hours", "%v", err)
	}
	v.positive("handoff.abandon_after", h.AbandonAfter)
	v.positive("handoff.session_ttl", h.SessionTTL)
	v.positive("handoff.agent_offline", h.AgentOffline)
	if h.AccountsFile == "" {
		v.fail("handoff.accounts_file", "required: the file 'guichet agent add' writes")
	}
}

func (v *validator) messenger() {
	m := v.c.Messenger
	if !m.Enabled {
		return
	}
	if u, err := url.Parse(m.GraphURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.fail("messenger.graph_url", "want an absolute URL such as https://graph.facebook.com")
	}
	if !strings.HasPrefix(m.APIVersion, "v") {
		v.fail("messenger.api_version", "want a Graph API version such as v21.0")
	}
	if m.PageID == "" {
		v.fail("messenger.page_id", "required when messenger.enabled is true")
	}
	for key, val := range map[string]string{"GUICHET_MESSENGER_APP_SECRET": m.AppSecret,
		"GUICHET_MESSENGER_PAGE_TOKEN": m.PageToken, "GUICHET_MESSENGER_VERIFY_TOKEN": m.VerifyToken} {
		if val == "" {
			v.problems = append(v.problems, fmt.Sprintf("environment: %s: required when messenger.enabled is true", key))
		}
	}
	if m.Workers < 0 || m.Workers > maxMessengerWorkers {
		v.fail("messenger.workers", "want 0 (4 per CPU) or a number of workers up to %d, got %d", maxMessengerWorkers, m.Workers)
	}
	if m.QueueCapacity < 1 || m.SendQueue < 1 || m.MaxRetries < 0 {
		v.fail("messenger.queue_capacity", "queue_capacity and send_queue must be at least 1, max_retries at least 0")
	}
	v.positive("messenger.send_timeout", m.SendTimeout)
}

// maxMessengerWorkers keeps a typo (an extra zero or three) from starting
// millions of goroutines.
const maxMessengerWorkers = 10_000

func (v *validator) widget() {
	w := v.c.Widget
	for _, o := range w.AllowedOrigins {
		if u, err := url.Parse(o); o != "*" && (err != nil || u.Scheme == "" || u.Host == "" || u.Path != "") {
			v.fail("widget.allowed_origins", "want origins such as https://www.example.fr (no path), got %q", o)
		}
	}
	if w.MaxFrameBytes < 512 || w.MaxFrameBytes > 1<<20 {
		v.fail("widget.max_frame_bytes", "must be between 512 and 1048576")
	}
	if w.MessagesPerMinute < 1 || w.ConnectionsPerIP < 1 || w.HistoryLimit < 1 {
		v.fail("widget.messages_per_minute", "messages_per_minute, connections_per_ip and history_limit must be at least 1")
	}
	v.positive("widget.ping_interval", w.PingInterval)
}

func (v *validator) log() {
	switch v.c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		v.fail("log.level", "want debug, info, warn or error, got %q", v.c.Log.Level)
	}
	switch v.c.Log.Format {
	case "text", "json":
	default:
		v.fail("log.format", "want text or json, got %q", v.c.Log.Format)
	}
}

var errNoDays = errors.New("days: at least one of mon tue wed thu fri sat sun")
