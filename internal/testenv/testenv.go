// Package testenv gives integration tests the outside programs they need
// (Redis, Chromium) and decides what happens when one is missing: the test
// is skipped with a message saying how to provide it, or, when
// GUICHET_REQUIRE_INTEGRATION=1 (CI), it fails, so that a misconfigured CI
// cannot pass by skipping everything.
//
// A package whose tests call RedisURL should stop the shared redis-server
// when its test binary ends:
//
//	func TestMain(m *testing.M) { testenv.Main(m) }
//
// Without it the server is still killed when the test binary exits (on
// Linux), but Main also removes its working directory, and Main prints
// one line per skipped integration test at the end, visible without -v.
package testenv

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// Environment variables read by this package.
const (
	EnvRequire  = "GUICHET_REQUIRE_INTEGRATION" // "1": missing programs fail tests
	EnvRedisURL = "GUICHET_TEST_REDIS_URL"      // use this server instead of starting one
	EnvChromium = "GUICHET_TEST_CHROMIUM"       // path or name of the browser
)

// RequireIntegration reports whether integration tests must run rather
// than skip.
func RequireIntegration() bool { return os.Getenv(EnvRequire) == "1" }

// Skip skips t with the formatted reason, or fails it when integration
// tests are required.
func Skip(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if RequireIntegration() {
		t.Fatalf("%s (required because %s=1)", msg, EnvRequire)
	}
	recordSkip(t.Name(), msg)
	t.Skip(msg)
}

// Main runs a package's tests, stops the redis-server RedisURL may have
// started, prints one line per integration test Skip skipped (see
// reportSkips), and exits with the tests' status.
func Main(m *testing.M) {
	code := m.Run()
	stopShared()
	reportSkips()
	os.Exit(code)
}

// KeyPrefix returns a random Redis key prefix ("t3f9c…:") so that tests
// can share one server without seeing each other's keys or notices. It
// holds no braces, which would break the stores' hash tags.
func KeyPrefix(t testing.TB) string {
	t.Helper()
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("testenv: key prefix: %v", err)
	}
	return "t" + hex.EncodeToString(b) + ":"
}

// Chromium returns the browser to drive: GUICHET_TEST_CHROMIUM if set
// (failing if it cannot be found), else the first of chromium,
// chromium-browser, google-chrome or google-chrome-stable on PATH.
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(EnvChromium); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			t.Fatalf("testenv: %s=%s: %v", EnvChromium, p, err)
		}
		return path
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	Skip(t, "chromium: set %s or put chromium, chromium-browser or google-chrome on PATH", EnvChromium)
	return ""
}
