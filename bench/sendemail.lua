-- wrk script for mailflow's POST /apim/smtp/{connection}/SendEmailV3 over keep-alive.
-- Env: MAILFLOW_KEY (bearer key), BENCH_BODY_FILE (the JSON request body), BENCH_LABEL;
-- optional BENCH_PREFER (sent as the Prefer header, e.g. respond-async) and BENCH_EXPECT (a status:
-- every other answer is counted as "unexpected", e.g. a 200 or 503 where 202 was expected).
-- done() prints one JSON line "RESULT {...}" that run.sh parses: requests, non-2xx, unexpected,
-- errors, duration and latency percentiles in microseconds.
local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

wrk.method = "POST"
wrk.body = slurp(os.getenv("BENCH_BODY_FILE"))
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MAILFLOW_KEY")
if os.getenv("BENCH_PREFER") then wrk.headers["Prefer"] = os.getenv("BENCH_PREFER") end

-- Each wrk thread runs its own copy of this script; done() sums their counters through setup().
local threads = {}
function setup(thread) table.insert(threads, thread) end

-- Only defined when asked for: a response() callback makes wrk hand every answer to Lua.
local expect = tonumber(os.getenv("BENCH_EXPECT") or "")
unexpected = 0
if expect then
  function response(status, headers, body)
    if status ~= expect then unexpected = unexpected + 1 end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local n = 0
  for _, t in ipairs(threads) do n = n + (t:get("unexpected") or 0) end
  io.write(string.format(
    'RESULT {"label":"%s","requests":%d,"duration_us":%d,"non2xx":%d,"unexpected":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
    '"p50_us":%d,"p99_us":%d,"mean_us":%.0f,"max_us":%d}\n',
    os.getenv("BENCH_LABEL") or "", summary.requests, summary.duration, e.status, n,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max))
end
