// Sums every package's vitest JSON report into the one closing line CI reads.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
}

const root = join(import.meta.dirname, '..');
let passed = 0;
let failed = 0;
let skipped = 0;
const missing: string[] = [];

for (const group of ['packages', 'integrations']) {
  const groupDir = join(root, group);
  if (!existsSync(groupDir)) continue;
  for (const name of readdirSync(groupDir).sort()) {
    const pkgFile = join(groupDir, name, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { scripts?: Record<string, string> };
    if (!pkg.scripts?.test) continue;
    const reportFile = join(groupDir, name, 'reports', 'vitest.json');
    if (!existsSync(reportFile)) {
      // A package whose test run crashed before writing its report counts as one failure.
      missing.push(`${group}/${name}`);
      failed += 1;
      continue;
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as VitestJsonReport;
    passed += report.numPassedTests;
    // A test file that fails to load has no failed test in it but is still a failure.
    const suitesWithoutTests = report.numFailedTests === 0 ? report.numFailedTestSuites : 0;
    failed += report.numFailedTests + suitesWithoutTests;
    skipped += report.numPendingTests + report.numTodoTests;
  }
}

if (missing.length > 0) console.error(`no test report from: ${missing.join(', ')}`);
// Failed non-test steps of scripts/verify.sh (lint, build, typecheck, docs) count as failures too.
failed += Number(process.env.SSOT_FAILED_STEPS ?? 0) || 0;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
