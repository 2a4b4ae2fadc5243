// Test child: tries to start a server on a data directory; prints `ok` (then holds it until stdin closes) or `locked <pid>`.
const [entry, dir] = process.argv.slice(2);
const { DataDirLockedError, startMongoTestServer } = await import(entry);
try {
  const server = await startMongoTestServer({ dataDir: dir });
  process.stdout.write('ok\n');
  process.stdin.resume();
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
} catch (err) {
  if (err instanceof DataDirLockedError) {
    process.stdout.write(`locked ${err.holder.pid}\n`);
    process.exit(0);
  }
  process.stdout.write(`error ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
