package handoff_test

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/handoff/ticketstest"
	"github.com/guichet/guichet/internal/testenv"
)

// startCluster runs a one-node Redis Cluster owning every slot. One node
// is enough to catch what breaks on a cluster: a script or transaction
// whose keys hash to different slots fails with CROSSSLOT there, exactly
// as it would across nodes (where it would fail with MOVED).
func startCluster(t *testing.T) *redis.ClusterClient {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		testenv.Skip(t, "redis cluster: put redis-server on PATH")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, port, _ := net.SplitHostPort(addr)
	dir := t.TempDir()
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--cluster-enabled", "yes",
		"--cluster-config-file", dir+"/nodes.conf", "--dir", dir, "--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	node := redis.NewClient(&redis.Options{Addr: addr})
	defer node.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for node.Ping(ctx).Err() != nil {
		if ctx.Err() != nil {
			t.Fatalf("redis cluster node did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := node.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", 0, 16383).Err(); err != nil {
		t.Fatalf("cluster addslots: %v", err)
	}
	for {
		info, _ := node.ClusterInfo(ctx).Result()
		if strings.Contains(info, "cluster_state:ok") {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("cluster never became ok: %s", info)
		}
		time.Sleep(50 * time.Millisecond)
	}
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{addr}})
	t.Cleanup(func() { c.Close() })
	return c
}

func TestRedisClusterTickets(t *testing.T) {
	c := startCluster(t)
	n := 0
	ticketstest.Run(t, func(t *testing.T, opts handoff.StoreOptions) handoff.TicketStore {
		n++
		s, err := handoff.NewRedisTickets(c, fmt.Sprintf("cluster%d:", n), opts)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// The same contract on the three-master cluster of GUICHET_TEST_REDIS_CLUSTER,
// where the queue, the tickets and their indexes are spread over slots of
// several nodes.
func TestRedisClusterTicketsOnThreeMasters(t *testing.T) {
	c := testenv.RedisCluster(t)
	ticketstest.Run(t, func(t *testing.T, opts handoff.StoreOptions) handoff.TicketStore {
		s, err := handoff.NewRedisTickets(c, testenv.KeyPrefix(t), opts)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
