package handoff

import "github.com/redis/go-redis/v9"

// Every script touches only keys of one hash tag, so they run on Redis
// Cluster; the keys are passed in KEYS, never built inside the script.

// saveScript creates (ARGV[9] == "1") or compare-and-sets a ticket and
// moves its id between the indexes in the same step.
//
// KEYS: tickets, versions, open, queue, assigned, closed list of the new status.
// ARGV: id, expected version, new version, json, status, conv,
// score (queue or assigned or closed), closed expiry score, create flag.
// Returns {"ok"}, {"exists", open id}, {"notfound"} or {"conflict", version}.
var saveScript = redis.NewScript(`
local id, conv, status = ARGV[1], ARGV[6], ARGV[5]
local cur = redis.call('HGET', KEYS[2], id)
if ARGV[9] == '1' then
  local open = redis.call('HGET', KEYS[3], conv)
  if open then return {'exists', open} end
  if cur then return {'conflict', cur} end
else
  if not cur then return {'notfound'} end
  if cur ~= ARGV[2] then return {'conflict', cur} end
end
redis.call('HSET', KEYS[1], id, ARGV[4])
redis.call('HSET', KEYS[2], id, ARGV[3])
if status == 'waiting' then
  redis.call('ZREM', KEYS[5], id)
  redis.call('ZADD', KEYS[4], ARGV[7], id)
  redis.call('HSET', KEYS[3], conv, id)
elseif status == 'assigned' then
  redis.call('ZREM', KEYS[4], id)
  redis.call('ZADD', KEYS[5], ARGV[7], id)
  redis.call('HSET', KEYS[3], conv, id)
else
  redis.call('ZREM', KEYS[4], id)
  redis.call('ZREM', KEYS[5], id)
  if redis.call('HGET', KEYS[3], conv) == id then redis.call('HDEL', KEYS[3], conv) end
  redis.call('ZADD', KEYS[6], ARGV[7], id)
  local old = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', '(' .. ARGV[8], 'LIMIT', 0, 100)
  for _, o in ipairs(old) do
    redis.call('HDEL', KEYS[1], o)
    redis.call('HDEL', KEYS[2], o)
    redis.call('ZREM', KEYS[6], o)
  end
end
return {'ok'}
`)

// pickupScript records a pick-up and keeps the newest MaxPickups.
// KEYS: pickups. ARGV: json, max.
var pickupScript = redis.NewScript(`
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
return 1
`)

// seeScript records an agent's presence, never moving it back in time, and
// forgets agents not seen for a day.
// KEYS: agents. ARGV: name, ms, forget-before ms.
var seeScript = redis.NewScript(`
redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
return 1
`)
