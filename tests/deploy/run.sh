#!/usr/bin/env bash
# Deployment files, tested for real (issue 23):
#  1. deploy/systemd/*.service|timer pass `systemd-analyze verify` (systemd itself does not run here);
#  2. Debian's nginx with deploy/nginx/zhifa.conf and a self-signed certificate in front of a real
#     `zhifa serve`: HTTPS over HTTP/2 answers, a body over the limit is refused by nginx (413),
#     and zhifa takes the client address from X-Forwarded-For only as the trusted proxy added it.
# Usage: ZHIFA_BIN=/abs/build/zhifa tests/deploy/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ZHIFA_BIN=${ZHIFA_BIN:-$ROOT/build/zhifa}
TMP=$(mktemp -d /tmp/zhifa-deploy.XXXXXX)
ZPID=""; NGINX_STARTED=""
cleanup() {
  [[ -n "$NGINX_STARTED" ]] && nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -s stop 2>/dev/null || true
  [[ -n "$ZPID" ]] && kill "$ZPID" 2>/dev/null && wait "$ZPID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "deploy test: FAILED: $*" >&2; [[ -f "$TMP/zhifa.log" ]] && tail -5 "$TMP/zhifa.log" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "-- systemd units (systemd-analyze verify)"
mkdir -p "$TMP/units"
for u in "$ROOT"/deploy/systemd/*; do
  sed "s#/usr/local/bin/zhifa#$ZHIFA_BIN#g" "$u" > "$TMP/units/$(basename "$u")"
done
out=$(cd "$TMP/units" && systemd-analyze verify --man=no ./*.service ./*.timer 2>&1) || fail "systemd-analyze: $out"
# Only complaints about the environment (no zhifa user, no journal here) are tolerated.
if grep -v -e "does not exist" -e "Failed to " -e "^$" <<<"$out" | grep -q .; then fail "systemd-analyze: $out"; fi
echo "ok: $(ls "$ROOT"/deploy/systemd | tr '\n' ' ')"

echo "-- nginx TLS front"
ZPORT=$(free_port); TPORT=$(free_port)
"$ZHIFA_BIN" serve --demo --data-dir "$TMP/data" --listen "127.0.0.1:$ZPORT" --trusted-proxies 127.0.0.1 \
  --public-url "https://127.0.0.1:$TPORT" >"$TMP/zhifa.log" 2>&1 &
ZPID=$!
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$ZPORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -keyout "$TMP/tls.key" -out "$TMP/tls.crt" 2>/dev/null
mkdir -p "$TMP/nginx/logs"
# The repository's site file, with this run's ports and certificate; the port-80 redirect is dropped
# (an unprivileged test cannot bind it).
sed -e "s#server 127.0.0.1:8080;#server 127.0.0.1:$ZPORT;#" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$TPORT ssl http2;#" -e "/listen \[::\]:443/d" \
    -e "s#/etc/ssl/certs/zhifa.crt#$TMP/tls.crt#" -e "s#/etc/ssl/private/zhifa.key#$TMP/tls.key#" \
    -e "/listen 80;/d" -e "/listen \[::\]:80;/d" -e "s#return 301 https://\$host\$request_uri;#return 444;#" \
    "$ROOT/deploy/nginx/zhifa.conf" > "$TMP/nginx/site.conf"
cat > "$TMP/nginx/nginx.conf" <<CONF
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log;
worker_processes 1;
events { worker_connections 256; }
http {
  access_log $TMP/nginx/logs/access.log;
  client_body_temp_path $TMP/nginx/body; proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fcgi; uwsgi_temp_path $TMP/nginx/uwsgi; scgi_temp_path $TMP/nginx/scgi;
  include $TMP/nginx/site.conf;
}
CONF
nginx -t -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" 2>"$TMP/nginx-t.log" || fail "nginx -t: $(cat "$TMP/nginx-t.log")"
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" 2>/dev/null || fail "nginx did not start"
NGINX_STARTED=1
URL="https://127.0.0.1:$TPORT"
for _ in $(seq 50); do curl -ksf "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
ver=$(curl -ks --http2 -o /dev/null -w '%{http_version} %{http_code}' "$URL/healthz")
[[ "$ver" == "2 200" ]] || fail "GET /healthz over TLS: HTTP version and status '$ver', want '2 200'"
page=$(curl -ks "$URL/")
grep -q "行政执法公示" <<<"$page" || fail "the portal home page did not come through nginx"
# 9 MiB to a form route: nginx refuses it (413) before zhifa reads anything.
code=$(head -c $((9 * 1024 * 1024)) /dev/zero | curl -ks -o /dev/null -w '%{http_code}' -X POST --data-binary @- "$URL/login")
[[ "$code" == "413" ]] || fail "a 9 MiB body to /login: status $code, want 413"
# The client address: a forged X-Forwarded-For hop is ignored; the hop nginx added is used.
curl -ks --interface 127.0.0.2 -H "X-Forwarded-For: 203.0.113.9" -o /dev/null "$URL/?who=forwarded-check"
sleep 0.3
line=$(grep '"path":"/"' "$TMP/zhifa.log" | tail -1)
grep -q '"remote":"127.0.0.2"' <<<"$line" || fail "zhifa logged the client as: $line (want 127.0.0.2)"
# Straight to zhifa (not through the trusted proxy), the header is not believed.
curl -s --interface 127.0.0.2 -H "X-Forwarded-For: 203.0.113.9" -o /dev/null "http://127.0.0.1:$ZPORT/healthz"
sleep 0.3
line=$(grep '"path":"/healthz"' "$TMP/zhifa.log" | tail -1)
grep -q '"remote":"127.0.0.2"' <<<"$line" || fail "direct request logged as: $line (want 127.0.0.2)"
echo "ok: TLS + HTTP/2 through nginx, 413 at the edge, client address from the trusted proxy only"
