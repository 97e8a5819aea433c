-- Compare-and-set of a node's lifecycle state, with its event and change message, atomically.
-- Applies only if the stored state and version are still the ones the caller read.
-- Returns 'A' (applied), 'M' (no such node) or 'C' followed by the current status JSON (conflict).
-- KEYS[1] node state, KEYS[2] events stream
-- ARGV[1] expected state, ARGV[2] expected version, ARGV[3] new status JSON, ARGV[4] event JSON,
-- ARGV[5] stream max length, ARGV[6] channel, ARGV[7] change JSON
local current = redis.call('GET', KEYS[1])
if not current then
  return 'M'
end
local ok, status = pcall(cjson.decode, current)
if not ok or type(status) ~= 'table' or status['state'] ~= ARGV[1] or status['version'] ~= tonumber(ARGV[2]) then
  return 'C' .. current
end
redis.call('SET', KEYS[1], ARGV[3])
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[5], '*', 'event', ARGV[4])
redis.call('PUBLISH', ARGV[6], ARGV[7])
return 'A'
