#!/usr/bin/env sh
# Validates docs/api/openapi.yaml with @seriousme/openapi-schema-validator (OpenAPI 3.1 JSON
# schema). Exit 77 (ctest: skipped) with a message when node or the package is absent.
set -eu
root="$1"
if ! command -v node >/dev/null 2>&1; then
  echo "openapi_validate: SKIPPED: node is not installed" >&2
  exit 77
fi
cli="$root/node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js"
if [ ! -f "$cli" ]; then
  echo "openapi_validate: SKIPPED: run 'npm ci' in $root to install the validator" >&2
  exit 77
fi
out=$(node "$cli" "$root/docs/api/openapi.yaml" 2>&1) || { echo "$out"; exit 1; }
echo "$out"
# The CLI prints {"valid": false, ...} for an invalid document; fail on that too.
case "$out" in
  *'"valid": true'*|*'valid: true'*|*'"valid":true'*) exit 0 ;;
  *) echo "openapi_validate: validator did not report valid: true" >&2; exit 1 ;;
esac
