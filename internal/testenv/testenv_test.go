package testenv

import (
	"os"
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
