#!/usr/bin/env bash
# `pnpm example`: the main job end to end on the embedded defaults — the bundled inventory file into the
# MongoDB inventory (the embedded test server, data in .ssot/mongodb, unless MONGODB_URI is set):
# a dry run that shows the diff, the sync, then a re-run that finds nothing left to change.
set -euo pipefail
cd "$(dirname "$0")/.."
ssot() { node packages/cli/dist/bin.js "$@"; }

echo "== 1/3 dry run: what would change (ssot diff file-to-inventory --param inventory=sample)"
ssot diff file-to-inventory --param inventory=sample
echo
echo "== 2/3 the sync (ssot run file-to-inventory --param inventory=sample)"
ssot run file-to-inventory --param inventory=sample
echo
echo "== 3/3 again: nothing left to change"
ssot run file-to-inventory --param inventory=sample
echo
# The example is also CI's first check: a re-run that would still change something is a failure.
ssot --log-level error diff file-to-inventory --param inventory=sample --json | node -e '
  let text = ""; process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
    const left = Object.entries(JSON.parse(text).summaryByModel).filter(([, s]) => s.create + s.update + s.delete > 0);
    if (left.length > 0) { console.error("error: the re-run still has changes:", JSON.stringify(Object.fromEntries(left))); process.exit(1); }
  });'
echo "Checked: source and target agree."
echo
echo "Sync records: pnpm ssot history; one run in detail: pnpm ssot show <id> --logs. Start over: rm -rf .ssot"
