package messenger

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// Forgotten is what Forget removed.
type Forgotten struct {
	// Window is true when a messaging-window record (when the person last
	// wrote, whether the Send API found them unreachable) was deleted.
	Window bool
	// Queued counts webhook events of the person still waiting in the
	// ingestion stream, deleted before a worker turned them into a new
	// transcript.
	Queued int
}

// forgetPage is how many stream entries Forget reads at a time.
const forgetPage = 500

// Forget deletes what the channel keeps in Redis about one person, under
// the key prefix a Channel was given (Options.KeyPrefix). Everything else
// about the conversation lives in the conversation store. conv must be a
// Messenger conversation; any other has nothing here.
//
// Errors: Unavailable.
func Forget(ctx context.Context, rdb redis.UniversalClient, keyPrefix string, conv guichet.ConversationID) (Forgotten, error) {
	var out Forgotten
	if conv.Channel() != guichet.ChannelMessenger {
		return out, nil
	}
	q := newRedisQueue(rdb, keyPrefix, 0, DefaultClaimIdle, DefaultAliveTTL) // pushes nothing
	n, err := q.forget(ctx, conv.Subject())
	if err != nil {
		return out, unavailable("messenger: forget queued events", err)
	}
	out.Queued = n
	w := newRedisWindows(rdb, keyPrefix, time.Now, DefaultDedupTTL)
	deleted, err := rdb.Del(ctx, w.key(conv)).Result()
	if err == nil {
		// The claimed mids go too: their key names the person.
		err = rdb.Del(ctx, w.midsKey(conv), newRedisSent(rdb, keyPrefix).key(conv)).Err()
	}
	if err != nil {
		return out, unavailable("messenger: forget window", err)
	}
	out.Window = deleted > 0
	return out, nil
}

// forget deletes the entries of psid from the stream, which holds only
// work not yet done (acknowledged entries are deleted), so it is short.
func (q *redisQueue) forget(ctx context.Context, psid string) (int, error) {
	n := 0
	for start := "-"; ; {
		msgs, err := q.rdb.XRangeN(ctx, q.stream, start, "+", forgetPage).Result()
		if err != nil {
			return n, err
		}
		var ids []string
		for _, m := range msgs {
			var ev inbound
			s, _ := m.Values["e"].(string)
			if json.Unmarshal([]byte(s), &ev) == nil && ev.PSID == psid {
				ids = append(ids, m.ID)
			}
		}
		if len(ids) > 0 {
			// A worker may hold one of them; XACK of a deleted entry is
			// harmless, and its transcript is forgotten next anyway.
			deleted, err := q.rdb.XDel(ctx, q.stream, ids...).Result()
			if err != nil {
				return n, err
			}
			n += int(deleted)
		}
		if len(msgs) < forgetPage {
			return n, nil
		}
		start = "(" + msgs[len(msgs)-1].ID
	}
}

// Eraser is the Messenger share of 'guichet privacy forget' (a
// privacy.Forgetter): the person's queued events and window record.
type Eraser struct {
	Redis     redis.UniversalClient
	KeyPrefix string
}

// Forget runs Forget and words what went.
func (e Eraser) Forget(ctx context.Context, conv guichet.ConversationID) (string, error) {
	f, err := Forget(ctx, e.Redis, e.KeyPrefix, conv)
	if err != nil {
		return "", err
	}
	return f.String(), nil
}

// String words what was removed: "messenger: window record, 2 queued
// events", or "messenger: nothing".
func (f Forgotten) String() string {
	var parts []string
	if f.Window {
		parts = append(parts, "window record")
	}
	if f.Queued > 0 {
		parts = append(parts, fmt.Sprintf("%d queued events", f.Queued))
	}
	if len(parts) == 0 {
		return "messenger: nothing"
	}
	return "messenger: " + strings.Join(parts, ", ")
}
