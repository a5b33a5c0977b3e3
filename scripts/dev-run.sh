#!/usr/bin/env bash
# `make run`: a development inbox (aiosmtpd writing a Maildir under var/dev-inbox/), mailflow on
# 127.0.0.1:8080 with SQLite in var/, and a connection named `dev` pointing at the inbox.
set -euo pipefail
cd "$(dirname "$0")/.."
VAR=${MAILFLOW_DATA_DIR:-var}
LISTEN=${MAILFLOW_LISTEN:-127.0.0.1:8080}
INBOX_PORT=${DEV_INBOX_PORT:-2525}
BIN=${MAILFLOW_BIN:-build/release/src/app/mailflow}
mkdir -p "$VAR/dev-inbox"

/usr/bin/python3 scripts/dev_inbox.py --port "$INBOX_PORT" --maildir "$VAR/dev-inbox" &
inbox=$!
"$BIN" serve --listen "$LISTEN" --data-dir "$VAR" &
server=$!
trap 'kill $server $inbox 2>/dev/null; wait $server $inbox 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 100); do
  curl -fsS "http://$LISTEN/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
KEY=$(cat "$VAR/admin.key")
curl -fsS -X PUT "http://$LISTEN/api/connections/dev" -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' \
  -d "{\"serverAddress\": \"127.0.0.1\", \"port\": $INBOX_PORT, \"tls\": \"none\"}" >/dev/null

cat <<MSG

mailflow is running on http://$LISTEN  (Ctrl-C stops it)
  UI / API:       http://$LISTEN/openapi.json
  admin API key:  $VAR/admin.key
  dev inbox:      $VAR/dev-inbox/new/  (SMTP on 127.0.0.1:$INBOX_PORT, connection "dev")

Send a first mail:

  curl -sS http://$LISTEN/apim/smtp/dev/SendEmailV3 \\
    -H "Authorization: Bearer \$(cat $VAR/admin.key)" -H 'Content-Type: application/json' \\
    -d '{"From": "me@example.com", "To": "you@example.com", "Subject": "Hello from mailflow", "Body": "<p>It works.</p>"}'

  ls $VAR/dev-inbox/new/

MSG
wait $server
