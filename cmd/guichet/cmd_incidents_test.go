package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/quality/qualitytest"
)

// golden compares got with quality/testdata/name, the export the quality
// package's tests also check.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "quality", "testdata", name)
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("export differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestIncidentsExportCommand(t *testing.T) {
	url := testenv.RedisURL(t)
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opts)
	t.Cleanup(func() { c.Close() })
	prefix := testenv.KeyPrefix(t)
	// A retention of twenty years keeps June 2026 readable whenever the
	// test runs.
	const retention = 20 * 365 * 24 * time.Hour
	qs, err := quality.NewRedis(c, prefix, retention, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range qualitytest.KnownIncidents() {
		if err := qs.Record(context.Background(), f); err != nil {
			t.Fatal(err)
		}
	}
	vars := map[string]string{"GUICHET_STORE_REDIS_URL": url, "GUICHET_STORE_KEY_PREFIX": prefix,
		"GUICHET_QUALITY_RETENTION": retention.String()}
	code, out, errs := runCmd(t, vars, "incidents", "export", "--config", "", "--since", "2026-06-01", "--until", "2026-06-08")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "incidents.csv", out)

	file := filepath.Join(t.TempDir(), "incidents.json")
	code, _, errs = runCmd(t, vars, "incidents", "export", "--config", "", "--since", "2026-06-01T00:00:00+02:00",
		"--until", "2026-06-08", "--format", "json", "--out", file)
	if code != 0 || !strings.Contains(errs, "4 incident reports") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "incidents.json", string(data))
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v, want 0600: it holds request numbers", st.Mode().Perm())
	}
}

func TestIncidentsExportNeedsRedisAndGoodFlags(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--config", ""}, 1, "store.redis_url is empty"},
		{[]string{"--config", "", "--since", "7x"}, 2, `--since: "7x": want a positive duration such as 7d`},
		{[]string{"--config", "", "--format", "xlsx"}, 2, `--format "xlsx": want csv or json`},
		{[]string{"--config", "", "--since", "1d", "--until", "2d"}, 2, "must be before --until"},
		{[]string{"--config", "", "7d"}, 2, "unexpected arguments"},
	}
	for _, tt := range tests {
		code, _, errs := runCmd(t, nil, append([]string{"incidents", "export"}, tt.args...)...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
	if code, out, _ := runCmd(t, nil, "incidents", "--help"); code != 0 || !strings.Contains(out, "request number is kept on purpose") {
		t.Errorf("help: exit %d, %s", code, out)
	}
}
