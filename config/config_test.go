package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func noEnv(string) string { return "" }

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// The documented config.yaml must say exactly what the defaults are.
func TestConfigYAMLIsTheDefaults(t *testing.T) {
	c, err := Load("../config.yaml", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	d := Default()
	c.file, c.lines = "", nil
	// "[]" in YAML is an empty list where the default is nil: same meaning.
	c.Handoff.OpeningHours.Holidays = nilIfEmpty(c.Handoff.OpeningHours.Holidays)
	c.Widget.AllowedOrigins = nilIfEmpty(c.Widget.AllowedOrigins)
	c.HTTP.TrustedProxies = nilIfEmpty(c.HTTP.TrustedProxies)
	if !reflect.DeepEqual(*c, d) {
		t.Errorf("config.yaml differs from Default():\n yaml    %+v\n default %+v", *c, d)
	}
}

func TestEnvironmentOverrides(t *testing.T) {
	c, err := Load("", envOf(map[string]string{
		"GUICHET_HTTP_ADDR":                  "127.0.0.1:9999",
		"GUICHET_STORE_REDIS_URL":            "redis://127.0.0.1:6379/0",
		"GUICHET_MESSENGER_ENABLED":          "true",
		"GUICHET_BOT_ANSWER_THRESHOLD":       "0.7",
		"GUICHET_STORE_TRANSCRIPT_TTL":       "24h",
		"GUICHET_WIDGET_ALLOWED_ORIGINS":     "https://a.fr, https://b.fr",
		"GUICHET_HANDOFF_OPENING_HOURS_OPEN": "09:00",
		"GUICHET_MESSENGER_APP_SECRET":       "s3cret",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != "127.0.0.1:9999" || c.Store.RedisURL != "redis://127.0.0.1:6379/0" || !c.Messenger.Enabled ||
		c.Bot.AnswerThreshold != 0.7 || c.Store.TranscriptTTL != 24*time.Hour || c.Handoff.OpeningHours.Open != "09:00" ||
		!reflect.DeepEqual(c.Widget.AllowedOrigins, []string{"https://a.fr", "https://b.fr"}) || c.Messenger.AppSecret != "s3cret" {
		t.Errorf("overrides not applied: %+v", c)
	}
}

func TestSecretsOnlyFromEnvironment(t *testing.T) {
	path := writeFile(t, "messenger:\n  app_secret: oops\n")
	_, err := Load(path, noEnv)
	if err == nil || !strings.Contains(err.Error(), "app_secret") {
		t.Fatalf("a secret in the file must be refused as an unknown key, got %v", err)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name, yaml string
		env        map[string]string
		want       string
	}{
		{"unknown key", "http:\n  adress: :80\n", nil, "field adress not found"},
		{"unknown section", "htp:\n  addr: :80\n", nil, "field htp not found"},
		{"wrong type", "bot:\n  answer_threshold: high\n", nil, "cannot unmarshal"},
		{"syntax", "http:\n  addr: [\n", nil, "config.yaml"},
		{"bad addr", "http:\n  addr: nowhere\n", nil, "config.yaml:2: http.addr: want host:port"},
		{"threshold order", "bot:\n  answer_threshold: 0.3\n  clarify_threshold: 0.5\n", nil, "config.yaml:3: bot.clarify_threshold"},
		{"negative threshold", "bot:\n  answer_threshold: -0.1\n", nil, "config.yaml:2: bot.answer_threshold: must be in (0, 1], or 0"},
		{"clarify above 1", "bot:\n  clarify_threshold: 1.5\n", nil, "config.yaml:2: bot.clarify_threshold"},
		{"password in url", "store:\n  redis_url: redis://:pw@localhost:6379\n", nil, "GUICHET_STORE_REDIS_PASSWORD"},
		{"bad day", "handoff:\n  opening_hours:\n    days: [lundi]\n", nil, "config.yaml:2: handoff.opening_hours: days: \"lundi\""},
		{"closing before opening", "handoff:\n  opening_hours:\n    open: \"20:00\"\n    close: \"08:00\"\n", nil, "close (08:00) must be after open"},
		{"messenger secrets", "messenger:\n  enabled: true\n  page_id: \"1\"\n", nil, "GUICHET_MESSENGER_PAGE_TOKEN: required"},
		{"bad env", "", map[string]string{"GUICHET_BOT_MAX_MESSAGE_CHARS": "lots"}, "GUICHET_BOT_MAX_MESSAGE_CHARS=\"lots\": want a whole number"},
		{"bad origin", "widget:\n  allowed_origins: [\"https://a.fr/path\"]\n", nil, "widget.allowed_origins"},
		{"bad log level", "log:\n  level: loud\n", nil, "config.yaml:2: log.level"},
		// The feedback question is quality.ask_feedback; bot.ask_feedback was
		// accepted once and never read.
		{"bad trusted proxy", "http:\n  trusted_proxies: [10.0.0.0/33]\n", nil, "config.yaml:2: http.trusted_proxies"},
		{"trust any proxy", "http:\n  trust_proxy: true\n", nil, "replaced by http.trusted_proxies"},
		{"ask_feedback under bot", "bot:\n  ask_feedback: false\n", nil, "field ask_feedback not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.yaml)
			c, err := Load(path, envOf(tt.env))
			if err == nil {
				err = c.Validate()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// A threshold left at 0 is the KB model's; one set alone is accepted.
func TestThresholdOverrideAlone(t *testing.T) {
	for _, y := range []string{"bot:\n  answer_threshold: 0.5\n", "bot:\n  clarify_threshold: 0.2\n", ""} {
		c, err := Load(writeFile(t, y), noEnv)
		if err == nil {
			err = c.Validate()
		}
		if err != nil {
			t.Errorf("%q: %v", y, err)
		}
	}
}

func TestMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"), noEnv)
	if err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("got %v", err)
	}
}

func TestSchedule(t *testing.T) {
	s, err := Default().Handoff.OpeningHours.Schedule()
	if err != nil {
		t.Fatal(err)
	}
	paris := s.Location()
	sat := time.Date(2026, 11, 28, 10, 0, 0, 0, paris)
	sun := time.Date(2026, 11, 29, 10, 0, 0, 0, paris)
	late := time.Date(2026, 11, 27, 21, 0, 0, 0, paris)
	if !s.IsOpen(sat) || s.IsOpen(sun) || s.IsOpen(late) {
		t.Errorf("IsOpen wrong: sat %v sun %v fri 21h %v", s.IsOpen(sat), s.IsOpen(sun), s.IsOpen(late))
	}
	if got, want := s.NextOpen(sun), time.Date(2026, 11, 30, 8, 0, 0, 0, paris); !got.Equal(want) {
		t.Errorf("NextOpen(sunday) = %v, want %v", got, want)
	}
	if got := s.NextOpen(sat); !got.Equal(sat) {
		t.Errorf("NextOpen while open = %v, want now", got)
	}
	h := Default().Handoff.OpeningHours
	h.Holidays = []string{"2026-11-30"}
	s, _ = h.Schedule()
	if got, want := s.NextOpen(sun), time.Date(2026, 12, 1, 8, 0, 0, 0, paris); !got.Equal(want) {
		t.Errorf("NextOpen over a holiday = %v, want %v", got, want)
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}
