-- Saves a job only while the caller still holds its lease, so a provisioner that lost the
-- lease (paused past its time-to-live) can never overwrite the new owner's progress.
-- Returns 1 if saved, 0 if the lease is someone else's.
-- KEYS[1] job, KEYS[2] lease; ARGV[1] job JSON, ARGV[2] owner
if redis.call('GET', KEYS[2]) ~= ARGV[2] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
