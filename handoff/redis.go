package handoff

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// Redis is the TicketStore shared by every instance. Every key lives under
// one hash tag, {<prefix>handoff}, so that each script's keys share a slot
// on Redis Cluster (see doc.go).
type Redis struct {
	c    redis.UniversalClient
	opts StoreOptions
	k    redisKeys
}

var _ TicketStore = (*Redis)(nil)

type redisKeys struct {
	tickets, versions, open, queue, assigned, pickups, agents string
	closed                                                    map[Status]string
}

func newRedisKeys(prefix string) redisKeys {
	tag := "{" + prefix + "handoff}"
	k := redisKeys{tickets: tag + ":tickets", versions: tag + ":versions", open: tag + ":open",
		queue: tag + ":queue", assigned: tag + ":assigned", pickups: tag + ":pickups",
		agents: tag + ":agents", closed: map[Status]string{}}
	for _, s := range []Status{Resolved, Returned, Abandoned} {
		k.closed[s] = tag + ":closed:" + string(s)
	}
	return k
}

// NewRedisTickets returns a ticket store over c. prefix namespaces the
// keys ("guichet:"); it may not hold braces.
func NewRedisTickets(c redis.UniversalClient, prefix string, opts StoreOptions) (*Redis, error) {
	if c == nil {
		return nil, guichet.Errorf(guichet.Invalid, "handoff: redis tickets", "no client")
	}
	if strings.ContainsAny(prefix, "{}") {
		return nil, guichet.Errorf(guichet.Invalid, "handoff: redis tickets", "key prefix %q must not contain braces", prefix)
	}
	return &Redis{c: c, opts: opts.withDefaults(), k: newRedisKeys(prefix)}, nil
}

func unavailable(op string, err error) error {
	if err == nil {
		return nil
	}
	return guichet.E(guichet.Unavailable, op, err)
}

// Create implements Tickets.
func (r *Redis) Create(ctx context.Context, t Ticket) (Ticket, bool, error) {
	const op = "handoff: create ticket"
	if err := checkCreate(op, t); err != nil {
		return Ticket{}, false, err
	}
	t.Version = 1
	res, err := r.save(ctx, op, t, 0, true)
	if err != nil {
		return Ticket{}, false, err
	}
	switch res[0] {
	case "ok":
		return t.clone(), true, nil
	case "exists":
		open, err := r.Get(ctx, res[1])
		return open, false, err
	}
	return Ticket{}, false, guichet.Errorf(guichet.Conflict, op, "id %s is taken", t.ID)
}

// Update implements Tickets.
func (r *Redis) Update(ctx context.Context, t Ticket) (Ticket, error) {
	const op = "handoff: update ticket"
	if err := checkUpdate(op, t); err != nil {
		return Ticket{}, err
	}
	expected := t.Version
	t.Version++
	res, err := r.save(ctx, op, t, expected, false)
	if err != nil {
		return Ticket{}, err
	}
	switch res[0] {
	case "ok":
		return t.clone(), nil
	case "notfound":
		return Ticket{}, guichet.Errorf(guichet.NotFound, op, "no ticket %q", t.ID)
	}
	return Ticket{}, guichet.Errorf(guichet.Conflict, op, "ticket %s changed meanwhile (version %s, not %d)", t.ID, res[1], expected)
}

// save runs saveScript for t (already carrying its new version).
func (r *Redis) save(ctx context.Context, op string, t Ticket, expected int64, create bool) ([]string, error) {
	data, err := json.Marshal(t)
	if err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	closedKey, ok := r.k.closed[t.Status]
	if !ok {
		closedKey = r.k.closed[Resolved] // unused for open statuses; any key of the tag
	}
	keys := []string{r.k.tickets, r.k.versions, r.k.open, r.k.queue, r.k.assigned, closedKey}
	expiry := r.opts.Now().Add(-r.opts.ClosedRetention).UnixMilli()
	flag := "0"
	if create {
		flag = "1"
	}
	args := []any{t.ID, expected, t.Version, data, string(t.Status), string(t.Conversation),
		r.score(t), expiry, flag}
	v, err := saveScript.Run(ctx, r.c, keys, args...).StringSlice()
	if err != nil {
		return nil, unavailable(op, err)
	}
	if len(v) == 0 {
		return nil, guichet.Errorf(guichet.Unavailable, op, "empty script reply")
	}
	return v, nil
}

// score is the ticket's score in the index of its status.
func (r *Redis) score(t Ticket) string {
	switch t.Status {
	case Waiting:
		return strconv.FormatFloat(t.queueScore(), 'f', 0, 64)
	case Assigned:
		return strconv.FormatInt(t.Claimed.UnixMilli(), 10)
	}
	return strconv.FormatInt(t.Closed.UnixMilli(), 10)
}

// Get implements Tickets.
func (r *Redis) Get(ctx context.Context, id string) (Ticket, error) {
	const op = "handoff: get ticket"
	data, err := r.c.HGet(ctx, r.k.tickets, id).Bytes()
	if errors.Is(err, redis.Nil) {
		return Ticket{}, guichet.Errorf(guichet.NotFound, op, "no ticket %q", id)
	}
	if err != nil {
		return Ticket{}, unavailable(op, err)
	}
	return decodeTicket(op, data)
}

func decodeTicket(op string, data []byte) (Ticket, error) {
	var t Ticket
	if err := json.Unmarshal(data, &t); err != nil {
		return Ticket{}, guichet.E(guichet.Unavailable, op, fmt.Errorf("stored ticket is not valid JSON: %w", err))
	}
	return t, nil
}

// OpenFor implements Tickets.
func (r *Redis) OpenFor(ctx context.Context, conv guichet.ConversationID) (Ticket, bool, error) {
	const op = "handoff: open ticket"
	id, err := r.c.HGet(ctx, r.k.open, string(conv)).Result()
	if errors.Is(err, redis.Nil) {
		return Ticket{}, false, nil
	}
	if err != nil {
		return Ticket{}, false, unavailable(op, err)
	}
	t, err := r.Get(ctx, id)
	if guichet.Is(err, guichet.NotFound) {
		return Ticket{}, false, nil
	}
	return t, err == nil, err
}

// List implements Tickets.
func (r *Redis) List(ctx context.Context, s Status, limit int) ([]Ticket, int, error) {
	const op = "handoff: list tickets"
	if err := checkList(op, s, limit); err != nil {
		return nil, 0, err
	}
	key, rev := r.listKey(s)
	var ids *redis.StringSliceCmd
	var total *redis.IntCmd
	_, err := r.c.Pipelined(ctx, func(p redis.Pipeliner) error {
		ids = p.ZRangeArgs(ctx, redis.ZRangeArgs{Key: key, Start: 0, Stop: int64(limit - 1), Rev: rev})
		total = p.ZCard(ctx, key)
		return nil
	})
	if err != nil {
		return nil, 0, unavailable(op, err)
	}
	tickets, err := r.getMany(ctx, op, ids.Val())
	return tickets, int(total.Val()), err
}

func (r *Redis) listKey(s Status) (key string, rev bool) {
	switch s {
	case Waiting:
		return r.k.queue, false
	case Assigned:
		return r.k.assigned, false
	}
	return r.k.closed[s], true
}

// getMany reads tickets in the order of ids, skipping any deleted meanwhile.
func (r *Redis) getMany(ctx context.Context, op string, ids []string) ([]Ticket, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	vals, err := r.c.HMGet(ctx, r.k.tickets, ids...).Result()
	if err != nil {
		return nil, unavailable(op, err)
	}
	out := make([]Ticket, 0, len(vals))
	for _, v := range vals {
		s, ok := v.(string)
		if !ok {
			continue
		}
		t, err := decodeTicket(op, []byte(s))
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// Position implements Tickets.
func (r *Redis) Position(ctx context.Context, id string) (int, error) {
	n, err := r.c.ZRank(ctx, r.k.queue, id).Result()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, unavailable("handoff: queue position", err)
	}
	return int(n) + 1, nil
}

// RecordPickup implements Stats.
func (r *Redis) RecordPickup(ctx context.Context, p Pickup) error {
	data, _ := json.Marshal(p)
	err := pickupScript.Run(ctx, r.c, []string{r.k.pickups}, data, MaxPickups).Err()
	return unavailable("handoff: record pickup", err)
}

// Pickups implements Stats.
func (r *Redis) Pickups(ctx context.Context, limit int) ([]Pickup, error) {
	vals, err := r.c.LRange(ctx, r.k.pickups, 0, int64(limit-1)).Result()
	if err != nil {
		return nil, unavailable("handoff: pickups", err)
	}
	out := make([]Pickup, 0, len(vals))
	for _, v := range vals {
		var p Pickup
		if json.Unmarshal([]byte(v), &p) == nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// SeeAgent implements Presence.
func (r *Redis) SeeAgent(ctx context.Context, name string, at time.Time) error {
	forget := r.opts.Now().Add(-presenceTTL).UnixMilli()
	err := seeScript.Run(ctx, r.c, []string{r.k.agents}, name, at.UnixMilli(), forget).Err()
	return unavailable("handoff: see agent", err)
}

// AgentsSeen implements Presence.
func (r *Redis) AgentsSeen(ctx context.Context) (map[string]time.Time, error) {
	min := strconv.FormatInt(r.opts.Now().Add(-presenceTTL).UnixMilli(), 10)
	zs, err := r.c.ZRangeByScoreWithScores(ctx, r.k.agents, &redis.ZRangeBy{Min: min, Max: "+inf"}).Result()
	if err != nil {
		return nil, unavailable("handoff: agents seen", err)
	}
	out := make(map[string]time.Time, len(zs))
	for _, z := range zs {
		name, _ := z.Member.(string)
		out[name] = time.UnixMilli(int64(z.Score))
	}
	return out, nil
}
