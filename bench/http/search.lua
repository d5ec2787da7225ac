-- wrk script: GET /api/search with a rotating set of reading-room queries (anonymous reader).
local queries = {
  "telegram", "soviet", "berlin", "prec:priority", "nuclear AND test", "\"foreign minister\"",
  "embassy", "laos", "title:memorandum", "cuba OR castro", "trade", "khrushchev", "vietnam",
  "from:moscow", "type:telegram", "disarmament",
}
local i = 0
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  q = q:gsub("([^%w])", function(c) return string.format("%%%02X", string.byte(c)) end)
  return wrk.format("GET", "/api/search?q=" .. q .. "&size=10")
end
