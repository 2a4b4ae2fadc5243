import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(cliDir, 'dist', 'bin.js');
const SECRET = 'acme-token-5b1e99';
let project: string;
let runsDir: string;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function ssot(...args: string[]): Promise<Result> {
  // Plain output, whatever the environment running the tests asks for.
  return ssotWith({ NO_COLOR: '1', FORCE_COLOR: undefined }, ...args);
}

/** Runs `ssot` through pipes (not a terminal) with these environment variables changed (`undefined` removes one). */
function ssotWith(env: Record<string, string | undefined>, ...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: project, env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, SSOT_RUNS_DIR: runsDir, ...env } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `ssot serve` on a free port and waits for the URL it prints. */
async function serve(...args: string[]): Promise<{ child: ChildProcess; url: string; stdout: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: project, env: { ...process.env, SSOT_RUNS_DIR: runsDir } });
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL in: ${stdout}`)), 10_000);
    child.stdout?.on('data', () => {
      const found = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  return { child, url, stdout, exited };
}

beforeAll(async () => {
  // A scratch project inside the CLI package, so the fixture job resolves @ssot/core and zod like an installed package would.
  await mkdir(join(cliDir, '.test-projects'), { recursive: true });
  project = await mkdtemp(join(cliDir, '.test-projects', 'project-'));
  runsDir = join(project, 'runs');
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies: { 'acme-jobs': '1.0.0' } }));
  await cp(join(cliDir, 'src', '__fixtures__', 'acme-jobs'), join(project, 'node_modules', 'acme-jobs'), { recursive: true });
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('ssot CLI (subprocess)', () => {
  it('lists the jobs of installed packages that declare them, with parameters', async () => {
    const text = await ssot('jobs');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('acme-sync');
    expect(text.stdout).toContain('data-source');
    expect(text.stdout).toContain('acme cmdb -> state file');
    expect(text.stdout).toMatch(/--param token=\.\.\. +\(string, required, secret\)/);
    const json = await ssot('jobs', '--json');
    const [job] = JSON.parse(json.stdout);
    expect(job).toMatchObject({ name: 'acme-sync', provider: 'acme-jobs', direction: 'data-source' });
    expect(job.parameters.find((p: { name: string }) => p.name === 'count')).toMatchObject({ type: 'integer', default: 3, required: false });
  });

  it('dry run: prints the summary and record id, writes the record and nothing else', async () => {
    const result = await ssot('run', 'acme-sync', '--dry-run', '--param', `token=${SECRET}`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('acme-sync: acme cmdb -> state file (dry run)');
    expect(result.stdout).toMatch(/create +2/);
    expect(result.stdout).toMatch(/update +1/);
    expect(result.stdout).toMatch(/delete +1/);
    expect(result.stdout).toMatch(/load source +succeeded/);
    expect(result.stdout).toMatch(/execute sync +skipped/);
    // Not a terminal: plain progress lines on stderr.
    expect(result.stderr).toContain('calculate diff'.slice(0, 0) + 'diff succeeded');
    const id = /sync record ([0-9a-f-]{36})/.exec(result.stdout)?.[1];
    expect(id).toBeDefined();
    const dirs = await readdir(runsDir);
    expect(dirs.some((dir) => dir.endsWith(`_${id}`))).toBe(true);
    await expect(readFile(join(project, 'state.json'))).rejects.toThrow();
  });

  it('runs for real, then the diff shows no changes; nothing secret reaches output or records', async () => {
    const run = await ssot('run', 'acme-sync', '--param', `token=${SECRET}`, '--param', 'count=5');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/create +4 +4 +0 +0/);
    const state = JSON.parse(await readFile(join(project, 'state.json'), 'utf8'));
    expect(state).toHaveLength(5);
    const diff = await ssot('diff', 'acme-sync', '--param', `token=${SECRET}`, '--param', 'count=5');
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('No changes: source and target agree.');
    for (const text of [run.stdout, run.stderr, diff.stdout, diff.stderr]) expect(text).not.toContain(SECRET);
    for (const dir of await readdir(runsDir)) {
      for (const file of await readdir(join(runsDir, dir))) expect(await readFile(join(runsDir, dir, file), 'utf8')).not.toContain(SECRET);
    }
  });

  it('--json prints the record; --params reads YAML; --cpu-profile writes a profile', async () => {
    await writeFile(join(project, 'params.yaml'), `token: ${SECRET}\ncount: 2\nstate: other.json\n`);
    const result = await ssot('run', 'acme-sync', '--params', 'params.yaml', '--dry-run', '--json', '--cpu-profile', 'run.cpuprofile');
    expect(result.code).toBe(0);
    const record = JSON.parse(result.stdout);
    expect(record).toMatchObject({ job: 'acme-sync', dryRun: true, status: 'succeeded', parameters: { token: '[REDACTED]', count: 2, state: 'other.json' } });
    expect(record.diff).toBeUndefined();
    expect(record.cpuProfile).toBe(join(project, 'run.cpuprofile'));
    const profile = JSON.parse(await readFile(join(project, 'run.cpuprofile'), 'utf8'));
    expect(profile.nodes.length).toBeGreaterThan(0);
    const noMemory = JSON.parse((await ssot('run', 'acme-sync', '--param', `token=${SECRET}`, '--dry-run', '--json', '--no-memory')).stdout);
    expect(noMemory.steps.every((step: { memory?: unknown }) => step.memory === undefined)).toBe(true);
  });

  it('exit code 1 when the job fails, with the failure recorded and the secret redacted', async () => {
    const load = await ssot('run', 'acme-sync', '--param', `token=${SECRET}`, '--param', 'fail=load');
    expect(load.code).toBe(1);
    expect(load.stdout).toContain('status    failed — CMDB refused token [REDACTED]');
    const write = await ssot('run', 'acme-sync', '--param', `token=${SECRET}`, '--param', 'fail=write', '--param', 'state=w.json', '--param', 'count=4');
    expect(write.code).toBe(1);
    const id = /sync record ([0-9a-f-]{36})/.exec(write.stdout)?.[1] ?? '';
    const shown = await ssot('show', id.slice(0, 8), '--logs', '--status', 'failure');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('state file is read-only (token [REDACTED])');
    expect(shown.stdout).toContain('https://cmdb.acme.test/host/host1');
    for (const text of [load.stdout, load.stderr, write.stdout, write.stderr, shown.stdout]) expect(text).not.toContain(SECRET);
  });

  it('exit code 2 for bad usage: unknown job, bad parameter, bad parameters file, unknown command', async () => {
    const unknown = await ssot('run', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error: No job named "nope".');
    expect(unknown.stderr).toContain('hint: Known jobs: acme-sync.');
    const missing = await ssot('run', 'acme-sync');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('parameter "token"');
    const short = await ssot('run', 'acme-sync', '--param', 'token=short');
    expect(short.code).toBe(2);
    expect(short.stderr).not.toContain('short"');
    await writeFile(join(project, 'bad.json'), '{ not json');
    const badFile = await ssot('run', 'acme-sync', '--params', 'bad.json');
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toContain('is not valid JSON');
    expect((await ssot('frobnicate')).code).toBe(2);
    expect((await ssot('show', 'no-such-id')).code).toBe(2);
    expect((await ssot('history', '--status', 'weird')).code).toBe(2);
  });

  it('history lists runs newest first and show filters logs and the diff', async () => {
    const history = await ssot('history', '--job', 'acme-sync', '--json');
    const page = JSON.parse(history.stdout);
    expect(page.total).toBeGreaterThanOrEqual(5);
    expect(page.runs[0].startedAt >= page.runs[1].startedAt).toBe(true);
    const text = await ssot('history', '--limit', '2');
    expect(text.stdout).toMatch(/^id +job +started +status/m);
    expect(text.stdout).toContain('(2 of ');
    const real = page.runs.find((r: { dryRun: boolean; status: string }) => !r.dryRun && r.status === 'succeeded');
    const unchangedRun = await ssot('run', 'acme-sync', '--param', `token=${SECRET}`, '--param', 'count=5', '--log-unchanged', '--json');
    const unchangedLogs = JSON.parse((await ssot('show', JSON.parse(unchangedRun.stdout).id, '--status', 'unchanged', '--json')).stdout);
    expect(unchangedLogs.logs.total).toBe(5);
    const logs = JSON.parse((await ssot('show', real.id, '--json', '--action', 'create')).stdout);
    expect(logs.logs.total).toBe(4);
    expect(logs.logs.entries.every((e: { action: string }) => e.action === 'create')).toBe(true);
    const diff = await ssot('show', real.id, '--diff', '--action', 'update');
    expect(diff.stdout).toContain('~ host host0');
    expect(diff.stdout).toContain('ip: "10.0.0.99" -> "10.0.0.0"');
  });

  it('show --diff filtered by model or action keeps the parent path of each element', async () => {
    await cp(join(cliDir, 'src', '__fixtures__', 'network-jobs.js'), join(project, 'network-jobs.js'));
    const run = await ssot('--jobs', 'network-jobs.js', 'run', 'acme-network', '--dry-run');
    expect(run.code).toBe(0);
    const id = /sync record ([0-9a-f-]{36})/.exec(run.stdout)?.[1] ?? '';
    const interfaces = await ssot('show', id, '--diff', '--model', 'interface', '--action', 'update');
    expect(interfaces.code).toBe(0);
    expect(interfaces.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^element +changes \(target -> source\)$/),
      expect.stringMatching(/^~ device ams1-core1 > interface Ethernet1 +mtu: 1500 -> 9000$/),
      expect.stringMatching(/^~ device ams1-core2 > interface Ethernet1 +mtu: 1500 -> 9000$/),
      '(1-2 of 2 diff elements)',
    ]);
    // The whole tree: children under their parents, no path needed.
    const tree = await ssot('show', id, '--diff');
    expect(tree.stdout).toMatch(/^ {2}device ams1-core1\n {2}~ interface Ethernet1 +mtu: 1500 -> 9000\n {2}device ams1-core2\n {2}~ interface Ethernet1 +mtu: 1500 -> 9000\n\(1-4 of 4 diff elements\)$/m);
    // A page that starts inside the tree names the parent of its first element.
    expect((await ssot('show', id, '--diff', '--offset', '1', '--limit', '1')).stdout).toMatch(/^~ device ams1-core1 > interface Ethernet1 +mtu: 1500 -> 9000$/m);
    const json = JSON.parse((await ssot('show', id, '--diff', '--model', 'interface', '--action', 'update', '--json')).stdout);
    expect(json.elements[0].path).toEqual([{ model: 'device', uid: 'ams1-core1', shortname: 'ams1-core1' }]);
  });

  it('logs JSON lines through a pipe and human lines with --log-format pretty, never inside the summary', async () => {
    const json = await ssot('--log-level', 'info', 'run', 'acme-sync', '--param', `token=${SECRET}`, '--dry-run');
    expect(json.code).toBe(0);
    const entries = json.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    expect(entries).toContainEqual(expect.objectContaining({ level: 30, msg: 'Running acme-sync', job: 'acme-sync' }));
    expect(json.stdout).not.toContain('{');
    const pretty = await ssot('--log-level', 'info', '--log-format', 'pretty', 'run', 'acme-sync', '--param', `token=${SECRET}`, '--param', 'fail=load');
    expect(pretty.code).toBe(1);
    expect(pretty.stderr).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: Running acme-sync$/m);
    expect(pretty.stderr).toMatch(/^\[\d\d:\d\d:\d\d\] ERROR: CMDB refused token \[REDACTED\]$/m);
    expect(pretty.stderr).not.toMatch(/^\{/m);
    expect(pretty.stdout).not.toContain('INFO');
    for (const text of [json.stdout, json.stderr, pretty.stdout, pretty.stderr]) expect(text).not.toContain(SECRET);
    expect((await ssot('--log-format', 'xml', 'history')).code).toBe(2);
  });

  it('colours statuses and headers only when asked: plain through a pipe and with NO_COLOR, coloured with FORCE_COLOR', async () => {
    const forced = await ssotWith({ FORCE_COLOR: '1' }, 'history', '--limit', '3');
    expect(forced.stdout).toContain('\x1b[1mid\x1b[22m');
    expect(forced.stdout).toContain('\x1b[32msucceeded\x1b[39m');
    const run = await ssotWith({ FORCE_COLOR: '1' }, 'run', 'acme-sync', '--param', `token=${SECRET}`, '--dry-run');
    expect(run.stdout).toContain('status    \x1b[32msucceeded\x1b[39m');
    expect(run.stdout).toContain('\x1b[32mcreate\x1b[39m');
    expect(run.stderr).toContain('load source \x1b[32msucceeded\x1b[39m');
    for (const plain of [await ssotWith({}, 'history', '--limit', '3'), await ssot('history', '--limit', '3'), await ssotWith({ NO_COLOR: '1' }, 'run', 'acme-sync', '--param', `token=${SECRET}`, '--dry-run')]) {
      expect(plain.stdout + plain.stderr).not.toContain('\x1b[');
    }
  });

  it('prints one line and a hint for a broken jobs module, and the stack with --verbose', async () => {
    await writeFile(join(project, 'broken.js'), 'export const jobs = [{ name: 1 }];\n');
    const plain = await ssot('jobs', '--jobs', 'broken.js');
    expect(plain.code).toBe(2);
    expect(plain.stderr.trim().split('\n')).toEqual([`error: --jobs broken.js: entry 0 of the "jobs" export of ${join(project, 'broken.js')} is not a job.`, 'hint: Declare each job with defineJob from @ssot/core.']);
    const verbose = await ssot('jobs', '--jobs', 'broken.js', '--verbose');
    expect(verbose.stderr).toMatch(/at .*discover-jobs\.js/);
  });

  it('keeps records in MongoDB with --history mongodb and says which server it used', async () => {
    const run = await ssot('--history', 'mongodb', '--log-level', 'info', 'run', 'acme-sync', '--param', `token=${SECRET}`, '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(process.env.MONGODB_URI ? /MongoDB (test server \(not MongoDB\) )?at / : /MongoDB test server \(not MongoDB\) at mongodb:\/\/127\.0\.0\.1/);
    expect(run.stdout).toMatch(/sync record [0-9a-f-]{36} \(MongoDB/);
    expect(run.stderr + run.stdout).not.toContain(SECRET);
    // Another process reads the run back: the embedded server kept its data in .ssot/mongodb.
    const id = /sync record ([0-9a-f-]{36})/.exec(run.stdout)?.[1] ?? '';
    const shown = await ssot('--history', 'mongodb', 'show', id.slice(0, 8), '--json');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout).record).toMatchObject({ id, job: 'acme-sync', dryRun: true, parameters: { token: '[REDACTED]' } });
    expect((await ssot('--history', 'nowhere', 'history')).code).toBe(2);
  });

  it('scaffolds with `ssot new` (the generator): a plan on --dry-run, usage errors exit 2', async () => {
    const plan = await ssot('new', 'integration', 'acme-cloud', '--models', 'device,interface', '--standalone', '--root', project, '--dry-run');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('would create acme-cloud/package.json');
    expect(plan.stdout).toContain('would create acme-cloud/src/adapter.ts');
    const inventory = await ssot('new', 'integration', 'acme-cloud', '--template', 'inventory', '--standalone', '--root', project, '--dry-run');
    expect(inventory.code).toBe(0);
    expect(inventory.stdout).toContain('would create acme-cloud/src/jobs/acme-cloud-to-inventory.ts');
    const bad = await ssot('new', 'integration', 'Acme_Cloud', '--root', project);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error \[INVALID_NAME\]/);
    expect((await ssot('new')).code).toBe(2);
  }, 30_000);

  it('without @ssot/generator (an optional peer), `ssot new` exits 2 with one line saying how to scaffold; other commands work', async () => {
    // A resolve hook makes Node look for @ssot/generator from a scratch folder, where it is not installed:
    // what a project that installed @ssot/cli alone sees, whatever the layout of this workspace.
    const hooks = await mkdtemp(join(tmpdir(), 'ssot-no-generator-'));
    await writeFile(join(hooks, 'hooks.mjs'), "export async function resolve(specifier, context, next) {\n  return next(specifier, specifier === '@ssot/generator' ? { ...context, parentURL: import.meta.url } : context);\n}\n");
    await writeFile(join(hooks, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    const withoutGenerator = (...args: string[]): Promise<Result> =>
      new Promise((resolve) => {
        execFile(process.execPath, ['--import', join(hooks, 'register.mjs'), bin, ...args], { cwd: project, env: { ...process.env, SSOT_RUNS_DIR: runsDir, NO_COLOR: '1' } }, (error, stdout, stderr) => {
          resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
        });
      });
    try {
      const result = await withoutGenerator('new', 'integration', 'acme', '--dry-run');
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: 'error: `ssot new` needs @ssot/generator, which is not installed: run `npm create @ssot/integration <name>` instead, or install it with `npm install --save-dev @ssot/generator`.\n',
      });
      expect(await withoutGenerator('jobs')).toMatchObject({ code: 0, stdout: expect.stringContaining('acme-sync') });
    } finally {
      await rm(hooks, { recursive: true, force: true });
    }
  }, 30_000);

  it('serves the dashboard over the installed jobs and stops cleanly on SIGINT', async () => {
    const { child, url, stdout, exited } = await serve('serve', '--port', '0');
    expect(stdout).toContain('read-only: set SSOT_DASHBOARD_TOKEN');
    const jobs = (await (await fetch(`${url}/api/jobs`)).json()) as { jobs: { name: string }[] };
    expect(jobs.jobs.map((job) => job.name)).toEqual(['acme-sync']);
    const runs = (await (await fetch(`${url}/api/runs`)).json()) as { total: number };
    expect(runs.total).toBeGreaterThan(3);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('serves the MongoDB history too, and the run detail API reads it back', async () => {
    const { child, url, stdout, exited } = await serve('--history', 'mongodb', 'serve', '--port', '0');
    expect(stdout).toMatch(/records in MongoDB/);
    const runs = (await (await fetch(`${url}/api/runs`)).json()) as { runs: { id: string; job: string }[]; total: number };
    expect(runs.total).toBeGreaterThanOrEqual(1);
    const detail = await fetch(`${url}/api/runs/${runs.runs[0]?.id ?? ''}`);
    expect(detail.status).toBe(200);
    expect(await detail.text()).not.toContain(SECRET);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
