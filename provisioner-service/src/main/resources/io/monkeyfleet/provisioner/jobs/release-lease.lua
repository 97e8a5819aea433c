-- Gives up a job's lease if the caller holds it, so another provisioner can take the job over
-- at once. Returns 1 if released, 0 if not.
-- KEYS[1] lease; ARGV[1] owner
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
