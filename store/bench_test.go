package store_test

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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

// BenchmarkMemoryHeld reports what the memory store holds per
// conversation of five questions and five answers (quick replies and the
// decision's metadata with them), once the collector has run: the
// figure that bounds the memory under store.max_conversations.
func BenchmarkMemoryHeld(b *testing.B) {
	const convs = 5000
	answer := strings.Repeat("Refaire un permis perdu coûte 25 € : un timbre fiscal électronique. ", 8)
	for range b.N {
		b.StopTimer()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		s := store.NewMemory(store.Options{})
		for c := range convs {
			conv := guichet.NewConversationID(guichet.ChannelWeb, "held-"+strconv.Itoa(c))
			for q := range 5 {
				id := "m-" + strconv.Itoa(c) + "-" + strconv.Itoa(q)
				if _, _, err := s.Append(context.Background(), conv, guichet.Event{ID: id, Role: guichet.RoleUser,
					Text: "j'ai perdu mon permis, je fais comment ?", Time: time.Now()}); err != nil {
					b.Fatal(err)
				}
				reply := guichet.Event{ID: id + "-r", Role: guichet.RoleBot, Text: answer + strconv.Itoa(q), Time: time.Now(),
					QuickReplies: []guichet.QuickReply{{Title: "Oui, merci", Payload: "feedback:yes"},
						{Title: "Non", Payload: "feedback:no"}, {Title: "Parler à un conseiller", Payload: "handoff"}},
					Meta: &guichet.Meta{Decision: "answer", Entry: "permis.perte", Confidence: 0.8,
						Candidates: []guichet.Candidate{{Entry: "permis.perte", Confidence: 0.8}, {Entry: "permis.vol", Confidence: 0.1}}}}
				if _, _, err := s.Commit(context.Background(), conv, []guichet.Event{reply}, []byte(`{"v":2}`), int64(q)); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/convs, "B/conversation")
		runtime.KeepAlive(s)
		s.Close()
		b.StartTimer()
	}
}
