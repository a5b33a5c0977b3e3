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


def machine(load_start: str) -> list[str]:
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


def table(rows: list[dict]) -> list[str]:
    out = ["| message | sender | concurrency | messages/s | p50 ms | p99 ms | errors | × nodemailer "
           "| sender CPU µs/msg |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for size in sorted({r["size"] for r in rows}):
        group = [r for r in rows if r["size"] == size]
        node = next((r["rate"] for r in group if r["party"] == "nodemailer"), None)
        label = f"{size // 1024} KB" if size >= 1024 else f"{size} B"
        for r in group:
            conc = f"{r['clients']} {'sessions' if r['party'] != 'mailflow' else 'HTTP clients'}"
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
            ratio = f"{r['rate'] / node:.2f}" if node else "—"
            cpu = f"{r['cpu_us_per_msg']:,.0f}" if "cpu_us_per_msg" in r else "—"
            out.append(f"| {label} | {PARTY_NAME[r['party']]} | {conc} | {r['rate']:,.0f} | "
                       f"{p50s} | {p99s} | {err} | {ratio} | {cpu} |")
    return out


def cpu_lines(rows: list[dict]) -> list[str]:
    """mailflow's own CPU time per message: steadier than messages/s on a machine shared with
    other work, because it does not count the time mailflow waited for a core."""
    mf = [r for r in rows if r["party"] == "mailflow" and "cpu_us_per_msg" in r]
    if not mf:
        return []
    parts = [f"{r['size'] // 1024} KB at {r['clients']} clients: {r['cpu_us_per_msg']:,.0f} µs "
             f"({r['cpu_cores']:.2f} cores busy)" for r in mf]
    return ["mailflow CPU time (user + system, from `/proc/PID/stat`) per message sent: "
            + "; ".join(parts) + ".", ""]


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
        *machine(args.load_start),
        f"- Date: {date}.", "",
        "Commands (`$SINK`, `$HTTP` are free loopback ports, `$WORK` a temporary directory; `wrk` "
        "gets the bearer key and the JSON body file from the environment):", "", "```",
        *commands, "```", "",
        *table(rows), "",
        f"mailflow peak RSS during the whole run (`VmHWM` of the server process): **{hwm:.1f} MiB**.",
        "",
        *cpu_lines(rows),
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
        "on a shared machine because it does not count time spent waiting for a core.",
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
    ap.add_argument("--write")
    ap.add_argument("--table-only", action="store_true")
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(args.results) if line.strip()]
    if args.table_only:
        print("\n".join(table(rows)))
        print(f"\nmailflow peak RSS: {args.hwm_kb / 1024:.1f} MiB")
        print("\n".join(cpu_lines(rows)))
        return
    commands = [c.rstrip("\n") for c in open(args.commands)]
    write(args.write, section(args, rows, commands))


if __name__ == "__main__":
    main()
