#!/usr/bin/env bash
# The README's test command: lint, typecheck, build, every package's tests and the API docs,
# then one closing line "N passed, N failed, N skipped" summed over every test run.
set -uo pipefail
export TURBO_TELEMETRY_DISABLED=1
# The generator's end-to-end tests (generate into the workspace, pack and install with npm) run here too.
export SSOT_E2E=${SSOT_E2E:-1}
cd "$(dirname "$0")/.."

rm -rf packages/*/reports integrations/*/reports
failed_steps=()

run() {
  local name=$1; shift
  echo "::: $name"
  if ! "$@"; then failed_steps+=("$name"); fi
}

run lint      pnpm exec turbo run lint --continue --output-logs=errors-only
run lint-root pnpm exec eslint scripts eslint.config.js
run build     pnpm exec turbo run build --output-logs=errors-only
run typecheck pnpm exec turbo run typecheck --continue --output-logs=errors-only
run typecheck-root pnpm exec tsc -p tsconfig.json
run test      pnpm exec turbo run test --continue --concurrency=1 --output-logs=full
run docs      pnpm exec turbo run typedoc --output-logs=errors-only

# Steps other than the tests (lint, build, docs...) that failed count as one failure each, and are
# named before the closing line, which is always the last line printed.
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
fi
SSOT_FAILED_STEPS=$(printf '%s\n' "${failed_steps[@]}" | grep -cv '^\(test\)\?$' || true) pnpm exec tsx scripts/test-summary.ts
