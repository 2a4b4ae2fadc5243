// Issue 13 §4 "Secrets and honest records": distinctive canary secrets go into a job the way a real
// integration uses them (a URL with credentials and a token query parameter, a token given as
// env:NAME, an API key typed on the command line); no output of `ssot` may ever show one: stdout
// and stderr of every command at debug level, the file history, a CPU profile, the MongoDB history
// (its data files and what is read back) and every page and API answer of the dashboard.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(cliDir, 'dist', 'bin.js');
const dashboardSrc = join(cliDir, '..', 'dashboard', 'src');

const PASSWORD = 'CANARY-PW-7f3a91';
const QUERY_TOKEN = 'CANARY-QT-22be41';
const ENV_TOKEN = 'CANARY-TOKEN-0c9d88';
const LITERAL = 'CANARY-LIT-5e6f70';
const DASHBOARD_TOKEN = 'CANARY-DASH-3c4d5e';
const URL_PARAM = `https://canary-user:${PASSWORD}@cmdb.example.test/api/?token=${QUERY_TOKEN}&page=1`;
const REDACTED_URL = 'https://[REDACTED]@cmdb.example.test/api/?token=[REDACTED]&page=1';
const PARAMS = ['--param', `url=${URL_PARAM}`, '--param', 'token=env:CANARY_TOKEN', '--param', `apiKey=${LITERAL}`];

const base64 = (text: string): string => Buffer.from(text).toString('base64');
/** The forms a value is seen in: as typed, URL-encoded (the same for these values: kept once), base64 (Basic auth). */
const forms = (name: string, value: string): [string, string][] =>
  [
    [name, value],
    [`${name} (URL-encoded)`, encodeURIComponent(value)],
    [`${name} (base64)`, base64(value)],
  ].filter((form, index, all): form is [string, string] => all.findIndex((other) => other[1] === form[1]) === index);
/** Every canary that must never be seen, in every form, and the URL's userinfo. */
const CANARIES: [string, string][] = [
  ...forms('URL password', PASSWORD),
  ...forms('URL query token', QUERY_TOKEN),
  ...forms('env: token value', ENV_TOKEN),
  ...forms('literal secret', LITERAL),
  ...forms('URL userinfo', `canary-user:${PASSWORD}`),
];
const DASHBOARD_CANARIES: [string, string][] = [...CANARIES, ...forms('dashboard token', DASHBOARD_TOKEN)];

interface Output {
  source: string;
  text: string;
}

/** Where a canary appears: `source: what (…context…)`, one line per hit. */
function leaksIn(outputs: readonly Output[], canaries: readonly [string, string][] = CANARIES): string[] {
  const found: string[] = [];
  for (const { source, text } of outputs) {
    for (const [name, value] of canaries) {
      const at = text.indexOf(value);
      if (at >= 0) found.push(`${source}: ${name} (…${text.slice(Math.max(0, at - 80), at + value.length + 20).replace(/\s+/g, ' ')}…)`);
    }
  }
  return found;
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

let project: string;
let runsDir: string;
let mongoDir: string;
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Runs `ssot` in the scratch project with the env: token set, MongoDB unset (the embedded server), plain output. */
function ssot(args: string[], env: Record<string, string | undefined> = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: project, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, MONGODB_URI: undefined, SSOT_HISTORY: undefined, SSOT_RUNS_DIR: runsDir, SSOT_EMBEDDED_MONGODB_DIR: mongoDir, CANARY_TOKEN: ENV_TOKEN, SSOT_DASHBOARD_TOKEN: undefined, ...env } },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });
}

/** Runs a command, keeps its stdout and stderr as outputs to check, and returns it. */
async function collect(outputs: Output[], args: string[], env?: Record<string, string | undefined>): Promise<Result> {
  const result = await ssot(args, env);
  const label = `ssot ${args.map((arg) => arg.replace(URL_PARAM, '<url>')).join(' ')}`;
  outputs.push({ source: `${label} [stdout]`, text: result.stdout }, { source: `${label} [stderr]`, text: result.stderr });
  return result;
}

const idOf = (result: Result): string => {
  const id = /sync record ([0-9a-f-]{36})/.exec(result.stdout)?.[1] ?? (JSON.parse(result.stdout) as { id: string }).id;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id;
};

/** Every file under `dir`, recursively, as outputs. */
async function filesUnder(dir: string): Promise<Output[]> {
  const out: Output[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ source: path, text: await readFile(path, 'latin1') });
  }
  return out;
}

/** The hashes the job wrote of what it received (proof/<runId>.json). */
async function proofOf(runId: string): Promise<Record<string, string>> {
  return JSON.parse(await readFile(join(project, 'proof', `${runId}.json`), 'utf8')) as Record<string, string>;
}
const EXPECTED_PROOF = { password: sha256(PASSWORD), queryToken: sha256(QUERY_TOKEN), token: sha256(ENV_TOKEN), apiKey: sha256(LITERAL) };

/** What the file-history scenario produced. */
const files = { outputs: [] as Output[], runs: {} as Record<string, string>, profiles: [] as string[] };
/** What the MongoDB scenario produced. */
const mongo = { outputs: [] as Output[], runs: {} as Record<string, string> };

/** Runs, diffs, applies and profiles the canary job at debug level with one log format; returns the run ids by kind. */
async function fileScenario(format: 'json' | 'pretty'): Promise<void> {
  const log = ['--log-level', 'debug', '--log-format', format];
  const o = files.outputs;
  const ok = await collect(o, [...log, 'run', 'canary-sync', ...PARAMS, '--param', `state=ok-${format}.json`]);
  expect(ok.code).toBe(0);
  files.runs[`succeeded (${format})`] = idOf(ok);
  const load = await collect(o, [...log, 'run', 'canary-sync', ...PARAMS, '--param', 'fail=load']);
  expect(load.code).toBe(1);
  files.runs[`failing load (${format})`] = idOf(load);
  const soft = await collect(o, [...log, 'run', 'canary-sync', ...PARAMS, '--param', 'fail=write', '--param', `state=soft-${format}.json`]);
  expect(soft.code).toBe(1);
  files.runs[`soft failure (${format})`] = idOf(soft);
  const json = await collect(o, [...log, 'run', 'canary-sync', ...PARAMS, '--param', 'fail=write', '--param', `state=json-${format}.json`, '--json']);
  expect(json.code).toBe(1);
  files.runs[`soft failure --json (${format})`] = idOf(json);
  const diff = await collect(o, [...log, 'diff', 'canary-sync', ...PARAMS, '--param', `state=plan-${format}.json`]);
  expect(diff.code).toBe(0);
  files.runs[`diff plan (${format})`] = idOf(diff);
  const apply = await collect(o, [...log, 'apply', files.runs[`diff plan (${format})`] as string, '--param', `apiKey=${LITERAL}`]);
  expect(apply.code).toBe(0);
  files.runs[`apply (${format})`] = idOf(apply);
  const profile = join(project, `run-${format}.cpuprofile`);
  const profiled = await collect(o, [...log, 'run', 'canary-sync', ...PARAMS, '--dry-run', '--cpu-profile', profile]);
  expect(profiled.code).toBe(0);
  files.runs[`--cpu-profile (${format})`] = idOf(profiled);
  files.profiles.push(profile);
}

beforeAll(async () => {
  // A scratch project inside the CLI package, so the fixture job resolves @ssot/core and zod like an installed package would.
  await mkdir(join(cliDir, '.test-projects'), { recursive: true });
  project = await mkdtemp(join(cliDir, '.test-projects', 'canary-'));
  runsDir = join(project, 'runs');
  mongoDir = join(project, 'mongodb-data');
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies: { 'canary-jobs': '1.0.0' } }));
  await cp(join(cliDir, 'src', '__fixtures__', 'canary-jobs'), join(project, 'node_modules', 'canary-jobs'), { recursive: true });
  // The file history and the MongoDB history (one embedded server data directory: one process at a time) side by side.
  await Promise.all([
    (async () => {
      await Promise.all([fileScenario('json'), fileScenario('pretty')]);
      const log = ['--log-level', 'debug', '--log-format', 'json'];
      const reads: string[][] = [
        [...log, 'jobs', '--json'],
        [...log, 'jobs'],
        [...log, 'history', '--json', '--limit', '100'],
        ['--log-level', 'debug', '--log-format', 'pretty', 'history', '--limit', '100'],
      ];
      // Every record of the JSON-log scenario as JSON with its logs and its diff as text; the logs as text and the diff as
      // JSON where they differ (the pretty scenario's records are the same kinds: the dashboard reads them all).
      for (const [kind, id] of Object.entries(files.runs)) {
        if (!kind.endsWith('(json)')) continue;
        reads.push([...log, 'show', id, '--json', '--logs'], [...log, 'show', id, '--diff']);
        if (/^(succeeded|soft failure \(|apply)/.test(kind)) reads.push([...log, 'show', id, '--logs']);
        if (kind.startsWith('diff plan')) reads.push([...log, 'show', id, '--diff', '--json']);
      }
      reads.push(['--log-level', 'debug', '--log-format', 'pretty', 'show', files.runs['soft failure (pretty)'] as string, '--logs']);
      for (let i = 0; i < reads.length; i += 6) await Promise.all(reads.slice(i, i + 6).map((args) => collect(files.outputs, args)));
    })(),
    (async () => {
      const log = ['--history', 'mongodb', '--log-level', 'debug', '--log-format', 'json'];
      const o = mongo.outputs;
      mongo.runs.succeeded = idOf(await collect(o, [...log, 'run', 'canary-sync', ...PARAMS, '--param', 'state=mongo-ok.json']));
      mongo.runs['failing load'] = idOf(await collect(o, [...log, 'run', 'canary-sync', ...PARAMS, '--param', 'fail=load']));
      mongo.runs['soft failure'] = idOf(await collect(o, ['--history', 'mongodb', '--log-level', 'debug', '--log-format', 'pretty', 'run', 'canary-sync', ...PARAMS, '--param', 'fail=write', '--param', 'state=mongo-soft.json']));
      await collect(o, [...log, 'history', '--json']);
      for (const id of Object.values(mongo.runs)) {
        await collect(o, [...log, 'show', id, '--json', '--logs']);
        await collect(o, [...log, 'show', id, '--diff']);
      }
    })(),
  ]);
}, 120_000);

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('secret canaries never appear in any output (issue 13 §4)', () => {
  it('control: every run received the exact password, query token, env: token and literal secret (the job hashed what it got)', async () => {
    // `ssot apply` does not load the source again (it applies the plan's diff): every other run loaded it with the canaries.
    const loaded = { ...files.runs, ...Object.fromEntries(Object.entries(mongo.runs).map(([kind, id]) => [`mongodb ${kind}`, id])) };
    for (const [kind, id] of Object.entries(loaded)) {
      if (!kind.startsWith('apply')) expect({ kind, proof: await proofOf(id).catch(() => 'no proof') }).toEqual({ kind, proof: EXPECTED_PROOF });
    }
    // The outputs carry the job's log lines and messages (they are not vacuous): redacted, not missing.
    const all = files.outputs.map((output) => output.text).join('\n');
    expect(all).toContain(`Loading hosts from ${REDACTED_URL}`);
    expect(all).toContain(`refused token [REDACTED] (key [REDACTED]) at ${REDACTED_URL}`);
    expect(all).toContain(`CMDB refused the write with token [REDACTED] and key [REDACTED] (${REDACTED_URL})`);
  });

  it('stdout and stderr of run (succeeded, failing load, soft failure, --json), diff, apply, --cpu-profile, jobs, history and show, at debug level as JSON and pretty logs', () => {
    expect(files.outputs.length).toBeGreaterThan(70);
    expect(leaksIn(files.outputs)).toEqual([]);
  });

  it('the record keeps the reference (env:CANARY_TOKEN) and the URL redacted; the literal secret is [REDACTED]', async () => {
    const shown = await ssot(['show', files.runs['succeeded (json)'] as string, '--json']);
    const { record } = JSON.parse(shown.stdout) as { record: { parameters: Record<string, unknown> } };
    expect(record.parameters).toMatchObject({ url: REDACTED_URL, token: 'env:CANARY_TOKEN', apiKey: '[REDACTED]' });
    const jsonLogs = files.outputs.filter((output) => output.source.includes('--log-format json run') && output.source.endsWith('[stderr]')).map((output) => output.text);
    expect(jsonLogs.join('\n')).toContain(`"url":"${REDACTED_URL}"`);
    expect(jsonLogs.join('\n')).toContain('"Authorization":"Bearer [REDACTED]"');
  });

  it("the links of log entries (the job's lookupObject, built from the URL parameter) keep no URL credentials", async () => {
    const id = files.runs['succeeded (json)'] as string;
    const dir = (await readdir(runsDir)).find((name) => name.endsWith(`_${id}`)) ?? '';
    const entries = (await readFile(join(runsDir, dir, 'logs.ndjson'), 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { uid: string; link?: { url?: string } });
    expect(entries.map((entry) => entry.uid).sort()).toEqual(['host0', 'host1', 'host2']);
    for (const entry of entries) {
      expect(entry.link?.url).toContain(`cmdb.example.test/api/host/${entry.uid}`);
      expect(leaksIn([{ source: `logs.ndjson link of ${entry.uid}`, text: entry.link?.url ?? '' }])).toEqual([]);
    }
  });

  it('every file under SSOT_RUNS_DIR (records, logs, diffs) and the CPU profiles', async () => {
    const records = await filesUnder(runsDir);
    expect(records.length).toBeGreaterThanOrEqual(Object.keys(files.runs).length);
    expect(records.some((file) => file.text.includes('env:CANARY_TOKEN'))).toBe(true);
    const profiles = await Promise.all(files.profiles.map(async (path) => ({ source: path, text: await readFile(path, 'latin1') })));
    for (const profile of profiles) expect((await stat(profile.source)).size).toBeGreaterThan(1000);
    expect(leaksIn([...records, ...profiles])).toEqual([]);
  });

  it('--history mongodb: CLI output, the embedded server data files, and the history read back (history --json, show --logs, show --diff)', async () => {
    expect(mongo.outputs.map((output) => output.text).join('\n')).toMatch(/MongoDB test server \(not MongoDB\) at mongodb:\/\/127\.0\.0\.1.*data kept in/);
    const data = await filesUnder(mongoDir);
    expect(data.some((file) => file.text.includes('canary-sync'))).toBe(true);
    const history = JSON.parse(mongo.outputs.find((output) => output.source.includes('history --json') && output.source.endsWith('[stdout]'))?.text ?? '{}') as { total: number };
    expect(history.total).toBe(3);
    expect(leaksIn([...mongo.outputs, ...data])).toEqual([]);
  });
});

/** Starts `ssot serve` on a free port; collects its stdout and stderr. */
async function serve(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => Output[]; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: project,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, MONGODB_URI: undefined, SSOT_HISTORY: undefined, SSOT_RUNS_DIR: runsDir, CANARY_TOKEN: ENV_TOKEN, SSOT_DASHBOARD_TOKEN: DASHBOARD_TOKEN },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL in: ${stdout} ${stderr}`)), 15_000);
    child.stdout?.on('data', () => {
      const found = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  return { child, url, exited, output: () => [{ source: 'ssot serve [stdout]', text: stdout }, { source: 'ssot serve [stderr]', text: stderr }] };
}

/** The GET routes the dashboard declares (`app.get('/path', ...)` in its route files). */
async function dashboardGetRoutes(): Promise<string[]> {
  const routes = new Set<string>();
  for (const file of ['app.ts', 'page-routes.ts', 'api-routes.ts']) {
    const source = await readFile(join(dashboardSrc, file), 'utf8');
    for (const match of source.matchAll(/app\.get\(\s*'([^']+)'/g)) routes.add(match[1] as string);
  }
  return [...routes];
}

describe('the dashboard (ssot serve) shows no canary', () => {
  it('every GET route (pages with their diff and logs tabs, the JSON API, SSE), logged out and logged in, bodies and headers; a run started from the dashboard too', async () => {
    const routes = await dashboardGetRoutes();
    // The routes this test expects to find, so a renamed file cannot silently empty the list.
    expect(routes).toEqual(expect.arrayContaining(['/', '/jobs/:name', '/runs', '/runs/:id', '/login', '/api/jobs', '/api/jobs/:name', '/api/runs', '/api/runs/:id', '/api/runs/:id/logs', '/api/runs/:id/diff', '/api/runs/:id/progress', '/api/runs/:id/events']));
    const { child, url, output, exited } = await serve(['--log-level', 'debug', '--log-format', 'json', 'serve', '--port', '0']);
    const outputs: Output[] = [];
    const statuses: Record<string, number> = {};
    try {
      const get = async (path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: () => Promise<string>; json: () => Promise<unknown> }> => {
        const response = await fetch(`${url}${path}`, { headers, redirect: 'manual' });
        const body = await response.text();
        const label = `GET ${path}${headers.cookie === undefined ? '' : ' (logged in)'}`;
        statuses[label] = response.status;
        outputs.push({ source: `${label} [headers]`, text: JSON.stringify([...response.headers]) }, { source: `${label} [body]`, text: body });
        return { status: response.status, text: async () => body, json: async () => JSON.parse(body) as unknown };
      };

      // Log in with the dashboard token, as a browser does (the CSRF token comes from the login form).
      const loginPage = await (await get('/login')).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(loginPage)?.[1] ?? '';
      const login = await fetch(`${url}/login`, { method: 'POST', redirect: 'manual', headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, token: DASHBOARD_TOKEN, next: '/' }) });
      outputs.push({ source: 'POST /login [headers]', text: JSON.stringify([...login.headers]) }, { source: 'POST /login [body]', text: await login.text() });
      expect(login.status).toBe(303);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(cookie).toMatch(/=/);

      // A run started from the dashboard: env: references are refused there (a browser must not read the server's
      // environment), so the token is typed like the API key; both are secret parameters.
      const refused = await fetch(`${url}/api/jobs/canary-sync/runs`, {
        method: 'POST',
        headers: { origin: url, authorization: `Bearer ${DASHBOARD_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ params: { url: URL_PARAM, token: 'env:CANARY_TOKEN', apiKey: LITERAL }, dryRun: true }),
      });
      outputs.push({ source: 'POST /api/jobs/canary-sync/runs (env: reference) [body]', text: await refused.text() });
      expect(refused.status).toBe(400);
      const started = await fetch(`${url}/api/jobs/canary-sync/runs`, {
        method: 'POST',
        headers: { origin: url, authorization: `Bearer ${DASHBOARD_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ params: { url: URL_PARAM, token: ENV_TOKEN, apiKey: LITERAL, fail: 'write', state: 'dashboard.json' }, dryRun: false }),
      });
      const startedBody = await started.text();
      outputs.push({ source: 'POST /api/jobs/canary-sync/runs [body]', text: startedBody });
      expect(started.status).toBe(202);
      const dashboardRun = (JSON.parse(startedBody) as { id: string }).id;
      for (let i = 0; i < 100; i++) {
        const progress = (await (await fetch(`${url}/api/runs/${dashboardRun}/progress`)).json()) as { endedAt?: string };
        if (progress.endedAt !== undefined) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await proofOf(dashboardRun)).toEqual(EXPECTED_PROOF);

      const jobs = ((await (await get('/api/jobs')).json()) as { jobs: { name: string }[] }).jobs.map((job) => job.name);
      expect(jobs).toEqual(['canary-sync']);
      const runs = ((await (await get('/api/runs?limit=100')).json()) as { runs: { id: string }[] }).runs.map((run) => run.id);
      expect(runs).toEqual(expect.arrayContaining([...Object.values(files.runs), dashboardRun]));
      const paths: string[] = [];
      for (const route of routes) {
        if (route.includes(':id')) {
          for (const id of runs) {
            paths.push(route.replace(':id', id));
            if (route === '/runs/:id') paths.push(`/runs/${id}?tab=diff`, `/runs/${id}?tab=logs`, `/runs/${id}?tab=logs&status=failure`);
          }
        } else if (route.includes(':name')) {
          for (const name of jobs) paths.push(route.replace(':name', name));
        } else paths.push(route);
      }
      paths.push('/runs?job=canary-sync', '/runs?status=failed', '/api/runs?job=canary-sync&limit=100');
      for (let i = 0; i < paths.length; i += 16) {
        await Promise.all(paths.slice(i, i + 16).flatMap((path) => [get(path), get(path, { cookie })]));
      }
      // Every answer was a real page or API answer (a broken route would hide nothing).
      const failed = Object.entries(statuses).filter(([label, status]) => status !== 200 && !label.startsWith('GET /favicon.ico'));
      expect(failed).toEqual([]);
      // The pages show the runs: the redacted URL, the reference and the redacted messages, not nothing.
      // (The dashboard shows every secret parameter as [REDACTED], references included: publicRun in dashboard/src/state.ts.)
      const bodies = outputs.map((entry) => entry.text).join('\n');
      expect(/https:\/\/\[REDACTED\]@cmdb\.example\.test\/api\/\?token=\[REDACTED\](&amp;|&|\\u0026)page=1/.test(bodies), 'the redacted URL parameter').toBe(true);
      expect(bodies.includes('CMDB refused the write with token [REDACTED] and key [REDACTED]'), 'the soft failure message').toBe(true);
      expect(bodies.includes('refused token [REDACTED] (key [REDACTED]) at https://[REDACTED]@cmdb.example.test/'), 'the load error').toBe(true);
    } finally {
      child.kill('SIGINT');
      await exited;
    }
    expect(Object.keys(statuses).length).toBeGreaterThan(50);
    expect(leaksIn([...outputs, ...output()], DASHBOARD_CANARIES)).toEqual([]);
    // The run the dashboard started was recorded under SSOT_RUNS_DIR like the others.
    expect(leaksIn(await filesUnder(runsDir), DASHBOARD_CANARIES)).toEqual([]);
  }, 60_000);
});
