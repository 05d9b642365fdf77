package console_test

import (
	"testing"

	"github.com/guichet/guichet/internal/testenv"
)

// TestMain stops the shared redis-server and reports the skipped
// integration tests (browser, Redis) in one line each.
func TestMain(m *testing.M) { testenv.Main(m) }
