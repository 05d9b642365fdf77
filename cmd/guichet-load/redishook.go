package main

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/redis/go-redis/v9"
)

// redisCounter counts what a client sends to Redis: round trips (a
// command, or a pipeline) and commands.
type redisCounter struct{ trips, cmds atomic.Int64 }

var _ redis.Hook = (*redisCounter)(nil)

func (c *redisCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c *redisCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.trips.Add(1)
		c.cmds.Add(1)
		return next(ctx, cmd)
	}
}

func (c *redisCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.trips.Add(1)
		c.cmds.Add(int64(len(cmds)))
		return next(ctx, cmds)
	}
}

// report prints the round trips and commands per event handled.
func (c *redisCounter) report(w io.Writer, events int64) {
	if c == nil || events == 0 {
		return
	}
	t, n := c.trips.Load(), c.cmds.Load()
	fmt.Fprintf(w, "redis: %.2f round trips and %.2f commands sent per event handled (%d and %d in all, beats and reads included)\n",
		float64(t)/float64(events), float64(n)/float64(events), t, n)
}
