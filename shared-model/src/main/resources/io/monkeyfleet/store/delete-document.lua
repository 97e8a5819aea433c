-- Deletes a node, pool or route: its keys and index entry, with its event and change message,
-- atomically. Returns 0 and records nothing when there was nothing to delete.
-- KEYS[1] index, KEYS[2] events stream, KEYS[3..] the keys to delete
-- ARGV[1] id, ARGV[2] event JSON, ARGV[3] stream max length, ARGV[4] channel, ARGV[5] change JSON
local removed = redis.call('SREM', KEYS[1], ARGV[1])
local deleted = redis.call('DEL', unpack(KEYS, 3))
if removed == 0 and deleted == 0 then
  return 0
end
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], '*', 'event', ARGV[2])
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1
