-- wrk script: requests of several kinds as random members (bearer tokens), the kind chosen per
-- request by weight. The one-scenario scripts use it with a single kind.
-- usage: wrk ... -s bench/mix.lua URL -- TOKENS_FILE ACCOUNTS_FILE POSTS_FILE WEIGHTS [warm]
--   TOKENS_FILE: "token account_id" lines (clearwater admin issue-tokens)
--   ACCOUNTS_FILE, POSTS_FILE: one account id / post id a line, the targets of the kinds below
--   WEIGHTS: kind=weight,... of these kinds:
--     home     GET  /api/v1/timelines/home?limit=20
--     user     GET  /api/v1/accounts/:id/statuses?limit=20   a random account
--     detail   GET  /api/v1/statuses/:id                     a random post
--     post     POST /api/v1/statuses
--     like     POST /api/v1/statuses/:id/favourite
--     forward  POST /api/v1/statuses/:id/reblog              with a comment on 3 in 5
--     comment  POST /api/v1/statuses/:id/comments
--   warm: also record the statuses and sizes of the responses; done() prints
--     "median-bytes N" and the statuses seen (the scripts size nginx's static file with it).
-- done() prints how many requests of each kind were sent.
local tokens, accounts, posts = {}, {}, {}
local kinds, cumulative, total = {}, {}, 0
local counter = 0
-- Globals, so that done() can collect them from each thread (thread:get).
sent, sizes, statuses = {}, {}, {}

local function read_lines(file, pattern, into)
  for line in io.lines(file) do
    local v = line:match(pattern)
    if v then into[#into + 1] = v end
  end
end

local function pick(list)
  return list[math.random(#list)]
end

local function json_headers(token)
  return { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
end

local builders = {
  home = function(token)
    return wrk.format("GET", "/api/v1/timelines/home?limit=20", { ["Authorization"] = "Bearer " .. token })
  end,
  user = function(token)
    return wrk.format("GET", "/api/v1/accounts/" .. pick(accounts) .. "/statuses?limit=20",
                      { ["Authorization"] = "Bearer " .. token })
  end,
  detail = function(token)
    return wrk.format("GET", "/api/v1/statuses/" .. pick(posts), { ["Authorization"] = "Bearer " .. token })
  end,
  post = function(token)
    return wrk.format("POST", "/api/v1/statuses", json_headers(token),
                      '{"status":"#压测# load test post ' .. counter .. ' 春风又绿江南岸"}')
  end,
  like = function(token)
    return wrk.format("POST", "/api/v1/statuses/" .. pick(posts) .. "/favourite",
                      { ["Authorization"] = "Bearer " .. token })
  end,
  forward = function(token)
    local body = counter % 5 < 3 and '{"status":"转发微博 load test ' .. counter .. '"}' or '{}'
    return wrk.format("POST", "/api/v1/statuses/" .. pick(posts) .. "/reblog", json_headers(token), body)
  end,
  comment = function(token)
    return wrk.format("POST", "/api/v1/statuses/" .. pick(posts) .. "/comments", json_headers(token),
                      '{"text":"说得好 load test comment ' .. counter .. '"}')
  end,
}

function init(args)
  read_lines(args[1], "^(%S+)", tokens)
  read_lines(args[2], "^(%d+)", accounts)
  read_lines(args[3], "^(%d+)", posts)
  for kind, weight in args[4]:gmatch("(%a+)=(%d+)") do
    if not builders[kind] then error("unknown request kind " .. kind) end
    total = total + tonumber(weight)
    kinds[#kinds + 1] = kind
    cumulative[#cumulative + 1] = total
    sent[kind] = 0
  end
  if total == 0 then error("no weights in " .. args[4]) end
  if args[5] == "warm" then
    -- Defined only when asked: a response() makes wrk hand every body to Lua.
    response = function(status, headers, body)
      statuses[status] = (statuses[status] or 0) + 1
      if #sizes < 2000 then sizes[#sizes + 1] = #body end
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  counter = counter + 1
  local x = math.random() * total
  local k = 1
  while cumulative[k] <= x do k = k + 1 end
  local kind = kinds[k]
  sent[kind] = sent[kind] + 1
  return builders[kind](pick(tokens))
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local by_kind, all_sizes, by_status = {}, {}, {}
  for _, t in ipairs(threads) do
    for kind, n in pairs(t:get("sent")) do by_kind[kind] = (by_kind[kind] or 0) + n end
    for _, s in ipairs(t:get("sizes")) do all_sizes[#all_sizes + 1] = s end
    for status, n in pairs(t:get("statuses")) do by_status[status] = (by_status[status] or 0) + n end
  end
  local names, n = {}, 0
  for kind, count in pairs(by_kind) do n = n + count end
  for kind, count in pairs(by_kind) do
    names[#names + 1] = string.format("%s %d (%.1f%%)", kind, count, 100 * count / math.max(n, 1))
  end
  table.sort(names)
  print("sent: " .. table.concat(names, ", "))
  if #all_sizes > 0 then
    table.sort(all_sizes)
    print("median-bytes " .. all_sizes[math.floor((#all_sizes + 1) / 2)])
    local seen = {}
    for status, count in pairs(by_status) do seen[#seen + 1] = status .. " x" .. count end
    table.sort(seen)
    print("statuses: " .. table.concat(seen, ", "))
  end
end
