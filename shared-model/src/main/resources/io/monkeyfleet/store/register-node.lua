-- Registers a node, or updates its descriptor. Given its state key too (KEYS[3]), also creates the
-- node's lifecycle state as JOINING when it has none, and returns the state: what a test or tool
-- standing in for both an agent and monkey-service's enrollment does. An agent gives no state key:
-- it never writes its node's state, and its Redis user may only read that key (a key declared to a
-- script needs write access too).
-- Publishes a change only when something changed, so agents may re-register as often as they like.
-- Touches only the node's own keys, the node index and the changes channel: what an agent's ACL
-- allows (docs/redis-schema.md).
-- KEYS[1] node, KEYS[2] node index, KEYS[3] node state (optional)
-- ARGV[1] node JSON, ARGV[2] node id, ARGV[3] channel, ARGV[4] change JSON, ARGV[5] JOINING status JSON
-- Returns the node's state with KEYS[3], else false.
local changed = false
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1])
  changed = true
end
if redis.call('SADD', KEYS[2], ARGV[2]) == 1 then
  changed = true
end
local current = false
if KEYS[3] then
  current = redis.call('GET', KEYS[3])
  if not current then
    redis.call('SET', KEYS[3], ARGV[5])
    current = ARGV[5]
    changed = true
  end
end
if changed then
  redis.call('PUBLISH', ARGV[3], ARGV[4])
end
return current
