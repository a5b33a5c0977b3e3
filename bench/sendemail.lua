-- wrk script for mailflow's POST /apim/smtp/{connection}/SendEmailV3 over keep-alive.
-- Env: MAILFLOW_KEY (bearer key), BENCH_BODY_FILE (the JSON request body), BENCH_LABEL.
-- done() prints one JSON line "RESULT {...}" that run.sh parses: requests, non-2xx, errors,
-- duration and latency percentiles in microseconds.
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

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"label":"%s","requests":%d,"duration_us":%d,"non2xx":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
    '"p50_us":%d,"p99_us":%d,"mean_us":%.0f,"max_us":%d}\n',
    os.getenv("BENCH_LABEL") or "", summary.requests, summary.duration, e.status,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max))
end
