// Vitest settings: say which MongoDB backend the tests use.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { globalSetup: ['../../scripts/vitest-mongodb-backend.ts'] } });
