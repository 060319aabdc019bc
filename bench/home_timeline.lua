-- wrk script: GET the home timeline (20 posts) as a random member, with their bearer token.
-- usage: wrk ... -s bench/home_timeline.lua URL -- TOKENS_FILE [PATH [PAUSE_MS]]
--   PAUSE_MS: each connection waits that long on average before each request (whole
--   milliseconds drawn around the mean, as wrk's delay() takes them), to read at a set rate
--   below the server's full throughput.
local tokens = {}
local path = "/api/v1/timelines/home?limit=20"

-- Each member's request is formatted once, in init: per request wrk only draws one (it runs on
-- the same cores as the server, so what it spends per request is taken from the server).
local requests = {}
local pause = 0

local function format(token)
  -- wrk.format takes these headers instead of wrk.headers, so carry over the -H ones
  -- (bench/snac.sh sends "Connection: close").
  local headers = { ["Authorization"] = "Bearer " .. token }
  for name, value in pairs(wrk.headers) do
    if headers[name] == nil then headers[name] = value end
  end
  return wrk.format("GET", path, headers)
end

function init(args)
  for line in io.lines(args[1]) do
    local token = line:match("^(%S+)")
    if token then tokens[#tokens + 1] = token end
  end
  if args[2] and args[2] ~= "" then path = args[2] end
  pause = tonumber(args[3] or "0") or 0
  -- Defined only when asked: with a delay() wrk puts every request through a timer.
  if pause > 0 then
    delay = function()
      local whole = math.floor(pause)
      if math.random() < pause - whole then return whole + 1 end
      return whole
    end
  end
  for i, token in ipairs(tokens) do requests[i] = format(token) end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  return requests[math.random(#requests)]
end

