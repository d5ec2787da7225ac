#!/usr/bin/env bash
# Interop test of the audit log's transparency-log output against Go's reference implementations
# (golang.org/x/mod/sumdb/note and .../tlog, Debian's golang-golang-x-mod-dev; see
# tlogcheck/main.go).
#
#   tlogcheck.sh CHANCERY_BINARY   build a store, print its verifier key, checkpoint and proofs
#                                  with the CLI, verify them with tlogcheck, and check that a wrong
#                                  key and tampered proofs are rejected
#   tlogcheck.sh --selftest        only tlogcheck's own self-test (no Chancery involved)
#
# tlogcheck is built offline from /usr/share/gocode (GO111MODULE=off). A missing Go toolchain or
# x/mod package is a failure with a message (scripts/bootstrap installs both), never a skip.
set -euo pipefail

usage() {
  echo "usage: $0 CHANCERY_BINARY | $0 --selftest" >&2
  exit 2
}
[ "$#" -eq 1 ] || usage

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tlog-interop.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

gopath=/usr/share/gocode
command -v go >/dev/null 2>&1 ||
  fail "go is not installed (scripts/bootstrap installs golang-go and golang-golang-x-mod-dev)"
if [ ! -d "$gopath/src/golang.org/x/mod/sumdb/tlog" ] || [ ! -d "$gopath/src/golang.org/x/mod/sumdb/note" ]; then
  fail "$gopath/src/golang.org/x/mod/sumdb is missing (scripts/bootstrap installs golang-golang-x-mod-dev)"
fi

echo "+ building tlogcheck ($(go version)) offline against $gopath"
(cd "$here/tlogcheck" &&
  env GO111MODULE=off GOPATH="$gopath" GOCACHE="$tmp/gocache" GOFLAGS= GOENV=off GOPROXY=off \
    go build -o "$tmp/tlogcheck" .) || fail "building tlogcheck"
tc="$tmp/tlogcheck"

if [ "$1" = "--selftest" ]; then
  echo "+ tlogcheck -selftest"
  "$tc" -selftest || fail "tlogcheck self-test"
  echo "tlog interop self-test passed"
  exit 0
fi

chancery=$1
case "$chancery" in -*) usage ;; esac
[ -x "$chancery" ] || fail "$chancery is not an executable"

db="$tmp/s.db"
run() {
  echo "+ $*"
  "$@"
}
quiet() {
  echo "+ $* >/dev/null"
  "$@" >/dev/null
}

# A store with some records and audit entries (every read is audited).
run "$chancery" --db "$db" init
run "$chancery" --db "$db" import --quiet "$root/examples/archive" "$root/examples/cables"
for _ in 1 2 3; do
  quiet "$chancery" --db "$db" list
  quiet "$chancery" --db "$db" search telegram
done

echo "+ $chancery --db $db audit key"
vkey=$("$chancery" --db "$db" audit key) || fail "chancery audit key"
[ "$(printf '%s\n' "$vkey" | wc -l)" -eq 1 ] || fail "audit key printed more than one line: $vkey"
echo "  $vkey"
echo "+ $chancery --db $db audit checkpoint > checkpoint"
"$chancery" --db "$db" audit checkpoint >"$tmp/checkpoint" || fail "chancery audit checkpoint"
sed 's/^/  /' "$tmp/checkpoint"
size=$(sed -n 2p "$tmp/checkpoint")
[[ "$size" =~ ^[1-9][0-9]*$ ]] || fail "checkpoint size line is not a positive decimal: '$size'"
[ "$size" -ge 4 ] || fail "checkpoint covers only $size entries; the test needs at least 4"

# Sizes: a middle entry at a smaller tree (msize), and consistency from 1, size/2, msize, size-1.
half=$((size / 2))
msize=$((size * 3 / 4))
mindex=$half # < msize for size >= 4

proof() { # proof OUTFILE ARGS...
  local out=$1
  shift
  echo "+ $chancery --db $db audit proof $* > $(basename "$out")"
  "$chancery" --db "$db" audit proof "$@" >"$out" || fail "chancery audit proof $*"
}
proof "$tmp/incl-first.json" inclusion --index 0 --size "$size"
proof "$tmp/incl-last.json" inclusion --index $((size - 1)) --size "$size"
proof "$tmp/incl-mid.json" inclusion --index "$mindex" --size "$msize"
proof "$tmp/cons-1.json" consistency --from 1 --to "$size"
proof "$tmp/cons-half.json" consistency --from "$half" --to "$size"
proof "$tmp/cons-mid.json" consistency --from "$msize" --to "$size"
proof "$tmp/cons-last.json" consistency --from $((size - 1)) --to "$size"

incl=(-inclusion "$tmp/incl-first.json" -inclusion "$tmp/incl-last.json" -inclusion "$tmp/incl-mid.json")
cons=(-consistency "$tmp/cons-1.json" -consistency "$tmp/cons-half.json"
  -consistency "$tmp/cons-mid.json" -consistency "$tmp/cons-last.json")

echo "+ tlogcheck on the checkpoint, 3 inclusion and 4 consistency proofs"
out=$("$tc" -vkey "$vkey" -checkpoint "$tmp/checkpoint" "${incl[@]}" "${cons[@]}") || {
  printf '%s\n' "$out"
  fail "tlogcheck rejected Chancery's checkpoint or proofs"
}
printf '%s\n' "$out" | sed 's/^/  /'
oks=$(printf '%s\n' "$out" | grep -c '^ok ' || true)
[ "$oks" -eq 8 ] || fail "expected 8 ok lines from tlogcheck, got $oks"

# Each of these must be rejected by tlogcheck with exit status 1 and a FAIL line.
expect_fail() { # expect_fail WHAT TLOGCHECK-ARGS...
  local what=$1 rc=0
  shift
  echo "+ expect rejection: $what"
  out=$("$tc" "$@") || rc=$?
  if [ "$rc" -ne 1 ] || ! printf '%s\n' "$out" | grep -q '^FAIL: '; then
    printf '%s\n' "$out"
    fail "$what: tlogcheck exited $rc, expected 1 with a FAIL line"
  fi
  printf '%s\n' "$out" | sed 's/^/  /'
}

# flip_b64 IN OUT FIELD: copy a proof JSON, changing one base64 character of FIELD (a string, or
# the first element of an array) to another, so that it still decodes to 32 bytes.
flip_b64() {
  python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
src, dst, field = sys.argv[1:]
with open(src) as f:
    obj = json.load(f)
v = obj[field]
s = v[0] if isinstance(v, list) else v
s = s[:5] + ("B" if s[5] != "B" else "C") + s[6:]
if isinstance(v, list):
    v[0] = s
else:
    obj[field] = s
with open(dst, "w") as f:
    json.dump(obj, f)
EOF
}

origin=$(sed -n 1p "$tmp/checkpoint")
wrong=$("$tc" -genkey "$origin")
expect_fail "a fresh key with the same name" -vkey "$wrong" -checkpoint "$tmp/checkpoint"

run "$chancery" --db "$tmp/other.db" init
other=$("$chancery" --db "$tmp/other.db" audit key) || fail "chancery audit key (second store)"
[ "$other" != "$vkey" ] || fail "two fresh stores have the same verifier key: $vkey"
expect_fail "a second store's key" -vkey "$other" -checkpoint "$tmp/checkpoint"

awk -v n=$((size + 1)) 'NR == 2 { print n; next } { print }' "$tmp/checkpoint" >"$tmp/cp-tampered"
expect_fail "a checkpoint whose size was changed" -vkey "$vkey" -checkpoint "$tmp/cp-tampered"

command -v python3 >/dev/null 2>&1 || fail "python3 is not installed (scripts/bootstrap installs it)"
flip_b64 "$tmp/incl-first.json" "$tmp/bad-incl-proof.json" proof
expect_fail "an inclusion proof with one base64 character changed" \
  -vkey "$vkey" -checkpoint "$tmp/checkpoint" -inclusion "$tmp/bad-incl-proof.json"
flip_b64 "$tmp/incl-mid.json" "$tmp/bad-incl-leaf.json" leaf_hash
expect_fail "an inclusion proof with its leaf hash changed" \
  -vkey "$vkey" -checkpoint "$tmp/checkpoint" -inclusion "$tmp/bad-incl-leaf.json"
flip_b64 "$tmp/cons-1.json" "$tmp/bad-cons-proof.json" proof
expect_fail "a consistency proof with one base64 character changed" \
  -vkey "$vkey" -checkpoint "$tmp/checkpoint" -consistency "$tmp/bad-cons-proof.json"
flip_b64 "$tmp/cons-mid.json" "$tmp/bad-cons-old.json" old_root
expect_fail "a consistency proof with its old root changed" \
  -vkey "$vkey" -checkpoint "$tmp/checkpoint" -consistency "$tmp/bad-cons-old.json"

echo "tlog interop passed: checkpoint of $size entries, 7 proofs verified, 7 forgeries rejected"
