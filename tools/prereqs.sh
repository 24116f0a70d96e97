# shellcheck shell=bash
# Sourced by tools/test-all, tools/demo and tools/bench-e2e: the Debian packages ebpf-lb needs, and installing the missing ones.
#
# Each list maps a command or file that shows a package is there to the Debian package that provides it.
# LB_BUILD_PREREQUISITES: building the distribution and running it (the demo needs these).
# shellcheck disable=SC2034 # the lists are read through their names by lb_install_prerequisites
declare -A LB_BUILD_PREREQUISITES=(
  [clang]=clang
  [llc]=llvm
  [/usr/include/bpf/libbpf.h]=libbpf-dev
  [ip]=iproute2
  [curl]=curl
)
# LB_TEST_PREREQUISITES: what only the tests (and tools/bench-e2e) need on top.
# shellcheck disable=SC2034
declare -A LB_TEST_PREREQUISITES=(
  [bpftool]=bpftool
  [ethtool]=ethtool
  [dnsmasq]=dnsmasq-base
  [wrk]=wrk
  [ping]=iputils-ping
  [tcpdump]=tcpdump
  [hping3]=hping3
  [openssl]=openssl
  [named]=bind9
  [dig]=bind9-dnsutils
  [nft]=nftables
  [prometheus]=prometheus
  [promtool]=prometheus
  [chromium]=chromium
  [iperf3]=iperf3
  [haproxy]=haproxy
  [nginx]=nginx
  [python3]=python3
)

lb_is_root() { [ "$(id -u)" = 0 ]; }
lb_present() { command -v "$1" >/dev/null 2>&1 || [ -e "$1" ] || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

# lb_install_prerequisites LIST...: installs (apt-get, as root) the packages of the named lists that are missing.
# Without root it lists them on stderr and returns 0: the caller decides what running without them means.
lb_install_prerequisites() {
  local name probe missing=()
  for name in "$@"; do
    local -n list=$name
    for probe in "${!list[@]}"; do
      lb_present "$probe" || missing+=("${list[$probe]}")
    done
    unset -n list
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! lb_is_root; then
    echo "Missing packages: ${missing[*]} (run as root to install them)." >&2
    return 0
  fi
  printf '\n==> Installing %s\n' "${missing[*]}"
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Mounts bpffs on /sys/fs/bpf (the load balancer's default pin root) when it is not mounted; needs root.
lb_mount_bpffs() {
  lb_is_root || return 0
  mountpoint -q /sys/fs/bpf && return 0
  printf '\n==> Mounting bpffs on /sys/fs/bpf\n'
  mount -t bpf bpf /sys/fs/bpf
}
