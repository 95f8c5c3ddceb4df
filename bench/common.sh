# Sourced by the benchmarks (each defines die()).

# free_port: a loopback port nobody listens on.
free_port() {
  local p i
  for i in $(seq 1 100); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free loopback port"
}

# write_nginx_static_conf: writes the nginx configuration that serves a saved copy of a zhifa
# page as a static file — the reference "same bytes" server (2 workers for the 2 cores, access
# log on as zhifa's is, sendfile, keep-alive without a request cap, zhifa's security headers).
# Usage: write_nginx_static_conf DIR PORT ROOT [EXTRA-SERVER-LINES]   → DIR/nginx.conf
write_nginx_static_conf() {
  local dir=$1 port=$2 root=$3 extra=${4:-}
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  types { text/html html; }
  default_type application/octet-stream;
  access_log $dir/access.log;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 30s;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$port;
    root $root;
    index index.html;
    charset utf-8;
    add_header Cache-Control "public, max-age=60";
    add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    add_header X-Content-Type-Options nosniff;
    add_header Referrer-Policy same-origin;
    add_header X-Frame-Options DENY;
$extra
  }
}
EOF
}
