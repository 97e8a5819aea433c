-- Enrolls a registered node: creates its lifecycle state as JOINING when the node is registered
-- and has no state yet, and publishes the change. monkey-service's leader does this for every node
-- an agent registered, so no agent ever writes a lifecycle state.
-- KEYS[1] node, KEYS[2] node state
-- ARGV[1] JOINING status JSON, ARGV[2] channel, ARGV[3] change JSON
-- Returns 1 when it created the state, 0 otherwise.
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[2]) == 1 then
  return 0
end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
