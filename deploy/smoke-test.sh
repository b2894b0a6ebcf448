#!/usr/bin/env bash
# Unpacks the server archive of `mvn -Ppackage -DskipTests package` into a scratch folder, starts it with the
# embedded database, checks readiness, the console, the chat page, a login and a chat turn (503 problem+json: no LLM
# is configured here), then stops it. Ports: SMOKE_HTTP_PORT (default 9080), SMOKE_HTTPS_PORT (9443),
# SMOKE_DB_PORT (55432). Exit status 0 when every check passed.
set -uo pipefail
archive="$(cd "$(dirname "$0")/.." && pwd)/target/lollmsbot-server.zip"
work="$(mktemp -d)"
http="${SMOKE_HTTP_PORT:-9080}"
export LOLLMSBOT_HTTP_PORT="$http" LOLLMSBOT_HTTPS_PORT="${SMOKE_HTTPS_PORT:-9443}" \
  LOLLMSBOT_DB_EMBEDDED_PORT="${SMOKE_DB_PORT:-55432}" LOLLMSBOT_ADMIN_PASSWORD="smoke-Admin-Secret-9"
cd "$work" && unzip -q "$archive" || exit 1
trap 'wlp/bin/server stop lollmsbot >/dev/null; rm -rf "$work"' EXIT
wlp/bin/server start lollmsbot || exit 1
failed=0
check() { # name expected actual
  if [[ "$3" == "$2" ]]; then echo "ok   $1"; else echo "FAIL $1: expected $2, got $3"; failed=1; fi
}
start=$(date +%s)
for _ in $(seq 1 300); do
  curl -s "http://127.0.0.1:$http/health/ready" | grep -q '"name":"database","status":"UP"' && break
  sleep 2
done
echo "readiness after $(($(date +%s) - start)) s"
base="http://127.0.0.1:$http"
check "readiness" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")"
check "console /admin/" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$base/admin/")"
check "web chat / (redirect to /chat)" 303 "$(curl -s -o /dev/null -w '%{http_code}' "$base/")"
check "login /api/v1/me" 200 "$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$LOLLMSBOT_ADMIN_PASSWORD" "$base/api/v1/me")"
check "chat without LLM" 503 "$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$LOLLMSBOT_ADMIN_PASSWORD" \
  -H 'Content-Type: application/json' -d '{"message":"hi"}' "$base/api/v1/chat")"
exit $failed
