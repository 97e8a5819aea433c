-- Takes the leader lease if nobody holds it, or renews it if this replica does.
-- Returns the holder's fencing token, or -1 when another replica holds the lease.
-- A new holder gets a new token from the counter, so tokens only ever grow.
-- KEYS[1] lease, KEYS[2] fencing token counter; ARGV[1] replica id, ARGV[2] lease time-to-live (ms)
local current = redis.call('GET', KEYS[1])
if current then
  local holder, token = string.match(current, '^(.*)|(%d+)$')
  if holder == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return tonumber(token)
  end
  return -1
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return token
