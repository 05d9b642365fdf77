package testenv

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// EnvRedisCluster names a Redis Cluster for the tests that run against
// one: the comma-separated addresses (host:port) of some of its nodes.
// .ci/run starts three masters and sets it.
const EnvRedisCluster = "GUICHET_TEST_REDIS_CLUSTER"

// RedisClusterAddrs returns the addresses of the test cluster. Without
// GUICHET_TEST_REDIS_CLUSTER the test is skipped (failed when integration
// tests are required).
func RedisClusterAddrs(t testing.TB) []string {
	t.Helper()
	var addrs []string
	for _, a := range strings.Split(os.Getenv(EnvRedisCluster), ",") {
		if a = strings.TrimSpace(a); a != "" {
			addrs = append(addrs, a)
		}
	}
	if len(addrs) == 0 {
		Skip(t, "redis cluster: set %s to the host:port of its nodes (.ci/run starts three)", EnvRedisCluster)
	}
	return addrs
}

// RedisCluster returns a client of the test cluster, checked to be
// serving and closed when t ends.
func RedisCluster(t testing.TB) *redis.ClusterClient {
	t.Helper()
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: RedisClusterAddrs(t)})
	t.Cleanup(func() { c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	info, err := c.ClusterInfo(ctx).Result()
	if err != nil || !strings.Contains(info, "cluster_state:ok") {
		t.Fatalf("testenv: redis cluster at %s not serving: %v %s", os.Getenv(EnvRedisCluster), err, info)
	}
	return c
}

// RedisClusterURL is the test cluster as store.redis_url names it with
// store.redis_cluster set: redis://first?addr=second&addr=third.
func RedisClusterURL(t testing.TB) string {
	t.Helper()
	addrs := RedisClusterAddrs(t)
	u := "redis://" + addrs[0]
	for i, a := range addrs[1:] {
		sep := "&"
		if i == 0 {
			sep = "?"
		}
		u += sep + "addr=" + a
	}
	return u
}
