-- Records a fencing token if it is the newest seen; refuses one older than the newest.
-- Returns 'A' or 'S <newest token>'.
-- KEYS[1] newest fencing token; ARGV[1] token (decimal, no leading zeros)
local function older(a, b)
  if #a ~= #b then return #a < #b end
  return a < b
end
local newest = redis.call('GET', KEYS[1])
if newest and older(ARGV[1], newest) then
  return 'S ' .. newest
end
if not newest or older(newest, ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1])
end
return 'A'
