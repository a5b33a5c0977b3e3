// nodemailer peer for make bench: the pooled SMTP transport, N connections, N sends in flight.
// Usage: node nodemailer.js PORT BYTES SECONDS [CONNECTIONS] [WARMUP_SECONDS]
// Warms up, then sends for SECONDS (HTML + text alternative of BYTES octets each, as mailflow
// sends) and prints "RESULT {json}" with messages/s and p50/p99 latency of one sendMail.
'use strict';
const nodemailer = require('nodemailer');

const [port, bytes, seconds, conns = 16, warmup = 2] = process.argv.slice(2).map(Number);
const LINE = 'The quick brown fox jumps over the lazy dog; mailflow bench 0123456789.\n';
const text = LINE.repeat(Math.floor(bytes / LINE.length) + 1).slice(0, bytes);
const html = `<p>${text}</p>`;

const transport = nodemailer.createTransport({
  host: '127.0.0.1', port, secure: false, ignoreTLS: true,
  pool: true, maxConnections: conns, maxMessages: Infinity,
});

const message = { from: 'a@example.com', to: 'b@example.com', subject: 'bench', text, html };

// Sends for `secs` seconds with `conns` in flight; returns per-send latencies in microseconds.
async function run(secs) {
  const lat = [];
  const end = process.hrtime.bigint() + BigInt(Math.round(secs * 1e9));
  let errors = 0;
  async function worker() {
    while (process.hrtime.bigint() < end) {
      const t0 = process.hrtime.bigint();
      try { await transport.sendMail(message); } catch (e) { errors++; if (errors === 1) console.error(e.message); continue; }
      lat.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  await Promise.all(Array.from({ length: conns }, worker));
  return { lat, errors };
}

function pct(sorted, p) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p / 100))] : 0; }

(async () => {
  await run(warmup);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const { lat, errors } = await run(seconds);
  const cpu = process.cpuUsage(cpu0);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  lat.sort((a, b) => a - b);
  transport.close();
  console.log('RESULT ' + JSON.stringify({
    label: 'nodemailer', version: require('nodemailer/package.json').version,
    sent: lat.length, errors, secs, rate: lat.length / secs,
    p50_us: Math.round(pct(lat, 50)), p99_us: Math.round(pct(lat, 99)),
    cpu_us_per_msg: (cpu.user + cpu.system) / Math.max(lat.length, 1),
  }));
})();
