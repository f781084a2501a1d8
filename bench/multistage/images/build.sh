#!/usr/bin/env bash
# Build local stand-ins for the official images the multi-stage samples use, from Debian bookworm
# packages, tagged exactly as the official names (docker.io/library/<name>:<tag>), into buildah's
# vfs storage. There is no registry here: the samples and `dlint verify` build with --pull=never.
#
#   sudo bench/multistage/images/build.sh            # build what is missing
#   sudo bench/multistage/images/build.sh --force    # rebuild everything
#   sudo bench/multistage/images/build.sh golang     # one stand-in (and the missing ones it needs)
#   sudo bench/multistage/images/build.sh --force golang   # rebuild golang only
#
# The root file system comes from mmdebstrap (the Debian archive); every later image is a small
# Dockerfile in this folder. The host's extra CA certificates (/usr/local/share/ca-certificates) are
# copied into the root file system, so pip and npm inside builds trust the same proxies as the host.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=${DLINT_STANDINS_WORK:-/var/tmp/dlint-standins}
SUITE=bookworm
MIRROR=http://deb.debian.org/debian
SECURITY=http://deb.debian.org/debian-security
LIB=docker.io/library

# name | Dockerfile folder | base stand-in | tags (the first is the one checked for existence)
STANDINS=(
  "debian|debian||debian:bookworm-slim debian:12-slim debian:bookworm debian:12"
  "buildpack-deps|buildpack-deps|debian|buildpack-deps:bookworm buildpack-deps:12"
  "golang|golang|buildpack-deps|golang:1.19 golang:1.19-bookworm"
  "rust|rust|buildpack-deps|rust:1.63 rust:1.63-bookworm"
  "gcc|gcc|buildpack-deps|gcc:12 gcc:12-bookworm"
  "python|python|buildpack-deps|python:3.11 python:3.11-bookworm"
  "python-slim|python-slim|debian|python:3.11-slim python:3.11-slim-bookworm"
  "node|node|buildpack-deps|node:18 node:18-bookworm"
  "node-slim|node-slim|debian|node:18-slim node:18-bookworm-slim"
  "temurin-jdk|temurin-jdk|debian|eclipse-temurin:17-jdk eclipse-temurin:17"
  "temurin-jre|temurin-jre|debian|eclipse-temurin:17-jre"
)

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  echo
  echo "stand-ins: $(for s in "${STANDINS[@]}"; do printf '%s ' "${s%%|*}"; done)"
}

die() { echo "build.sh: $*" >&2; exit 1; }

bah() { buildah --storage-driver vfs "$@"; }

image_exists() { bah inspect --type image "$LIB/$1" >/dev/null 2>&1; }

field() { # field INDEX SPEC
  local IFS='|'; local -a parts; read -r -a parts <<<"$2"; echo "${parts[$1]:-}"
}

spec_of() {
  local s
  for s in "${STANDINS[@]}"; do
    [[ ${s%%|*} == "$1" ]] && { echo "$s"; return 0; }
  done
  return 1
}

check_host() {
  [[ $(id -u) == 0 ]] || die "must run as root (buildah's vfs storage and mmdebstrap need it)"
  local cmd missing=()
  for cmd in buildah mmdebstrap; do
    command -v "$cmd" >/dev/null || missing+=("$cmd")
  done
  ((${#missing[@]} == 0)) || die "missing: ${missing[*]} (apt-get install buildah mmdebstrap)"
}

make_rootfs() { # the debian:bookworm-slim root file system, as the official image's slim variant
  local rootfs=$WORK/rootfs.tar certs=()
  if [[ -s $rootfs && $1 == 0 ]]; then
    echo "rootfs: reusing $rootfs"
    return
  fi
  mkdir -p "$WORK"
  shopt -s nullglob
  certs=(/usr/local/share/ca-certificates/*.crt)
  shopt -u nullglob
  local hooks=(
    --customize-hook="copy-in $HERE/debian/docker-clean $HERE/debian/docker-no-languages /etc/apt/apt.conf.d"
  )
  if ((${#certs[@]})); then
    hooks+=(--customize-hook="copy-in ${certs[*]} /usr/local/share/ca-certificates")
  fi
  hooks+=(
    --customize-hook='chroot "$1" update-ca-certificates'
    --customize-hook='rm -f "$1"/var/cache/apt/*.bin'
  )
  echo "rootfs: mmdebstrap $SUITE (${#certs[@]} extra CA certificates)"
  # merged /usr by symlinks as debootstrap (and the official image) does, not by the usrmerge
  # package, which would pull in perl
  mmdebstrap --variant=minbase --include=ca-certificates \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/groff/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' \
    --dpkgopt='path-exclude=/usr/share/linda/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    "${hooks[@]}" \
    "$SUITE" "$WORK/partial-rootfs.tar" \
    "deb $MIRROR $SUITE main" \
    "deb $MIRROR $SUITE-updates main" \
    "deb $SECURITY $SUITE-security main"
  mv "$WORK/partial-rootfs.tar" "$rootfs"  # the name ending .tar chooses the format
}

build_one() { # build_one NAME
  local spec dir base tags first t start
  spec=$(spec_of "$1") || die "unknown stand-in: $1 (try --help)"
  dir=$(field 1 "$spec"); base=$(field 2 "$spec"); tags=$(field 3 "$spec")
  first=${tags%% *}
  [[ -n $base ]] && build_one "$base"
  [[ " ${DONE[*]} " == *" $1 "* ]] && return 0
  DONE+=("$1")
  local force=0
  [[ $FORCE == 1 && " ${WANTED[*]} " == *" $1 "* ]] && force=1
  if image_exists "$first" && [[ $force == 0 ]]; then
    for t in $tags; do image_exists "$t" || bah tag "$LIB/$first" "$LIB/$t"; done
    echo "$1: exists ($LIB/$first), skipped"
    return 0
  fi
  start=$SECONDS
  local context=$HERE/$dir previous
  previous=$(bah images -q "$LIB/$first" 2>/dev/null || true)
  if [[ $1 == debian ]]; then
    make_rootfs "$force"
    cp "$HERE/debian/Dockerfile" "$WORK/Dockerfile"
    context=$WORK
  fi
  echo "$1: building $LIB/$first"
  local args=()
  for t in $tags; do args+=(-t "$LIB/$t"); done
  bah bud --isolation chroot --network host --pull=never --layers=false \
    -f "$context/Dockerfile" "${args[@]}" "$context"
  # a rebuilt image leaves the previous one untagged: remove it (vfs copies every layer in full)
  if [[ -n $previous && $previous != "$(bah images -q "$LIB/$first")" ]]; then
    bah rmi "$previous" >/dev/null 2>&1 || true
  fi
  BUILT+=("$1 $((SECONDS - start))s")
}

FORCE=0
WANTED=()
for arg in "$@"; do
  case $arg in
    --force) FORCE=1 ;;
    -h | --help) usage; exit 0 ;;
    -*) die "unknown option: $arg (try --help)" ;;
    *) WANTED+=("$arg") ;;
  esac
done
check_host
if ((${#WANTED[@]} == 0)); then
  for s in "${STANDINS[@]}"; do WANTED+=("${s%%|*}"); done
fi

DONE=()
BUILT=()
for name in "${WANTED[@]}"; do build_one "$name"; done

echo
if ((${#BUILT[@]})); then
  echo "built (seconds): ${BUILT[*]/%/;}"
else
  echo "built: nothing (all present; --force rebuilds)"
fi
echo "stand-ins and sizes:"
refs=()
for s in "${STANDINS[@]}"; do for t in $(field 3 "$s"); do refs+=("$LIB/$t"); done; done
bah images --format '{{.Name}}:{{.Tag}} {{.Size}}' |
  while read -r ref size; do
    [[ " ${refs[*]} " == *" $ref "* ]] && printf '  %-50s %s\n' "$ref" "$size"
  done
exit 0
