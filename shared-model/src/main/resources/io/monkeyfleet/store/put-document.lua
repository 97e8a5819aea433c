-- Saves a pool or route with its index entry, event and change message, atomically.
-- KEYS[1] document, KEYS[2] index, KEYS[3] events stream
-- ARGV[1] JSON, ARGV[2] id, ARGV[3] event JSON, ARGV[4] stream max length, ARGV[5] channel, ARGV[6] change JSON
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[4], '*', 'event', ARGV[3])
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1
