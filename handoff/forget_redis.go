package handoff

import (
	"context"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// forgetScanCount is how many tickets each HSCAN step reads.
const forgetScanCount = 500

// Forget implements TicketStore. Tickets are indexed by id, not by
// conversation (only the open one is), so Forget scans the tickets hash
// for those of conv, then deletes them and their index entries in one
// script. Forgetting is rare (an operator runs 'guichet privacy forget')
// and the hash holds only the tickets of the retention period, so a scan
// costs less than keeping a second index on every save.
func (r *Redis) Forget(ctx context.Context, conv guichet.ConversationID) (int, error) {
	const op = "handoff: forget tickets"
	ids, err := r.ticketsOf(ctx, conv)
	if err != nil {
		return 0, unavailable(op, err)
	}
	keys := []string{r.k.tickets, r.k.versions, r.k.open, r.k.queue, r.k.assigned,
		r.k.closed[Resolved], r.k.closed[Returned], r.k.closed[Abandoned]}
	args := make([]any, 0, len(ids)+1)
	args = append(args, string(conv))
	for _, id := range ids {
		args = append(args, id)
	}
	n, err := forgetScript.Run(ctx, r.c, keys, args...).Int()
	return n, unavailable(op, err)
}

// ticketsOf returns the ids of the stored tickets of conv.
func (r *Redis) ticketsOf(ctx context.Context, conv guichet.ConversationID) ([]string, error) {
	// Conversation ids hold only letters, digits, ':', '-' and '_', which
	// JSON writes as they are: a substring test skips decoding the others.
	needle := `"conv":"` + string(conv) + `"`
	var ids []string
	var cursor uint64
	for {
		kv, next, err := r.c.HScan(ctx, r.k.tickets, cursor, "", forgetScanCount).Result()
		if err != nil {
			return nil, err
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if strings.Contains(kv[i+1], needle) {
				ids = append(ids, kv[i])
			}
		}
		if cursor = next; cursor == 0 {
			return ids, nil
		}
	}
}

// forgetScript deletes the given tickets of a conversation, and its open
// ticket even if it was created after the scan, from every index. It
// checks each ticket's conversation again, so a wrong id deletes nothing.
//
// KEYS: tickets, versions, open, queue, assigned, closed:resolved,
// closed:returned, closed:abandoned. ARGV: conv, ids...
// Returns the number of tickets deleted.
var forgetScript = redis.NewScript(`
local conv = ARGV[1]
local ids = {}
for i = 2, #ARGV do ids[#ids + 1] = ARGV[i] end
local open = redis.call('HGET', KEYS[3], conv)
if open then ids[#ids + 1] = open end
local n = 0
for _, id in ipairs(ids) do
  local data = redis.call('HGET', KEYS[1], id)
  if data and cjson.decode(data).conv == conv then
    redis.call('HDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    for k = 4, 8 do redis.call('ZREM', KEYS[k], id) end
    n = n + 1
  end
end
redis.call('HDEL', KEYS[3], conv)
return n
`)
