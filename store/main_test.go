package store_test

import (
	"testing"

	"github.com/guichet/guichet/internal/testenv"
)

// TestMain stops the redis-server testenv may start for this package.
func TestMain(m *testing.M) { testenv.Main(m) }
