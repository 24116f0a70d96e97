#!/usr/bin/env bash
# Benchmark of the sni plugin's relay beside a direct connection and HAProxy (mode tcp, inspect-delay + req.ssl_sni),
# all in the same run, inside a network namespace of its own (lbsni-bench) on its loopback. Not part of CI.
#
#   plugins/sni/bench.sh [SECONDS] [ROUNDS]   as root, after ./mvnw -DskipTests package (the built distribution)
#   LB_BASELINE_DIST=DIR plugins/sni/bench.sh ...   adds the path sni-base: the distribution in DIR (an earlier
#                                                    build, say) on :444, in the same rounds
#
# One nginx TLS backend on 127.0.0.1:9443; HAProxy on :8443 and `lb run` (sni route bench.example.com) on :443 both
# pass to it. connections/s: wrk, 2 threads, 32 connections, "Connection: close" (every request a new TCP and TLS
# connection), a 2-byte answer, for SECONDS (10). Bulk: curl downloads a 1 GiB file over one TLS connection. The
# paths take turns (direct, haproxy, sni, direct, ...) for ROUNDS (3) rounds, after a warm-up of every path (the JVM
# compiles its hot paths); the table shows each path's median.
# The runtime runs with the recording data plane: a service with sni-routes never enters the XDP tables (XDP passes
# its packets), so the relay measured is the one in production minus XDP's pass verdict per packet.
set -euo pipefail
seconds=${1:-10}
rounds=${2:-3}
here=$(cd "$(dirname "$0")/../.." && pwd)
dist=$(ls -d "$here"/distribution/target/ebpf-lb-*/ | grep -v tar.gz | head -1)
ns=lbsni-bench
work=$(mktemp -d /tmp/lbsni-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work" "/etc/netns/$ns"
}
trap cleanup EXIT
ip netns del "$ns" 2>/dev/null || true
ip netns add "$ns"
ip -n "$ns" link set lo up
mkdir -p "/etc/netns/$ns"
echo "127.0.0.1 bench.example.com" > "/etc/netns/$ns/hosts"
in_ns() { ip netns exec "$ns" "$@"; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/key.pem" \
  -out "$work/cert.pem" -days 1 -subj /CN=bench.example.com -addext subjectAltName=DNS:bench.example.com 2>/dev/null
truncate -s 1G "$work/big.bin"
cat > "$work/nginx.conf" <<CONF
user root; worker_processes 1; pid $work/nginx.pid; error_log $work/nginx.err;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work;
       uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:9443 ssl; ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem;
           root $work; location = / { return 200 "ok"; } location = /big.bin { } } }
CONF
cat > "$work/haproxy.cfg" <<CONF
global
  maxconn 4000
defaults
  mode tcp
  timeout connect 5s
  timeout client 300s
  timeout server 300s
frontend tls
  bind 127.0.0.1:8443
  tcp-request inspect-delay 5s
  tcp-request content accept if { req.ssl_hello_type 1 }
  use_backend nginx if { req.ssl_sni -i bench.example.com }
backend nginx
  server n1 127.0.0.1:9443
CONF
cat > "$work/lb.conf" <<CONF
lb {
  instance = "sni-bench"
  admin { listen = "127.0.0.1:9399" }
  dataplane { kind = recording }
  services = [
    { name = "tls", listen { interfaces = ["lo"], address = "127.0.0.1", port = 443 }
      targets = [ { ip = "127.0.0.1", port = 9443 } ]
      sni-routes = [ { hostname = "bench.example.com", targets = [ { ip = "127.0.0.1", port = 9443 } ] } ] }
  ]
}
CONF
in_ns nginx -c "$work/nginx.conf" -g 'daemon off;' & pids+=($!)
in_ns haproxy -f "$work/haproxy.cfg" -db & pids+=($!)
in_ns "$dist/bin/lb" run -c "$work/lb.conf" > "$work/lb.log" 2>&1 & pids+=($!)
paths="direct:9443 haproxy:8443 sni:443"
if [ -n "${LB_BASELINE_DIST:-}" ]; then
  sed -e 's/port = 443/port = 444/' -e 's/9399/9398/' "$work/lb.conf" > "$work/lb-base.conf"
  in_ns "$LB_BASELINE_DIST/bin/lb" run -c "$work/lb-base.conf" > "$work/lb-base.log" 2>&1 & pids+=($!)
  paths="$paths sni-base:444"
fi
for port in 9443 8443 443 ${LB_BASELINE_DIST:+444}; do
  for _ in $(seq 100); do in_ns bash -c "echo > /dev/tcp/127.0.0.1/$port" 2>/dev/null && break; sleep 0.2; done
done

rate() { # port [seconds] -> connections/s
  in_ns wrk -t2 -c32 -d"${2:-$seconds}s" -H 'Connection: close' "https://bench.example.com:$1/" \
    | awk '/Requests\/sec/ { printf "%.0f", $2 }'
}
bulk() { # port -> MB/s of one 1 GiB download
  in_ns curl -sk -o /dev/null -w '%{speed_download}' "https://bench.example.com:$1/big.bin" \
    | awk '{ printf "%.0f", $1 / 1e6 }'
}
median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for path in $paths; do rate "${path##*:}" 3 > /dev/null; done # warm-up
declare -A conns mbs
for round in $(seq "$rounds"); do
  for path in $paths; do
    name=${path%%:*}; port=${path##*:}
    c=$(rate "$port"); m=$(bulk "$port")
    echo "round $round $name: $c conn/s, $m MB/s"
    conns[$name]="${conns[$name]:-} $c"; mbs[$name]="${mbs[$name]:-} $m"
  done
done
names=$(for path in $paths; do echo "${path%%:*}"; done)
for name in $names; do
  conns[$name]=$(echo ${conns[$name]} | median); mbs[$name]=$(echo ${mbs[$name]} | median)
done
printf '%-8s %12s %8s %10s %8s\n' path "conn/s" ratio "bulk MB/s" ratio
for name in $names; do
  printf '%-8s %12s %8.2f %10s %8.2f\n' "$name" "${conns[$name]}" \
    "$(echo "${conns[$name]} / ${conns[direct]}" | bc -l)" "${mbs[$name]}" \
    "$(echo "${mbs[$name]} / ${mbs[direct]}" | bc -l)"
done
echo "lb status sni section:"; in_ns curl -s http://127.0.0.1:9399/api/v1/sni; echo
