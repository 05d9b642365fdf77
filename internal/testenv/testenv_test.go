package testenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain(m *testing.M) { Main(m) }

func TestKeyPrefix(t *testing.T) {
	a, b := KeyPrefix(t), KeyPrefix(t)
	if a == b || !strings.HasSuffix(a, ":") || strings.ContainsAny(a, "{}") {
		t.Errorf("KeyPrefix gave %q and %q; want distinct, ending in ':', without braces", a, b)
	}
}

func TestRedisURLShared(t *testing.T) {
	u := RedisURL(t)
	if u2 := RedisURL(t); u2 != u {
		t.Errorf("RedisURL gave %q then %q; want one server per test binary", u, u2)
	}
	if os.Getenv(EnvRedisURL) != "" {
		return
	}
	if err := ping(strings.TrimPrefix(u, "redis://")); err != nil {
		t.Errorf("shared server at %s: %v", u, err)
	}
}

func TestStartRedisStop(t *testing.T) {
	srv := StartRedis(t)
	if err := ping(srv.Addr); err != nil {
		t.Fatalf("fresh server: %v", err)
	}
	srv.Stop()
	if err := ping(srv.Addr); err == nil {
		t.Errorf("server still answers after Stop")
	}
	if _, err := os.Stat(srv.dir); !os.IsNotExist(err) {
		t.Errorf("working directory %s left behind: %v", srv.dir, err)
	}
	srv.Stop() // harmless twice, as t.Cleanup will call it again
}

// A skipped integration test is recorded and reported in one line naming
// the package, the test and why; the report goes to the file
// GUICHET_TEST_SKIP_REPORT names when set.
func TestSkipsAreReported(t *testing.T) {
	t.Setenv(EnvRequire, "")
	before := skipped()
	t.Cleanup(func() { skips.Lock(); skips.list = before; skips.Unlock() }) // not a real skip of this package
	t.Run("browser", func(t *testing.T) { Skip(t, "chromium: put chromium on PATH") })
	got := skipped()
	if len(got) != len(before)+1 || got[len(got)-1] != (skip{"TestSkipsAreReported/browser", "chromium: put chromium on PATH"}) {
		t.Fatalf("recorded skips %v", got)
	}
	report := filepath.Join(t.TempDir(), "skips")
	t.Setenv(EnvSkipReport, report)
	reportSkips()
	out, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	want := "SKIP integration test ./internal/testenv TestSkipsAreReported/browser: chromium: put chromium on PATH\n"
	if !strings.HasSuffix(string(out), want) {
		t.Errorf("report:\n%s\nwant it to end with:\n%s", out, want)
	}
}
