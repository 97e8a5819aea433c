-- Saves a finished job with its retention time and frees what it held: its place among the
-- active jobs, its host locks, its cancel flag and its lease. Only the lease holder may.
-- Returns 1 if done, 0 if the lease is someone else's.
-- KEYS[1] job, KEYS[2] lease, KEYS[3] active jobs, KEYS[4] cancel flag, KEYS[5..] host locks
-- ARGV[1] job JSON, ARGV[2] retention (ms), ARGV[3] job id, ARGV[4] owner
if redis.call('GET', KEYS[2]) ~= ARGV[4] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SREM', KEYS[3], ARGV[3])
redis.call('DEL', KEYS[4])
for i = 5, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[3] then
    redis.call('DEL', KEYS[i])
  end
end
redis.call('DEL', KEYS[2])
return 1
