-- Registers a node, or updates its descriptor. Creates its lifecycle state as JOINING only when it
-- has none, so an agent that restarts on a node monkey-service is rebooting does not promote it.
-- Publishes a change only when something changed, so agents may re-register as often as they like.
-- Touches only the node's own keys, the node index and the changes channel: what an agent's ACL
-- allows (docs/redis-schema.md).
-- KEYS[1] node, KEYS[2] node state, KEYS[3] node index
-- ARGV[1] node JSON, ARGV[2] node id, ARGV[3] JOINING status JSON, ARGV[4] channel, ARGV[5] change JSON
local changed = false
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1])
  changed = true
end
if redis.call('SADD', KEYS[3], ARGV[2]) == 1 then
  changed = true
end
local current = redis.call('GET', KEYS[2])
if not current then
  redis.call('SET', KEYS[2], ARGV[3])
  current = ARGV[3]
  changed = true
end
if changed then
  redis.call('PUBLISH', ARGV[4], ARGV[5])
end
return current
