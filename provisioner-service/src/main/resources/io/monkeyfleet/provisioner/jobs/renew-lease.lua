-- Extends a job's lease if the caller still holds it. Returns 1 if renewed, 0 if not.
-- KEYS[1] lease; ARGV[1] owner, ARGV[2] time-to-live (ms)
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
