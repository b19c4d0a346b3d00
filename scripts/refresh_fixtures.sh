#!/usr/bin/env bash
# Copies the reference samples and goldens the tests read from ../shared (the source of truth) into
# tests/fixtures, so that the tests need nothing outside the repository:
#   tests/fixtures/bucket/<object path>   from shared/samples/bucket
#   tests/fixtures/golden/<object path>   from shared/golden
#   tests/fixtures/tools/compare_rows.py  from shared/tools (the reference comparator)
# The paths are those listed by the per-job manifests tests/fixtures/<job>.txt (one a line, a file or a
# folder, relative to both samples/bucket and golden; '#' starts a comment).
#
# Usage: scripts/refresh_fixtures.sh [--check] [--shared DIR]
#   --check       change nothing; list the differences and exit 1 when tests/fixtures is not what a refresh
#                 would make it; exit 77 (skipped) when the shared folder is absent
#   --shared DIR  the shared folder (default: ../shared beside the repository)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared"
check=false
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=true ;;
    --shared) shared="${2:?--shared needs a folder}"; shift ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "refresh_fixtures.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
fixtures="$root/tests/fixtures"

if [ ! -d "$shared/samples/bucket" ]; then
  echo "refresh_fixtures.sh: no shared folder at $shared (samples/bucket missing)" >&2
  if $check; then echo "fixtures check skipped"; exit 77; fi
  exit 2
fi

# Lays out, under $1, what tests/fixtures/{bucket,golden,tools} should hold.
build_tree() {
  local out="$1" manifest line
  mkdir -p "$out/bucket" "$out/golden" "$out/tools"
  cp "$shared/tools/compare_rows.py" "$out/tools/"
  for manifest in "$fixtures"/*.txt; do
    while IFS= read -r line || [ -n "$line" ]; do
      line="${line%%#*}"
      line="$(echo "$line" | xargs)"  # trim
      [ -n "$line" ] || continue
      local found=false kind from
      for kind in bucket golden; do
        from="$shared/golden/$line"
        [ "$kind" = bucket ] && from="$shared/samples/bucket/$line"
        [ -e "$from" ] || continue
        found=true
        mkdir -p "$out/$kind/$(dirname "$line")"
        cp -R "$from" "$out/$kind/$(dirname "$line")/"
      done
      if ! $found; then
        echo "refresh_fixtures.sh: ${manifest##*/}: $line is in neither $shared/samples/bucket nor $shared/golden" >&2
        exit 2
      fi
    done < "$manifest"
  done
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tmp="$work/tree"
build_tree "$tmp"

if $check; then
  status=0
  for kind in bucket golden tools; do
    diff -r "$tmp/$kind" "$fixtures/$kind" >>"$work/report" 2>&1 || status=1
  done
  if [ "$status" -eq 0 ]; then
    echo "tests/fixtures matches $shared"
    exit 0
  fi
  # Paths relative to the two roots: "shared:" is what a refresh would copy, "tests/fixtures/" what is here.
  sed -e "s|$tmp/|shared:|g" -e "s|$fixtures/|tests/fixtures/|g" "$work/report" | head -50
  echo "tests/fixtures differs from $shared: run scripts/refresh_fixtures.sh (and commit) to take the shared version"
  exit 1
fi

rm -rf "$fixtures/bucket" "$fixtures/golden" "$fixtures/tools"
cp -R "$tmp/bucket" "$tmp/golden" "$tmp/tools" "$fixtures/"
echo "tests/fixtures refreshed from $shared ($(du -sh "$fixtures" | cut -f1))"
