package quality_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/quality/qualitytest"
)

// busyMonth is n conversations over 30 days, with the facts the
// dashboard reads: about 3.3 a conversation.
func busyMonth(n int) []quality.Fact {
	start := qualitytest.Start.Add(-30 * 24 * time.Hour)
	step := 30 * 24 * time.Hour / time.Duration(n)
	facts := make([]quality.Fact, 0, n*4)
	for i := range n {
		c := web(fmt.Sprint(i))
		t := start.Add(time.Duration(i) * step)
		facts = append(facts, started(t, c),
			fact(t.Add(time.Second), c, quality.KindHelpful, helpful("permis.delai", i%5 != 0)))
		switch i % 10 {
		case 0:
			facts = append(facts, fact(t.Add(2*time.Second), c, quality.KindHandoff, reason("explicit_request")),
				fact(t.Add(3*time.Second), c, quality.KindPickup, value(float64(i%600))),
				fact(t.Add(4*time.Second), c, quality.KindRating, rating("permis", float64(1+i%5))))
		case 1, 2:
			facts = append(facts, fact(t.Add(2*time.Second), c, quality.KindFallback, text(fmt.Sprintf("question %d", i%50))))
		}
	}
	return facts
}

// BenchmarkCompute30Days prints how long the dashboard's computation
// takes for a month of 100,000 conversations.
func BenchmarkCompute30Days(b *testing.B) {
	facts := busyMonth(100_000)
	b.ReportMetric(float64(len(facts)), "facts")
	for b.Loop() {
		quality.Compute(facts, qualitytest.Start.Add(-30*24*time.Hour), qualitytest.Start)
	}
}

// BenchmarkRedisFacts prints how long reading a month of 20,000
// conversations' facts from Redis takes.
func BenchmarkRedisFacts(b *testing.B) {
	c := redisClient(b)
	clock := qualitytest.NewClock(qualitytest.Start)
	s, err := quality.NewRedis(c, testenv.KeyPrefix(b), 0, clock.Now)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	facts := busyMonth(20_000)
	for _, f := range facts {
		if err := s.Record(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(facts)), "facts")
	b.ResetTimer()
	for b.Loop() {
		got, err := s.Facts(ctx, qualitytest.Start.Add(-30*24*time.Hour))
		if err != nil || len(got) != len(facts) {
			b.Fatalf("%d facts, %v", len(got), err)
		}
	}
}

// BenchmarkRedisRecord prints the cost of recording one fact.
func BenchmarkRedisRecord(b *testing.B) {
	c := redisClient(b)
	s, err := quality.NewRedis(c, testenv.KeyPrefix(b), 0, nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if err := s.Record(ctx, quality.Fact{Kind: quality.KindAnswer, Conversation: web("x"), Entry: "permis.delai"}); err != nil {
			b.Fatal(err)
		}
	}
}
