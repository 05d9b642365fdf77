package store_test

import (
	"testing"

	"github.com/guichet/guichet/store"
	"github.com/guichet/guichet/store/storetest"
)

func newMemory(t *testing.T, opts store.Options) store.Store {
	s := store.NewMemory(opts)
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMemory(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return newMemory(t, store.Options{}) })
}

func TestMemoryRetention(t *testing.T) {
	t.Parallel()
	storetest.RunRetention(t, newMemory)
}
