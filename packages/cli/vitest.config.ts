// Vitest settings: say which MongoDB backend the tests use; give the subprocess tests time.
import { defineConfig } from 'vitest/config';

// The CLI tests start `ssot` several times per test: on a busy machine one start alone can take a second or more.
export default defineConfig({ test: { globalSetup: ['../../scripts/vitest-mongodb-backend.ts'], testTimeout: 30_000 } });
