-- wrk script: GET the home timeline (20 posts) as a random member, with their bearer token.
-- usage: wrk ... -s bench/home_timeline.lua URL -- TOKENS_FILE [PATH]
local tokens = {}
local path = "/api/v1/timelines/home?limit=20"

function init(args)
  for line in io.lines(args[1]) do
    local token = line:match("^(%S+)")
    if token then tokens[#tokens + 1] = token end
  end
  if args[2] then path = args[2] end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  local token = tokens[math.random(#tokens)]
  -- wrk.format takes these headers instead of wrk.headers, so carry over the -H ones
  -- (bench/snac.sh sends "Connection: close").
  local headers = { ["Authorization"] = "Bearer " .. token }
  for name, value in pairs(wrk.headers) do
    if headers[name] == nil then headers[name] = value end
  end
  return wrk.format("GET", path, headers)
end
