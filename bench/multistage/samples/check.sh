#!/usr/bin/env bash
# Check the sample projects against the stand-in images (build them first: ../images/build.sh):
# build each sample's Dockerfile (and its hand-written multistage.Dockerfile, when it has one),
# run the image's own command (ENTRYPOINT + CMD, or the command in smoke.txt), compare its
# standard output with expected.txt, and print one line per image with its size and times.
#
#   sudo bench/multistage/samples/check.sh                # every sample
#   sudo bench/multistage/samples/check.sh go-run-decline rust-release-target
#
# Images are built in Docker's format, which keeps HEALTHCHECK (the OCI format drops it).
# REUSE=1 runs the images built last time instead of building them again.
# Images stay in buildah's vfs storage as localhost/sample-<name> and
# localhost/sample-<name>-multistage; containers are removed. Exit status 1 when any sample fails.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN_TIMEOUT=${RUN_TIMEOUT:-60}
LOGS=${LOGS:-/var/tmp/dlint-samples-logs}

bah() { buildah --storage-driver vfs "$@"; }

die() { echo "check.sh: $*" >&2; exit 2; }

[[ $(id -u) == 0 ]] || die "must run as root (buildah's vfs storage)"
command -v buildah >/dev/null || die "buildah is missing (apt-get install buildah)"
bah inspect --type image docker.io/library/debian:bookworm-slim >/dev/null 2>&1 ||
  die "no stand-in images: run ../images/build.sh first"

command_of() { # the image's ENTRYPOINT + CMD, one argument a line
  bah inspect --type image "$1" | python3 -c '
import json, sys
config = json.load(sys.stdin)["OCIv1"]["config"]
print("\n".join((config.get("Entrypoint") or []) + (config.get("Cmd") or [])))'
}

size_of() {
  bah images --format '{{.Name}}:{{.Tag}} {{.Size}}' | awk -v ref="localhost/$1:latest" '$1 == ref {print $2, $3}'
}

check_image() { # check_image SAMPLE_DIR DOCKERFILE TAG -> prints a result line, returns 1 on failure
  local dir=$1 dockerfile=$2 tag=$3 start build_s run_s cid status=ok previous
  local log=$LOGS/$tag
  local -a argv
  mkdir -p "$LOGS"
  previous=$(bah images -q "$tag" 2>/dev/null || true)
  start=$SECONDS
  if [[ ${REUSE:-0} == 1 ]] && bah inspect --type image "$tag" >/dev/null 2>&1; then
    : # REUSE=1: run the image built last time
  elif ! bah bud --isolation chroot --network host --pull=never --layers=false --format docker \
    -f "$dir/$dockerfile" -t "$tag" "$dir" >"$log.build.log" 2>&1; then
    printf '%-34s %-24s BUILD FAILED (%s.build.log)\n' "${dir##*/}" "$dockerfile" "$log"
    return 1
  fi
  build_s=$((SECONDS - start))
  # the image this build replaced is left untagged: remove it (vfs copies every layer in full)
  if [[ -n $previous && $previous != "$(bah images -q "$tag")" ]]; then
    bah rmi "$previous" >/dev/null 2>&1 || true
  fi
  if [[ -f $dir/smoke.txt ]]; then
    mapfile -t argv < <(sh -c 'for a; do echo "$a"; done' sh $(cat "$dir/smoke.txt"))
  else
    mapfile -t argv < <(command_of "$tag")
    ((${#argv[@]})) || die "cannot read the command of $tag"
  fi
  cid=$(bah from --pull=never "$tag")
  start=$SECONDS
  timeout "$RUN_TIMEOUT" buildah --storage-driver vfs run --isolation chroot "$cid" -- "${argv[@]}" \
    </dev/null >"$log.out" 2>"$log.err" || status="exit $?"
  run_s=$((SECONDS - start))
  bah rm "$cid" >/dev/null
  if [[ $status == ok ]] && ! cmp -s "$log.out" "$dir/expected.txt"; then
    status="OUTPUT DIFFERS (diff $dir/expected.txt $log.out)"
  fi
  printf '%-34s %-24s %-9s build %4ss run %3ss  %s\n' "${dir##*/}" "$dockerfile" "$(size_of "$tag")" \
    "$build_s" "$run_s" "$status"
  [[ $status == ok ]]
}

names=("$@")
if ((${#names[@]} == 0)); then
  for d in "$HERE"/*/; do [[ -f $d/Dockerfile ]] && names+=("$(basename "$d")"); done
fi
failed=0
for name in "${names[@]}"; do
  dir=$HERE/$name
  [[ -f $dir/Dockerfile ]] || die "no sample $name"
  check_image "$dir" Dockerfile "sample-$name" || failed=1
  if [[ -f $dir/multistage.Dockerfile ]]; then
    check_image "$dir" multistage.Dockerfile "sample-$name-multistage" || failed=1
  fi
done
exit "$failed"
