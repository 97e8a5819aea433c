-- Gives the lease up, but only if this replica still holds it.
-- KEYS[1] lease; ARGV[1] replica id
local current = redis.call('GET', KEYS[1])
if current and string.match(current, '^(.*)|%d+$') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
