// Package config reads Guichet's configuration: config.yaml over documented
// defaults, then GUICHET_<SECTION>_<KEY> environment variables, then secrets
// that only the environment may carry. Validate runs before anything starts
// and names the file, line and key of every problem.
package config

import (
	"time"
)

// Config is the whole configuration. The yaml tags are the keys of
// config.yaml; the env name of a key is GUICHET_ + section + _ + key, upper
// case (http.addr -> GUICHET_HTTP_ADDR).
type Config struct {
	HTTP      HTTP      `yaml:"http"`
	Store     Store     `yaml:"store"`
	KB        KB        `yaml:"kb"`
	Bot       Bot       `yaml:"bot"`
	Handoff   Handoff   `yaml:"handoff"`
	Messenger Messenger `yaml:"messenger"`
	Widget    Widget    `yaml:"widget"`
	Quality   Quality   `yaml:"quality"`
	Log       Log       `yaml:"log"`

	// file and lines locate keys for error messages ("config.yaml:12").
	file  string
	lines map[string]int
}

// HTTP configures the one HTTP server every channel is mounted on.
type HTTP struct {
	Addr          string        `yaml:"addr"`
	PublicURL     string        `yaml:"public_url"`
	ShutdownGrace time.Duration `yaml:"shutdown_grace"`
	ReadTimeout   time.Duration `yaml:"read_timeout"`
	// TrustedProxies are the reverse proxies (addresses or CIDRs) whose
	// X-Forwarded-For is believed when per-address limits look for the
	// client (package internal/clientip).
	TrustedProxies []string `yaml:"trusted_proxies"`
	// TrustProxy is the old switch that believed X-Forwarded-For from
	// anyone; Validate refuses it and names TrustedProxies.
	TrustProxy bool `yaml:"trust_proxy"`
}

// Store selects and tunes the store.
type Store struct {
	RedisURL string `yaml:"redis_url"`
	// RedisCluster says that RedisURL names seed nodes of a Redis Cluster:
	// redis://host1:port?addr=host2:port&addr=host3:port.
	RedisCluster  bool          `yaml:"redis_cluster"`
	KeyPrefix     string        `yaml:"key_prefix"`
	TranscriptTTL time.Duration `yaml:"transcript_ttl"`
	DedupeTTL     time.Duration `yaml:"dedupe_ttl"`
	// MaxConversations caps the conversations the memory store holds; the
	// one idle for longest goes first. Redis bounds its own memory.
	MaxConversations int `yaml:"max_conversations"`
	// RedisPassword comes only from GUICHET_STORE_REDIS_PASSWORD.
	RedisPassword string `yaml:"-" env:"GUICHET_STORE_REDIS_PASSWORD" secret:"true"`
}

// KB locates the knowledge base.
type KB struct {
	Dir           string        `yaml:"dir"`
	PendingFile   string        `yaml:"pending_file"`
	Watch         bool          `yaml:"watch"`
	WatchInterval time.Duration `yaml:"watch_interval"`
}

// Bot tunes the dialogue. The decision thresholds live in the KB's model
// file (kb/data/model.json), fitted and reloaded with the KB; a non-zero
// AnswerThreshold or ClarifyThreshold here overrides the model's (see
// bot.Thresholds).
type Bot struct {
	AnswerThreshold    float64       `yaml:"answer_threshold"`  // 0: the model's
	ClarifyThreshold   float64       `yaml:"clarify_threshold"` // 0: the model's
	MaxMessageChars    int           `yaml:"max_message_chars"`
	LowConfidenceTurns int           `yaml:"low_confidence_turns"`
	MaxClarifyOptions  int           `yaml:"max_clarify_options"`
	ContextTTL         time.Duration `yaml:"context_ttl"`
}

// Handoff configures tickets, opening hours and the agent console.
type Handoff struct {
	OpeningHours   OpeningHours  `yaml:"opening_hours"`
	AbandonAfter   time.Duration `yaml:"abandon_after"`
	AccountsFile   string        `yaml:"accounts_file"`
	CannedFile     string        `yaml:"canned_file"`
	SessionTTL     time.Duration `yaml:"session_ttl"`
	AgentOffline   time.Duration `yaml:"agent_offline"`
	ContactFormURL string        `yaml:"contact_form_url"`
	// SessionKey signs console sessions; only from GUICHET_HANDOFF_SESSION_KEY.
	SessionKey string `yaml:"-" env:"GUICHET_HANDOFF_SESSION_KEY" secret:"true"`
}

// OpeningHours says when agents are there.
type OpeningHours struct {
	Timezone string   `yaml:"timezone"`
	Days     []string `yaml:"days"`     // mon tue wed thu fri sat sun
	Open     string   `yaml:"open"`     // "08:00"
	Close    string   `yaml:"close"`    // "20:00"
	Holidays []string `yaml:"holidays"` // "2026-12-25"
}

// Messenger configures the Facebook Messenger channel.
type Messenger struct {
	Enabled    bool   `yaml:"enabled"`
	GraphURL   string `yaml:"graph_url"`
	APIVersion string `yaml:"api_version"`
	PageID     string `yaml:"page_id"`
	AppID      string `yaml:"app_id"`
	// Workers handle webhook events, one sender's in order; 0: 4 per
	// CPU (GOMAXPROCS, see messenger.WorkersPerCPU).
	Workers int `yaml:"workers"`
	// QueueCapacity bounds the webhook events waiting for a worker; beyond
	// it the webhook answers 503 and Meta sends them again later.
	QueueCapacity int           `yaml:"queue_capacity"`
	SendQueue     int           `yaml:"send_queue"`
	SendTimeout   time.Duration `yaml:"send_timeout"`
	MaxRetries    int           `yaml:"max_retries"`

	AppSecret   string `yaml:"-" env:"GUICHET_MESSENGER_APP_SECRET" secret:"true"`
	PageToken   string `yaml:"-" env:"GUICHET_MESSENGER_PAGE_TOKEN" secret:"true"`
	VerifyToken string `yaml:"-" env:"GUICHET_MESSENGER_VERIFY_TOKEN" secret:"true"`
}

// Widget configures the website chat widget.
type Widget struct {
	AllowedOrigins    []string      `yaml:"allowed_origins"`
	MaxFrameBytes     int64         `yaml:"max_frame_bytes"`
	MessagesPerMinute int           `yaml:"messages_per_minute"`
	ConnectionsPerIP  int           `yaml:"connections_per_ip"`
	PingInterval      time.Duration `yaml:"ping_interval"`
	HistoryLimit      int           `yaml:"history_limit"`
}

// Quality configures the service-quality records (satisfaction, incident
// reports, unanswered questions).
type Quality struct {
	Retention   time.Duration `yaml:"retention"`
	AskFeedback bool          `yaml:"ask_feedback"`
}

// Log configures log/slog.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text, json
}

// Default returns the documented defaults; config.yaml at the repository
// root repeats them with a comment per key.
func Default() Config {
	return Config{
		HTTP: HTTP{Addr: ":8080", ShutdownGrace: 15 * time.Second, ReadTimeout: 15 * time.Second},
		Store: Store{KeyPrefix: "guichet:", TranscriptTTL: 30 * 24 * time.Hour, DedupeTTL: 48 * time.Hour,
			MaxConversations: 100_000},
		KB:  KB{WatchInterval: 2 * time.Second, PendingFile: "kb/pending.yaml"},
		Bot: Bot{MaxMessageChars: 2000, LowConfidenceTurns: 2, MaxClarifyOptions: 3, ContextTTL: 30 * time.Minute},
		Handoff: Handoff{
			OpeningHours: OpeningHours{Timezone: "Europe/Paris", Days: []string{"mon", "tue", "wed", "thu", "fri", "sat"},
				Open: "08:00", Close: "20:00"},
			AbandonAfter: 24 * time.Hour, AccountsFile: "agents.yaml", SessionTTL: 12 * time.Hour,
			AgentOffline: 2 * time.Minute, ContactFormURL: "https://ants.gouv.fr/",
		},
		Messenger: Messenger{GraphURL: "https://graph.facebook.com", APIVersion: "v21.0",
			QueueCapacity: 100_000, SendQueue: 10000, SendTimeout: 10 * time.Second, MaxRetries: 3},
		Widget: Widget{MaxFrameBytes: 8192, MessagesPerMinute: 30, ConnectionsPerIP: 20,
			PingInterval: 25 * time.Second, HistoryLimit: 200},
		Quality: Quality{Retention: 90 * 24 * time.Hour, AskFeedback: true},
		Log:     Log{Level: "info", Format: "text"},
	}
}
