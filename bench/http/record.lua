-- wrk script: GET /api/records/{id} over the ids in bench/http/ids.txt (written by run.sh).
local ids = {}
local path = os.getenv("CHANCERY_BENCH_IDS") or "ids.txt"
for line in io.lines(path) do
  if #line > 0 then ids[#ids + 1] = line end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/records/" .. ids[(i % #ids) + 1])
end
