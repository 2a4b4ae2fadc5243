// Vitest settings: the tests get a MongoDB from @ssot/mongo-test-server's global setup (MONGODB_URI when it is set, else its test server).
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { globalSetup: ['@ssot/mongo-test-server/vitest-global-setup'] } });
