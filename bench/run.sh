#!/usr/bin/env bash
# make bench: mailflow's SendEmailV3 beside its peers, side by side in one run against one Postfix
# smtp-sink on loopback, for 1 KB and 100 KB messages. Writes raw output to bench/out/ and the
# "SMTP relay" section of bench/RESULTS.md (report.py). mailflow runs twice per size: synchronous
# (200 after the SMTP server's 250) and async (`Prefer: respond-async`: 202 once the message is
# durable in the outbox, then the dispatcher delivers to the same smtp-sink). Each async row gets a
# fresh mailflow with a fresh data dir; all data dirs live on a real disk (BENCH_TMPDIR, default
# /var/tmp: durability is the point, a tmpfs would make fsync free). Env knobs: BENCH_SECONDS (per
# party), BENCH_WARMUP (seconds), BENCH_SIZES ("1024 102400"), BENCH_TMPDIR, BENCH_NO_REPORT=1
# (leave RESULTS.md alone).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=${MAILFLOW_BIN:-$root/build/release/src/app/mailflow}
py=/usr/bin/python3
secs=${BENCH_SECONDS:-10}
warm=${BENCH_WARMUP:-2}
sizes=${BENCH_SIZES:-"1024 102400"}
out=$here/out
results=$out/results.jsonl
cmds=$out/commands.txt

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
free_port() { $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq "${2:-100}"); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
# Records a command (with the run's ports and paths abstracted) for RESULTS.md; run_cmd also runs
# it (not for background jobs: `run_cmd ... &` would make $! a subshell's pid).
record() {
  printf '%s\n' "$*" | sed -e "s#$root/##g" -e "s#$work#\$WORK#g" -e "s/127.0.0.1:$sink_port/127.0.0.1:\$SINK/g" \
    -e "s/127.0.0.1:$http_port/127.0.0.1:\$HTTP/g" -e "s/ $sink_port / \$SINK /g" >>"$cmds"
}
run_cmd() { record "$@"; "$@"; }
# mailflow's user+system CPU time in clock ticks (/proc/PID/stat fields 14 and 15).
cpu_ticks() { awk '{print $14 + $15}' "/proc/${1:-$mf_pid}/stat"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/${1:-$mf_pid}/status"; }
metrics() { $py "$here/outbox_metrics.py" "$@"; }

# start_mailflow DATA_DIR: a mailflow on a free port with that (new) data dir and the "sink"
# connection (16 SMTP sessions); sets mf_pid, http_port, base and key.
start_mailflow() {
  http_port=$(free_port)
  log "starting mailflow on 127.0.0.1:$http_port, data dir $1"
  mf_cmd=("$bin" serve --listen "127.0.0.1:$http_port" --data-dir "$1" --log-level warn)
  record "${mf_cmd[@]}"
  "${mf_cmd[@]}" >>"$out/mailflow.log" 2>&1 &
  mf_pid=$!
  pids+=($mf_pid)
  # At --log-level warn the "listening" line is not printed: wait for the port and the admin key.
  wait_port "$http_port" 300 && [ -s "$1/admin.key" ] || die "mailflow did not start (see $out/mailflow.log)"
  key=$(cat "$1/admin.key")
  base="http://127.0.0.1:$http_port"
  local code
  code=$(curl -s -o "$out/connection.json" -w '%{http_code}' -X PUT "$base/api/connections/sink" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"serverAddress\":\"127.0.0.1\",\"port\":$sink_port,\"tls\":\"none\",\"maxConnections\":16}")
  [[ $code == 20? ]] || die "creating the connection answered $code: $(cat "$out/connection.json")"
  echo "PUT /api/connections/sink {\"serverAddress\":\"127.0.0.1\",\"port\":\$SINK,\"tls\":\"none\",\"maxConnections\":16}" >>"$cmds"
}
stop_mailflow() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# fsync/fdatasync system calls of mailflow, counted by the kernel's tracepoints (`perf stat`):
# every fsync, including those outside the group commit (the dispatcher's claims, WAL
# checkpoints). Without perf (or tracepoint access) the count is reported as unknown.
fsync_start() {
  perf_pid=
  command -v perf >/dev/null || return 0
  perf stat -x, -o "$1" -e syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync -p "$mf_pid" \
    >/dev/null 2>&1 &
  perf_pid=$!
  sleep 0.5  # attaching takes a moment; nothing is measured yet
}
# Sets fsyncs to the count, or to "null". Not in $(...): a subshell cannot wait for perf to exit.
fsync_stop() {
  fsyncs=null
  [ -n "$perf_pid" ] || return 0
  kill -INT "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" 2>/dev/null || true
  fsyncs=$(awk -F, '/sys_enter_f(data)?sync/ {n += $1; seen = 1} END {print seen ? n : "null"}' "$1")
}

for t in "$bin" /usr/sbin/smtp-sink /usr/sbin/smtp-source wrk node; do
  command -v "$t" >/dev/null || die "missing $t (run make bench, which installs and builds it)"
done
if [ ! -d "$here/node_modules/nodemailer" ]; then
  log "installing nodemailer into bench/node_modules (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
fi

rm -rf "$out"
mkdir -p "$out"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$results"
: >"$cmds"
work=$(mktemp -d "${BENCH_TMPDIR:-/var/tmp}/mailflow-bench.XXXXXX")
data_fs=$(findmnt -n -o FSTYPE,SOURCE -T "$work" | awk '{print $1 " on " $2}')
[[ $data_fs == tmpfs* ]] && log "WARNING: $work is on tmpfs; fsync costs nothing there (set BENCH_TMPDIR)"
sink_port=$(free_port)
http_port=$(free_port)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# smtp-sink refuses to run as root without -u; -m raises its connection cap above our 64+16.
sink_user=(); [ "$(id -u)" = 0 ] && sink_user=(-u nobody)
log "starting smtp-sink on 127.0.0.1:$sink_port"
sink_cmd=(/usr/sbin/smtp-sink "${sink_user[@]}" -m 512 "127.0.0.1:$sink_port" 1024)
record "${sink_cmd[@]}"
"${sink_cmd[@]}" >"$out/smtp-sink.log" 2>&1 &
pids+=($!)
wait_port "$sink_port" || die "smtp-sink did not start (see $out/smtp-sink.log)"

# The synchronous mailflow: one process (and data dir) for every size, as before.
start_mailflow "$work/data"
sync_pid=$mf_pid sync_port=$http_port sync_base=$base sync_key=$key
for size in $sizes; do
  label=$([ "$size" -ge 1024 ] && echo "$((size / 1024)) KB" || echo "$size B")
  body=$work/body-$size.json
  $py - "$size" "$body" "$here" <<'EOF'
import json, sys
size, path = int(sys.argv[1]), sys.argv[2]
sys.path.insert(0, sys.argv[3])
from payload import text  # noqa: E402
json.dump({"From": "a@example.com", "To": "b@example.com", "Subject": "bench",
           "Body": "<p>" + text(size) + "</p>"}, open(path, "w"))
EOF
  mf_pid=$sync_pid http_port=$sync_port base=$sync_base key=$sync_key
  export MAILFLOW_KEY=$key
  code=$(curl -s -o "$out/first-send.json" -w '%{http_code}' -X POST "$base/apim/smtp/sink/SendEmailV3" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary "@$body")
  [ "$code" = 200 ] || die "a first SendEmailV3 answered $code: $(cat "$out/first-send.json")"

  # 1. smtp-source: the raw-protocol ceiling. It has a message count, not a duration: size the
  # count from a short probe so that it runs about $secs seconds.
  log "$label smtp-source: warm-up"
  t0=$(date +%s.%N)
  /usr/sbin/smtp-source -s 16 -m 2000 -l "$size" -d -f a@example.com -t b@example.com "127.0.0.1:$sink_port"
  t1=$(date +%s.%N)
  n=$($py -c "print(max(2000, int(2000 / ($t1 - $t0) * $secs)))")
  log "$label smtp-source: $n messages, 16 sessions"
  t0=$(date +%s.%N)
  record /usr/sbin/smtp-source -s 16 -m "$n" -l "$size" -d -f a@example.com -t b@example.com "127.0.0.1:$sink_port"
  /usr/bin/time -f '%U %S' -o "$out/smtp-source-cpu.txt" /usr/sbin/smtp-source -s 16 -m "$n" -l "$size" -d -f a@example.com -t b@example.com "127.0.0.1:$sink_port"
  t1=$(date +%s.%N)
  $py -c "import json; d=$t1-$t0; u,s=map(float,open('$out/smtp-source-cpu.txt').read().split()[-2:]); print(json.dumps({'party':'smtp-source','size':$size,'clients':16,'sent':$n,'errors':0,'secs':d,'rate':$n/d,'cpu_us_per_msg':(u+s)*1e6/$n}))" >>"$results"
  tail -1 "$results" >&2

  # 2. mailflow over HTTP keep-alive, driven by wrk, at 16 and 64 concurrent clients.
  for c in 16 64; do
    log "$label mailflow SendEmailV3: wrk -c$c, ${warm}s warm-up then ${secs}s"
    BENCH_BODY_FILE=$body BENCH_LABEL=warmup wrk -t2 -c"$c" -d"${warm}s" --timeout 10s \
      -s "$here/sendemail.lua" "$base/apim/smtp/sink/SendEmailV3" >/dev/null
    metrics snap "$base" >"$out/metrics-$size-c$c-before.json"
    fsync_start "$out/perf-$size-c$c.txt"
    ticks0=$(cpu_ticks)
    BENCH_BODY_FILE=$body BENCH_LABEL="mailflow-c$c" run_cmd wrk -t2 -c"$c" -d"${secs}s" --timeout 10s \
      --latency -s "$here/sendemail.lua" "$base/apim/smtp/sink/SendEmailV3" | tee "$out/wrk-$size-c$c.txt" |
      grep -v '^RESULT' >&2 || true
    cpu_s=$($py -c "import os; print(($(cpu_ticks) - $ticks0) / os.sysconf('SC_CLK_TCK'))")
    sleep 0.3  # let the sends in flight when wrk stopped record themselves
    fsync_stop "$out/perf-$size-c$c.txt"
    metrics snap "$base" >"$out/metrics-$size-c$c-after.json"
    $py - "$out/wrk-$size-c$c.txt" "$size" "$c" "$(hwm_kb)" "$cpu_s" "$fsyncs" \
      "$out/metrics-$size-c$c-before.json" "$out/metrics-$size-c$c-after.json" >>"$results" <<'EOF'
import json, sys
path, size, c, hwm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
cpu_s, fsyncs = float(sys.argv[5]), json.loads(sys.argv[6])
m0, m1 = (json.load(open(p)) for p in sys.argv[7:9])
d = {k: m1[k] - m0[k] for k in ("commits", "writes", "accepted_sync")}
r = next(json.loads(l[7:]) for l in open(path) if l.startswith("RESULT "))
secs = r["duration_us"] / 1e6
ok = r["requests"] - r["non2xx"]
errors = r["non2xx"] + r["connect"] + r["read"] + r["write"] + r["timeout"]
print(json.dumps({"party": "mailflow", "size": size, "clients": c, "sent": ok, "errors": errors,
                  "non2xx": r["non2xx"], "socket_errors": errors - r["non2xx"], "secs": secs,
                  "rate": ok / secs, "p50_us": r["p50_us"], "p99_us": r["p99_us"], "hwm_kb": hwm,
                  "cpu_us_per_msg": cpu_s * 1e6 / max(ok, 1), "cpu_cores": cpu_s / secs,
                  "recorded": d["accepted_sync"], "commits": d["commits"], "writes": d["writes"],
                  "commits_per_msg": d["commits"] / max(d["accepted_sync"], 1),
                  "writes_per_commit": d["writes"] / max(d["commits"], 1), "fsyncs": fsyncs,
                  "fsyncs_per_msg": None if fsyncs is None else fsyncs / max(d["accepted_sync"], 1)}))
EOF
    tail -1 "$results" >&2
  done

  # 2b. mailflow async: 202 once durable, delivered by the dispatcher to the same smtp-sink. A
  # fresh process and data dir per row; warm-up, wait for the queue to empty, then wrk for $secs
  # (the dispatcher delivers meanwhile), then wait for the queue to empty again.
  for c in 16 64; do
    start_mailflow "$work/data-async-$size-c$c"
    export MAILFLOW_KEY=$key
    code=$(curl -s -o "$out/first-send.json" -w '%{http_code}' -X POST "$base/apim/smtp/sink/SendEmailV3" \
      -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -H 'Prefer: respond-async' \
      --data-binary "@$body")
    [ "$code" = 202 ] || die "a first async SendEmailV3 answered $code: $(cat "$out/first-send.json")"
    log "$label mailflow SendEmailV3 async: wrk -c$c, ${warm}s warm-up then ${secs}s, then drain"
    BENCH_BODY_FILE=$body BENCH_LABEL=warmup BENCH_PREFER=respond-async BENCH_EXPECT=202 wrk -t2 -c"$c" \
      -d"${warm}s" --timeout 10s -s "$here/sendemail.lua" "$base/apim/smtp/sink/SendEmailV3" >/dev/null
    metrics drain "$base" 300 >/dev/null
    fsync_start "$out/perf-async-$size-c$c.txt"
    metrics snap "$base" >"$out/metrics-async-$size-c$c-0.json"
    ticks0=$(cpu_ticks)
    BENCH_BODY_FILE=$body BENCH_LABEL="mailflow-async-c$c" \
      run_cmd env BENCH_PREFER=respond-async BENCH_EXPECT=202 wrk -t2 -c"$c" -d"${secs}s" --timeout 10s --latency -s "$here/sendemail.lua" \
      "$base/apim/smtp/sink/SendEmailV3" | tee "$out/wrk-async-$size-c$c.txt" | grep -v '^RESULT' >&2 || true
    t_wrk_end=$($py -c 'import time; print(time.time())')
    metrics snap "$base" >"$out/metrics-async-$size-c$c-1.json"
    echo "(then poll GET /metrics every 50 ms until mailflow_outbox_messages{status=queued|sending|retrying} sum to 0)" >>"$cmds"
    metrics drain "$base" 600 >"$out/metrics-async-$size-c$c-2.json"
    cpu_s=$($py -c "import os; print(($(cpu_ticks) - $ticks0) / os.sysconf('SC_CLK_TCK'))")
    fsync_stop "$out/perf-async-$size-c$c.txt"
    hwm_async=$(hwm_kb)
    stop_mailflow "$mf_pid"
    $py - "$out/wrk-async-$size-c$c.txt" "$size" "$c" "$hwm_async" "$cpu_s" "$fsyncs" "$t_wrk_end" \
      "$out"/metrics-async-$size-c$c-{0,1,2}.json >>"$results" <<'EOF'
import json, sys
path, size, c, hwm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
cpu_s, fsyncs, t_wrk_end = float(sys.argv[5]), json.loads(sys.argv[6]), float(sys.argv[7])
m0, m1, m2 = (json.load(open(p)) for p in sys.argv[8:11])
r = next(json.loads(l[7:]) for l in open(path) if l.startswith("RESULT "))
secs = r["duration_us"] / 1e6
t0 = t_wrk_end - secs  # when wrk started sending
socket_errors = r["connect"] + r["read"] + r["write"] + r["timeout"]
accepted_202 = r["requests"] - r["unexpected"]
accepted = m2["accepted_async"] - m0["accepted_async"]  # by the server, also after wrk stopped
sent = m2["sent"] - m0["sent"]
commits, writes = m2["commits"] - m0["commits"], m2["writes"] - m0["writes"]
total = m2["t"] - t0
print(json.dumps({
    "party": "mailflow-async", "size": size, "clients": c, "sent": sent,
    "errors": r["unexpected"] + socket_errors, "non202": r["unexpected"],
    "socket_errors": socket_errors, "secs": secs,
    "rate": accepted_202 / secs, "accepted_202": accepted_202, "accepted": accepted,
    "p50_us": r["p50_us"], "p99_us": r["p99_us"],
    "sent_during_accept": m1["sent"] - m0["sent"], "depth_after_accept": m1["depth"],
    "drained": m2["drained"], "drain_secs": m2["t"] - t_wrk_end, "total_secs": total,
    "drain_rate": sent / total, "failed": m2["failed"] - m0["failed"],
    "expired": m2["expired"] - m0["expired"],
    "commits": commits, "writes": writes, "commits_per_msg": commits / max(accepted, 1),
    "writes_per_commit": writes / max(commits, 1), "fsyncs": fsyncs,
    "fsyncs_per_msg": None if fsyncs is None else fsyncs / max(accepted, 1),
    "hwm_kb": hwm, "cpu_us_per_msg": cpu_s * 1e6 / max(sent, 1), "cpu_cores": cpu_s / total}))
EOF
    tail -1 "$results" >&2
    mf_pid=$sync_pid
  done

  # 3. nodemailer's pooled transport, 16 connections, 16 sends in flight.
  log "$label nodemailer pool: 16 connections, ${warm}s warm-up then ${secs}s"
  run_cmd node "$here/nodemailer.js" "$sink_port" "$size" "$secs" 16 "$warm" | tee -a "$out/nodemailer.txt" |
    sed -n 's/^RESULT //p' | $py -c "import json,sys; r=json.load(sys.stdin); r.update(party='nodemailer', size=$size, clients=16); print(json.dumps(r))" >>"$results"
  tail -1 "$results" >&2

  # 4. Python smtplib, 4 threads, each reusing one session.
  log "$label Python smtplib: 4 threads, ${warm}s warm-up then ${secs}s"
  run_cmd $py "$here/smtplib_bench.py" "$sink_port" "$size" "$secs" 4 "$warm" | tee -a "$out/smtplib.txt" |
    sed -n 's/^RESULT //p' | $py -c "import json,sys; r=json.load(sys.stdin); r.update(party='smtplib', size=$size, clients=4); print(json.dumps(r))" >>"$results"
  tail -1 "$results" >&2
done

mf_pid=$sync_pid
hwm=$(hwm_kb)
log "mailflow peak RSS (VmHWM): $((hwm / 1024)) MiB"
if grep -qiE 'error|critical' "$out/mailflow.log"; then
  log "mailflow logged errors; first lines of $out/mailflow.log:"
  grep -iE 'error|critical' "$out/mailflow.log" | head -5 >&2
fi
if [ "${BENCH_NO_REPORT:-0}" != 1 ]; then
  $py "$here/report.py" --results "$results" --commands "$cmds" --hwm-kb "$hwm" \
    --seconds "$secs" --warmup "$warm" --load-start "$load_start" --data-fs "$data_fs" \
    --write "$here/RESULTS.md"
  log "wrote the SMTP relay section of bench/RESULTS.md"
fi
$py "$here/report.py" --results "$results" --commands "$cmds" --hwm-kb "$hwm" --seconds "$secs" \
  --warmup "$warm" --table-only
