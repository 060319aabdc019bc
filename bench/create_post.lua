-- wrk script: POST a new post as a random member, with their bearer token.
-- usage: wrk ... -s bench/create_post.lua URL -- TOKENS_FILE
local tokens = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    local token = line:match("^(%S+)")
    if token then tokens[#tokens + 1] = token end
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  counter = counter + 1
  local token = tokens[math.random(#tokens)]
  local body = '{"status":"#压测# load test post ' .. counter .. ' 春风又绿江南岸"}'
  return wrk.format("POST", "/api/v1/statuses", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

-- Count non-2xx answers so a run that only produced errors is not mistaken for throughput.
local errors = 0
function response(status)
  if status ~= 200 then errors = errors + 1 end
end
