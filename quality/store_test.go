package quality_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/quality/qualitytest"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// redisClient connects to the test Redis (testenv) until the test ends.
func redisClient(tb testing.TB) *redis.Client {
	opts, err := redis.ParseURL(testenv.RedisURL(tb))
	if err != nil {
		tb.Fatal(err)
	}
	c := redis.NewClient(opts)
	tb.Cleanup(func() { c.Close() })
	return c
}

// redisStore is a Redis quality store under a key prefix of its own.
func redisStore(tb testing.TB, c redis.UniversalClient, retention time.Duration, now func() time.Time) *quality.Redis {
	s, err := quality.NewRedis(c, testenv.KeyPrefix(tb), retention, now)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestMemory(t *testing.T) {
	qualitytest.Run(t, func(_ *testing.T, retention time.Duration, now func() time.Time) quality.Store {
		return quality.NewMemory(retention, now)
	})
}

func TestRedis(t *testing.T) {
	c := redisClient(t)
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("redis ping: %v", err)
	}
	qualitytest.Run(t, func(t *testing.T, retention time.Duration, now func() time.Time) quality.Store {
		return redisStore(t, c, retention, now)
	})
}

// The Redis store behind its background writer, as serve runs it.
func TestBatchedRedis(t *testing.T) {
	c := redisClient(t)
	qualitytest.Run(t, func(t *testing.T, retention time.Duration, now func() time.Time) quality.Store {
		b := quality.NewBatched(redisStore(t, c, retention, now), 0, now, nil)
		t.Cleanup(b.Close)
		return b
	})
}

func TestRedisRejectsBracesInPrefix(t *testing.T) {
	if _, err := quality.NewRedis(redis.NewClient(&redis.Options{}), "a{b}", 0, nil); err == nil {
		t.Fatal("NewRedis accepted a prefix with braces, which would break the hash tag")
	}
}

// Facts past the retention must leave Redis, not only the results: the
// retention is a privacy promise.
func TestRedisDeletesExpiredFacts(t *testing.T) {
	c := redisClient(t)
	ctx, prefix := context.Background(), testenv.KeyPrefix(t)
	clock := qualitytest.NewClock(qualitytest.Start)
	s, err := quality.NewRedis(c, prefix, 24*time.Hour, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := s.Record(ctx, quality.Fact{Kind: quality.KindAnswer, Entry: "permis.delai"}); err != nil {
			t.Fatal(err)
		}
		clock.Add(time.Hour)
	}
	clock.Add(24 * time.Hour)
	if err := s.Record(ctx, quality.Fact{Kind: quality.KindAnswer, Entry: "cni.perte"}); err != nil {
		t.Fatal(err)
	}
	key := "{" + prefix + "quality}:answer"
	if n, err := c.XLen(ctx, key).Result(); err != nil || n != 1 {
		t.Fatalf("XLEN %s = %d, %v; want 1 (the three expired facts deleted)", key, n, err)
	}
	if ttl, err := c.PTTL(ctx, key).Result(); err != nil || ttl <= 0 || ttl > 24*time.Hour {
		t.Fatalf("PTTL %s = %v, %v; want at most the retention", key, ttl, err)
	}
}

// The contract on the three-master cluster of GUICHET_TEST_REDIS_CLUSTER.
func TestRedisCluster(t *testing.T) {
	c := testenv.RedisCluster(t)
	qualitytest.Run(t, func(t *testing.T, retention time.Duration, now func() time.Time) quality.Store {
		return redisStore(t, c, retention, now)
	})
}
