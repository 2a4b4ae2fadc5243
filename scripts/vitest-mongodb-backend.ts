// Vitest global setup for packages whose tests use MongoDB: one line saying which backend the run uses.
import { redactMongoUri } from '@ssot/mongoose';

/** Prints `MongoDB at <uri without credentials>` or that the tests use the project's MongoDB test server. */
export function setup(): void {
  const uri = process.env.MONGODB_URI;
  process.stdout.write(
    uri !== undefined && uri !== ''
      ? `MongoDB at ${redactMongoUri(uri)} (MONGODB_URI)\n`
      : 'MongoDB test server (not MongoDB): @ssot/mongo-test-server, started in-process by the tests that need it; set MONGODB_URI to test against a real server\n',
  );
}
