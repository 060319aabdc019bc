-- wrk script: POST a new post as a random member, with their bearer token.
-- usage: wrk ... -s bench/create_post.lua URL -- TOKENS_FILE [same|varied]
--   same (default): near-duplicate texts, so the write-time spam score finds every post a copy
--   of the last ones (its worst case); varied: a topic and two or three phrases drawn from the
--   world generator's vocabulary (src/world/generator.cc), in Chinese or English.
local tokens = {}
local counter = 0
local varied = false

local topics_zh = { "春节", "高考", "世界杯", "新能源", "人工智能", "美食", "旅行", "摄影", "读书",
  "电影", "音乐", "健身", "股市", "房价", "咖啡", "猫咪", "考研", "程序员", "手机", "天气" }
local topics_en = { "SpringFestival", "Gaokao", "WorldCup", "EV", "AI", "Food", "Travel",
  "Photography", "Books", "Movies", "Music", "Fitness", "Stocks", "Housing", "Coffee" }
local zh = { "今天终于有空了", "大家怎么看？", "说得太对了", "有人一起吗", "真的没想到", "记录一下",
  "分享给大家", "这也太好看了吧", "支持一下", "第一次尝试，感觉不错", "周末愉快", "有点失望",
  "强烈推荐", "学到了", "笑死我了[哈哈]", "加油！", "明天继续", "感动[泪]", "又是充实的一天", "求推荐" }
local en = { "finally had some time today", "what do you all think?", "couldn't agree more",
  "anyone want to join?", "did not see that coming", "sharing this with everyone",
  "highly recommended", "learned something new", "first try, not bad", "have a great weekend",
  "a bit disappointed", "keep going!", "more tomorrow", "so touching", "any recommendations?" }

local function pick(list) return list[math.random(#list)] end

function init(args)
  for line in io.lines(args[1]) do
    local token = line:match("^(%S+)")
    if token then tokens[#tokens + 1] = token end
  end
  varied = args[2] == "varied"
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

local function text()
  if not varied then return "#压测# load test post " .. counter .. " 春风又绿江南岸" end
  if math.random(4) == 1 then
    local s = pick(en) .. ", " .. pick(en)
    if math.random(2) == 1 then s = s .. ", " .. pick(en) end
    return s .. " #" .. pick(topics_en)
  end
  local s = "#" .. pick(topics_zh) .. "# " .. pick(zh) .. "，" .. pick(zh)
  if math.random(2) == 1 then s = s .. "，" .. pick(zh) end
  return s
end

-- Each token's request head, built once: per request only the text is drawn and its length put
-- in (wrk runs on the same cores as the server, so what it spends per request is taken from it).
local heads = {}

local function head(i)
  local h = heads[i]
  if not h then
    h = "POST /api/v1/statuses HTTP/1.1\r\nHost: " .. wrk.headers["Host"] ..
      "\r\nAuthorization: Bearer " .. tokens[i] ..
      "\r\nContent-Type: application/json\r\nContent-Length: "
    heads[i] = h
  end
  return h
end

function request()
  counter = counter + 1
  local body = '{"status":"' .. text() .. '"}'
  return head(math.random(#tokens)) .. #body .. "\r\n\r\n" .. body
end
-- No response() function: with one, wrk keeps every answer's headers and body for it. Non-2xx
-- answers are counted by wrk itself ("Non-2xx or 3xx responses").
