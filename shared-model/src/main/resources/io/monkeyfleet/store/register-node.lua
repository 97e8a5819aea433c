-- Registers a node, or updates its descriptor. Creates its lifecycle state as JOINING only when it
-- has none, so an agent that restarts on a node monkey-service is rebooting does not promote it.
-- Touches only the node's own keys, the node index and the changes channel: what an agent's ACL
-- allows (docs/redis-schema.md).
-- KEYS[1] node, KEYS[2] node state, KEYS[3] node index
-- ARGV[1] node JSON, ARGV[2] node id, ARGV[3] JOINING status JSON, ARGV[4] channel, ARGV[5] change JSON
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
local current = redis.call('GET', KEYS[2])
if not current then
  redis.call('SET', KEYS[2], ARGV[3])
  current = ARGV[3]
end
redis.call('PUBLISH', ARGV[4], ARGV[5])
return current
