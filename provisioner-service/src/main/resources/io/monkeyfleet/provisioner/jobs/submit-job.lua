-- Accepts a job atomically: idempotency replay, fencing token check, host locks, then the writes.
-- Returns 'A' (accepted), 'R <job>' (replay of the job this key made), 'K <job>' (key reused
-- with a different request), 'S <newest token>' (stale token), 'B <host> <job>' (host busy).
-- KEYS[1] newest fencing token, KEYS[2] idempotency key, KEYS[3] job, KEYS[4] job index,
-- KEYS[5] active jobs, KEYS[6..] one lock per host of the job
-- ARGV[1] token (decimal, no leading zeros), ARGV[2] '1' when an idempotency key was sent,
-- ARGV[3] request fingerprint, ARGV[4] idempotency key time-to-live (ms), ARGV[5] job id,
-- ARGV[6] job JSON, ARGV[7] creation time (epoch ms), ARGV[8..] host ids in KEYS[6..] order

-- Tokens are compared as decimal text (length first), so every 64-bit value is exact.
local function older(a, b)
  if #a ~= #b then return #a < #b end
  return a < b
end

if ARGV[2] == '1' then
  local seen = redis.call('GET', KEYS[2])
  if seen then
    local space = string.find(seen, ' ', 1, true)
    local job = string.sub(seen, 1, space - 1)
    if string.sub(seen, space + 1) == ARGV[3] then
      return 'R ' .. job
    end
    return 'K ' .. job
  end
end
local newest = redis.call('GET', KEYS[1])
if newest and older(ARGV[1], newest) then
  return 'S ' .. newest
end
for i = 6, #KEYS do
  local holder = redis.call('GET', KEYS[i])
  if holder and redis.call('SISMEMBER', KEYS[5], holder) == 1 then
    return 'B ' .. ARGV[i + 2] .. ' ' .. holder
  end
end
if not newest or older(newest, ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1])
end
redis.call('SET', KEYS[3], ARGV[6])
redis.call('ZADD', KEYS[4], ARGV[7], ARGV[5])
redis.call('SADD', KEYS[5], ARGV[5])
for i = 6, #KEYS do
  redis.call('SET', KEYS[i], ARGV[5])
end
if ARGV[2] == '1' then
  redis.call('SET', KEYS[2], ARGV[5] .. ' ' .. ARGV[3], 'PX', ARGV[4])
end
return 'A'
