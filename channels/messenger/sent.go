package messenger

import (
	"context"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// sentTTL is how long the channel remembers that a reply left. A reply is
// delivered again when the process that sent it died before noting that
// it had (the bot resumes its pending answer on a takeover, seconds
// later; a stuck event is claimed after minutes): an hour covers both.
const sentTTL = time.Hour

// sentLog remembers which recorded events the Send API accepted, so that
// one delivered again after a crash does not reach the person twice. What
// is left is the instant between Meta's answer and the note, which the
// channel writes behind (see behind).
type sentLog interface {
	// sent reports whether event id of conv already left.
	sent(ctx context.Context, conv guichet.ConversationID, id string) (bool, error)
}

// sentNote says that event id of conv left.
type sentNote struct {
	conv guichet.ConversationID
	id   string
}

// memSent is the single-process sentLog.
type memSent struct {
	mu    sync.Mutex
	now   func() time.Time
	m     map[string]time.Time // conv + "\x00" + id -> when sent
	sweep time.Time
}

func newMemSent(now func() time.Time) *memSent { return &memSent{now: now, m: map[string]time.Time{}} }

func (s *memSent) sent(_ context.Context, conv guichet.ConversationID, id string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.m[string(conv)+"\x00"+id]
	return ok && s.now().Sub(at) < sentTTL, nil
}

// markSent notes that event id of conv left.
func (s *memSent) markSent(conv guichet.ConversationID, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.m[string(conv)+"\x00"+id] = now
	if now.After(s.sweep) {
		s.sweep = now.Add(sentTTL)
		for k, at := range s.m {
			if now.Sub(at) >= sentTTL {
				delete(s.m, k)
			}
		}
	}
}

// redisSent keeps one hash per conversation, a field per event id, living
// sentTTL after the last reply.
type redisSent struct {
	rdb    redis.UniversalClient
	prefix string
}

func newRedisSent(rdb redis.UniversalClient, prefix string) *redisSent {
	return &redisSent{rdb: rdb, prefix: prefix + "messenger:sent:"}
}

func (s *redisSent) key(conv guichet.ConversationID) string {
	return s.prefix + "{" + string(conv) + "}"
}

func (s *redisSent) sent(ctx context.Context, conv guichet.ConversationID, id string) (bool, error) {
	ok, err := s.rdb.HExists(ctx, s.key(conv), id).Result()
	return ok, unavailable("messenger: sent get", err)
}
