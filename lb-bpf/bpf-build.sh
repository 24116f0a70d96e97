#!/bin/sh
# The one clang step of lb-bpf's build (pom.xml runs it in generate-resources):
#   bpf-build.sh CLANG SRC_DIR OUT_DIR [SRC_DIR OUT_DIR]...
# compiles every SRC_DIR/*.bpf.c into OUT_DIR/*.bpf.o with BTF (-g). <linux/types.h> pulls in <asm/types.h>, which
# lives in the build machine's multiarch directory (/usr/include/x86_64-linux-gnu, /usr/include/aarch64-linux-gnu,
# ...) that clang does not search for -target bpf. No program includes bpf_tracing.h, so no -D__TARGET_ARCH_* is
# needed.
set -eu
clang=$1
shift
triplet=$("$clang" -print-multiarch 2>/dev/null || true)
if [ -z "$triplet" ] && command -v dpkg-architecture >/dev/null; then
  triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
fi
if [ -z "$triplet" ] || [ ! -d "/usr/include/$triplet/asm" ]; then
  echo "bpf-build.sh: no multiarch kernel headers (/usr/include/${triplet:-?}/asm); install linux-libc-dev" >&2
  exit 1
fi
headers=$(cd "$(dirname "$0")/src/main/bpf" && pwd)
while [ $# -ge 2 ]; do
  src=$1
  out=$2
  shift 2
  mkdir -p "$out"
  for c in "$src"/*.bpf.c; do
    "$clang" -O2 -g -Wall -Werror -target bpf -I"/usr/include/$triplet" -I"$headers" \
      -c "$c" -o "$out/$(basename "$c" .c).o"
  done
done
