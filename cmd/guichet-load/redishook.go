package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/redis/go-redis/v9"
)

// redisCounter counts what a client sends to Redis: round trips (a
// command, or a pipeline) and commands, and the round trips by what they
// were (see tripName).
type redisCounter struct {
	trips, cmds atomic.Int64
	prefix      string // the run's key prefix, left out of the names

	mu     sync.Mutex
	byName map[string]int64
}

var _ redis.Hook = (*redisCounter)(nil)

func (c *redisCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c *redisCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.count(1, c.name(cmd))
		return next(ctx, cmd)
	}
}

func (c *redisCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		names := make([]string, len(cmds))
		for i, cmd := range cmds {
			names[i] = c.name(cmd)
		}
		slices.Sort(names)
		c.count(int64(len(cmds)), "pipeline["+strings.Join(slices.Compact(names), ", ")+"]")
		return next(ctx, cmds)
	}
}

func (c *redisCounter) count(cmds int64, name string) {
	c.trips.Add(1)
	c.cmds.Add(cmds)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byName == nil {
		c.byName = map[string]int64{}
	}
	c.byName[name]++
}

// convTag matches a hash tag naming a conversation ("{messenger:123}"),
// unlike a fixed one ("{ingest}").
var convTag = regexp.MustCompile(`\{[^}]*[^a-z}][^}]*\}`)

// name names a command by its verb and, for a script or a command on
// a key, the key's shape (conversations' hash tags emptied, the run's
// prefix left out): "evalsha {}:log", "evalsha {quality}:answer".
func (c *redisCounter) name(cmd redis.Cmder) string {
	args := cmd.Args()
	name := strings.ToLower(cmd.Name())
	key := ""
	switch {
	case (name == "evalsha" || name == "eval") && len(args) > 3:
		key, _ = args[3].(string)
	case name == "xreadgroup" || name == "xautoclaim" || name == "xpending":
		return name
	case len(args) > 1:
		key, _ = args[1].(string)
	}
	if key == "" {
		return name
	}
	if c.prefix != "" {
		key = strings.ReplaceAll(key, c.prefix, "")
	}
	return name + " " + convTag.ReplaceAllString(key, "{}")
}

// report prints the round trips and commands per event handled, then the
// round trips per event by what they were.
func (c *redisCounter) report(w io.Writer, events int64) {
	if c == nil || events == 0 {
		return
	}
	t, n := c.trips.Load(), c.cmds.Load()
	fmt.Fprintf(w, "redis: %.2f round trips and %.2f commands sent per event handled (%d and %d in all, beats and reads included)\n",
		float64(t)/float64(events), float64(n)/float64(events), t, n)
	c.mu.Lock()
	defer c.mu.Unlock()
	type row struct {
		name string
		n    int64
	}
	rows := make([]row, 0, len(c.byName))
	for name, n := range c.byName {
		rows = append(rows, row{name, n})
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.name, b.name)) })
	for _, r := range rows {
		fmt.Fprintf(w, "  %6.2f  %s\n", float64(r.n)/float64(events), r.name)
	}
}
