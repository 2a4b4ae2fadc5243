// Vitest settings: planning runs ts-morph (the TypeScript compiler) in memory, which takes seconds on a busy machine.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { testTimeout: 30_000 } });
