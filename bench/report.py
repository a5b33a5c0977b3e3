#!/usr/bin/python3
# Renders bench/run.sh's results (one JSON object a line) as the "SMTP relay" section of
# bench/RESULTS.md. --write replaces only that section (up to the next "## " heading) and keeps
# any "### Observations" written by hand inside it; --table-only prints the table to stdout.
import argparse
import datetime
import json
import os
import platform
import re
import subprocess

SECTION = "## SMTP relay"
PARTY_NAME = {
    "smtp-source": "Postfix `smtp-source` (raw SMTP, no MIME, no HTTP)",
    "mailflow": "**mailflow** SendEmailV3 over HTTP keep-alive (`wrk`)",
    "mailflow-async": "**mailflow** SendEmailV3 async (`Prefer: respond-async`): accepted, 202/s",
    "mailflow-drain": "↳ the same run delivered to smtp-sink: sent/s, first request → queue empty",
    "nodemailer": "nodemailer pooled transport",
    "smtplib": "Python `smtplib`, connection reuse",
}


def sh(cmd: str) -> str:
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def nodemailer_version() -> str:
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "node_modules", "nodemailer", "package.json")
    try:
        return json.load(open(path))["version"]
    except OSError:
        return "?"


def machine(load_start: str, data_fs: str) -> list[str]:
    cpu = sh("lscpu | sed -n 's/^Model name: *//p' | head -1") or platform.processor()
    mhz = sh("awk -F': ' '/^cpu MHz/ {print int($2); exit}' /proc/cpuinfo")
    debian = sh("cat /etc/debian_version")
    load_end = " ".join(open("/proc/loadavg").read().split()[:3])
    return [
        f"- Machine: `nproc` = {os.cpu_count()}, CPU {cpu}{f' @ {mhz} MHz' if mhz else ''}, "
        f"kernel {platform.release()}, Debian {debian}.",
        f"- Load average (1/5/15 min) at start {load_start}, at end {load_end}. The machine is "
        "shared with other engineers' builds, and every party (load generator, mailflow, "
        "smtp-sink) competes for the same 2 cores: treat the figures as one noisy run and "
        "compare only rows of the same run.",
        f"- mailflow's data directories (SQLite in WAL mode, `synchronous=FULL`) are on {data_fs}: "
        "every commit really reaches the disk (not a tmpfs).",
        "- Versions: " + ", ".join([
            "mailflow Release build (`cmake --preset release`, g++ "
            + sh("g++ -dumpfullversion") + ")",
            "Postfix " + sh("dpkg-query -W -f='${Version}' postfix") + " (smtp-sink, smtp-source)",
            "wrk " + sh("dpkg-query -W -f='${Version}' wrk"),
            "node " + sh("node --version"),
            "nodemailer " + nodemailer_version(),
            "Python " + platform.python_version(),
        ]) + ".",
    ]


def fmt_ms(us) -> str:
    return "—" if us is None else f"{us / 1000:.1f}"


def fsync_cell(r: dict) -> str:
    """Outbox commits (each one fsync'ed transaction) per message, then in brackets every fsync
    and fdatasync system call of the server per message, as counted by `perf stat`."""
    if "commits_per_msg" not in r:
        return "—"
    cell = f"{r['commits_per_msg']:.2f}"
    if r.get("fsyncs_per_msg") is not None:
        cell += f" ({r['fsyncs_per_msg']:.2f})"
    return cell


def with_drain_rows(rows: list[dict]) -> list[dict]:
    """An async run is one record; the table shows it as its accept row and its drain row."""
    out = []
    for r in rows:
        out.append(r)
        if r["party"] == "mailflow-async":
            out.append({"party": "mailflow-drain", "size": r["size"], "clients": r["clients"],
                        "rate": r["drain_rate"], "errors": r["failed"] + r["expired"],
                        "cpu_us_per_msg": r["cpu_us_per_msg"], "drained": r["drained"]})
    return out


def table(rows: list[dict]) -> list[str]:
    out = ["| message | sender | concurrency | messages/s | p50 ms | p99 ms | errors | × nodemailer "
           "| sender CPU µs/msg | fsyncs/msg: commits (syscalls) |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size in sorted({r["size"] for r in rows}):
        group = with_drain_rows([r for r in rows if r["size"] == size])
        node = next((r["rate"] for r in group if r["party"] == "nodemailer"), None)
        label = f"{size // 1024} KB" if size >= 1024 else f"{size} B"
        for r in group:
            http = r["party"].startswith("mailflow")
            conc = f"{r['clients']} {'HTTP clients' if http else 'sessions'}"
            if r["party"] == "smtplib":
                conc = f"{r['clients']} threads"
            p50, p99 = r.get("p50_us"), r.get("p99_us")
            if r["party"] == "smtp-source":
                # smtp-source reports no latencies; Little's law gives the mean per message.
                mean = r["clients"] / r["rate"] * 1e6
                p50s, p99s = f"(mean {fmt_ms(mean)})", "—"
            else:
                p50s, p99s = fmt_ms(p50), fmt_ms(p99)
            err = str(r.get("errors", 0))
            if r.get("non2xx"):
                err += f" ({r['non2xx']} non-2xx)"
            if r.get("non202"):
                err += f" ({r['non202']} non-202)"
            if r["party"] == "mailflow-drain":
                err += " failed/expired" + ("" if r["drained"] else ", NOT DRAINED")
            ratio = f"{r['rate'] / node:.2f}" if node else "—"
            # An async run's CPU is counted once, over accept and delivery, per message sent.
            cpu = (f"{r['cpu_us_per_msg']:,.0f}" if "cpu_us_per_msg" in r
                   and r["party"] != "mailflow-async" else "—")
            out.append(f"| {label} | {PARTY_NAME[r['party']]} | {conc} | {r['rate']:,.0f} | "
                       f"{p50s} | {p99s} | {err} | {ratio} | {cpu} | {fsync_cell(r)} |")
    return out


def cpu_lines(rows: list[dict]) -> list[str]:
    """mailflow's own CPU time per message: steadier than messages/s on a machine shared with
    other work, because it does not count the time mailflow waited for a core."""
    mf = [r for r in rows if r["party"].startswith("mailflow") and "cpu_us_per_msg" in r]
    if not mf:
        return []
    parts = [f"{r['size'] // 1024} KB at {r['clients']} clients"
             f"{' (async, accept + drain)' if r['party'] == 'mailflow-async' else ''}: "
             f"{r['cpu_us_per_msg']:,.0f} µs ({r['cpu_cores']:.2f} cores busy)" for r in mf]
    return ["mailflow CPU time (user + system, from `/proc/PID/stat`) per message sent: "
            + "; ".join(parts) + ".", ""]


def async_lines(rows: list[dict]) -> list[str]:
    """The numbers behind each async row pair: how the time splits between accepting and
    draining, and how many writes each fsync'ed commit carried."""
    out = []
    for r in (r for r in rows if r["party"] == "mailflow-async"):
        sync = next((s for s in rows if s["party"] == "mailflow" and s["size"] == r["size"]
                     and s["clients"] == r["clients"]), None)
        vs = f" ({r['rate'] / sync['rate']:.2f}× the synchronous rate)" if sync else ""
        fs = ("" if r.get("fsyncs") is None else
              f"; {r['fsyncs']:,} fsync/fdatasync calls in all ({r['fsyncs_per_msg']:.2f} per message)")
        out.append(
            f"- {r['size'] // 1024} KB, {r['clients']} clients: {r['accepted_202']:,} × 202 in "
            f"{r['secs']:.1f} s = {r['rate']:,.0f}/s{vs}; {r['sent_during_accept']:,} delivered "
            f"meanwhile, {r['depth_after_accept']:,} still queued when `wrk` stopped, queue empty "
            f"{r['drain_secs']:.1f} s later; {r['sent']:,} sent in {r['total_secs']:.1f} s = "
            f"{r['drain_rate']:,.0f}/s. {r['commits']:,} outbox commits for {r['writes']:,} writes "
            f"(≈ {r['writes_per_commit']:.1f} writes per commit, {r['commits_per_msg']:.2f} commits "
            f"per message){fs}. Peak RSS {r['hwm_kb'] / 1024:.1f} MiB.")
    if not out:
        return []
    return ["Async runs in detail (each in a fresh mailflow process with a fresh data dir):", "",
            *out, ""]


def section(args, rows, commands) -> str:
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    hwm = args.hwm_kb / 1024
    lines = [
        SECTION, "",
        "What: messages per second from request to the SMTP server's 250 after DATA, and the "
        "latency of one send, on loopback against one Postfix `smtp-sink` shared by every sender "
        "in the same run (`make bench`, which runs `bench/run.sh`; this section is written by "
        "`bench/report.py`). Each sender warms up for "
        f"{args.warmup:g} s, then sends for about {args.seconds:g} s.", "",
        *machine(args.load_start, args.data_fs),
        f"- Date: {date}.", "",
        "Commands (`$SINK`, `$HTTP` are free loopback ports, `$WORK` a temporary directory; `wrk` "
        "gets the bearer key and the JSON body file from the environment):", "", "```",
        *commands, "```", "",
        *table(rows), "",
        f"mailflow peak RSS during the whole run (`VmHWM` of the synchronous server process): "
        f"**{hwm:.1f} MiB**.",
        "",
        *cpu_lines(rows),
        *async_lines(rows),
        "How the senders differ: `smtp-source` sends a header-less payload of the given size with "
        "no MIME work and no HTTP (the protocol ceiling; it reports no latencies, so its p50 column "
        "shows the mean from Little's law, sessions ÷ rate). mailflow receives JSON with an HTML "
        "`Body` of the given size, composes MIME with a generated `text/plain` alternative (so the "
        "SMTP message is about twice the size), and sends it through its pool of 16 SMTP sessions; "
        "at 64 HTTP clients requests queue for those 16 sessions. nodemailer and smtplib are given "
        "the same HTML and text parts, so they compose a comparable multipart/alternative message "
        "for each send. Latency is measured per send by each client (wrk: per HTTP request). "
        "\"Sender CPU\" is the user + system CPU time of the sending process only, divided by the "
        "messages it sent (for mailflow: the server, not `wrk`); it is steadier than messages/s "
        "on a shared machine because it does not count time spent waiting for a core.", "",
        "The async rows: `wrk` posts the same requests with `Prefer: respond-async` for the same "
        "time; mailflow answers 202 once the message is committed to its SQLite outbox, while its "
        "dispatcher (32 deliveries at once by default, through the same pool of 16 SMTP sessions) "
        "delivers to the same `smtp-sink`. The accept row counts 202 answers only (any other "
        "status is an error) and their latency. The drain row divides the messages sent by the "
        "time from the first request until `GET /metrics` shows no message queued, sending or "
        "retrying (polled every 50 ms); its CPU is the server's over that whole time per message "
        "sent. \"fsyncs/msg\": `mailflow_outbox_commits_total` per accepted message (each "
        "commit is one fsync'ed transaction that carries every write waiting for it: the insert "
        "of a message, or the result of its attempt; the synchronous rows record their message "
        "too), and in brackets every `fsync`/`fdatasync` system call of the server process per "
        "message, counted by `perf stat -e syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync`: "
        "these also include the dispatcher's lease-taking transactions and WAL checkpoints.",
    ]
    return "\n".join(lines) + "\n"


def write(path: str, text: str) -> None:
    old = open(path).read() if os.path.exists(path) else "# Benchmark results\n"
    m = re.search(r"^## SMTP relay\n.*?(?=^## |\Z)", old, flags=re.S | re.M)
    if m:
        kept = re.search(r"^### Observations\n.*", m.group(0), flags=re.S | re.M)
        if kept:
            text += "\n" + kept.group(0).rstrip("\n") + "\n"
        new = old[:m.start()] + text + ("\n" if old[m.end():] else "") + old[m.end():]
    else:
        new = old.rstrip("\n") + "\n\n" + text
    open(path, "w").write(new)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--commands", required=True)
    ap.add_argument("--hwm-kb", type=int, required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--warmup", type=float, required=True)
    ap.add_argument("--load-start", default="?")
    ap.add_argument("--data-fs", default="?")
    ap.add_argument("--write")
    ap.add_argument("--table-only", action="store_true")
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(args.results) if line.strip()]
    if args.table_only:
        print("\n".join(table(rows)))
        print(f"\nmailflow peak RSS: {args.hwm_kb / 1024:.1f} MiB")
        print("\n".join(cpu_lines(rows)))
        print("\n".join(async_lines(rows)))
        return
    commands = [c.rstrip("\n") for c in open(args.commands)]
    write(args.write, section(args, rows, commands))


if __name__ == "__main__":
    main()
