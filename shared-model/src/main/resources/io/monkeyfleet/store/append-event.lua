-- Appends one event to the stream, trimming it to exactly its maximum length. Returns the entry id.
-- KEYS[1] events stream; ARGV[1] event JSON, ARGV[2] stream max length
return redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[2], '*', 'event', ARGV[1])
