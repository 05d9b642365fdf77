package store_test

import (
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
)

// BenchmarkAppend measures Append on each store: into one growing
// transcript (cost must not grow with its length) and from parallel
// goroutines into a conversation each, as the web channel does.
func BenchmarkAppend(b *testing.B) {
	stores := []struct {
		name string
		open func(b *testing.B) store.Store
	}{
		{"memory", func(b *testing.B) store.Store { return store.NewMemory(store.Options{}) }},
		{"redis", func(b *testing.B) store.Store { return newRedis(b, store.Options{}) }},
	}
	for _, st := range stores {
		b.Run(st.name+"/one-conversation", func(b *testing.B) {
			s := st.open(b)
			defer s.Close()
			benchOne(b, s)
		})
		b.Run(st.name+"/parallel", func(b *testing.B) {
			s := st.open(b)
			defer s.Close()
			benchParallel(b, s)
		})
	}
}

func benchOne(b *testing.B, s store.Store) {
	c := guichet.NewConversationID(guichet.ChannelWeb, "bench")
	ev := guichet.Event{Role: guichet.RoleUser, Text: "Bonjour, je voudrais renouveler mon passeport."}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ev.ID = strconv.Itoa(i)
		i++
		if _, _, err := s.Append(b.Context(), c, ev); err != nil {
			b.Fatal(err)
		}
	}
}

func benchParallel(b *testing.B, s store.Store) {
	var next atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		c := guichet.NewConversationID(guichet.ChannelWeb, "bench"+strconv.FormatInt(next.Add(1), 10))
		ev := guichet.Event{Role: guichet.RoleUser, Text: "Bonjour, je voudrais renouveler mon passeport."}
		for i := 0; pb.Next(); i++ {
			ev.ID = strconv.Itoa(i)
			if _, _, err := s.Append(b.Context(), c, ev); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
