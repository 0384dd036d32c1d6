// `npx nx run api-lambda:bench`: warm GET /time throughput of the built bundle against a seed-style handler and a raw
// mysql2 loop (on the machine as it is, then with the other core kept busy), resource use per 1,000 invocations, bundle size
// and cold start over bare node. Prints numbers; asserts nothing.
// BENCH_CALLS sets the warm calls per loop, BENCH_ROUNDS the interleaved rounds they are split into; BENCH_BUSY=0
// skips the busy-core rounds. BENCH_THROUGH_PROXY=1 puts the RDS Proxy stand-in (its command, in a process of its own)
// between the handlers and MariaDB and adds a raw mysql2 loop through it (see ./through-proxy.ts).
// BENCH_BASELINE_BUNDLE=<index.js> (e.g. main's build, copied aside) runs that bundle too, in the same warm rounds and
// alternating with ours in the cold starts, so a change is measured against its baseline under the same load.
// BENCH_COLD_RUNS sets the cold starts per bundle (default 5).
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { createDbClient, dbClientConfigFromUrl } from '@rds-platform/db-client';
import { runMigrations } from '@rds-platform/db';
import { localContext, toPayloadV2Event, type PayloadV2Handler } from '@rds-platform/lambda-http';
import { createAppUser, startMariaDb } from '@rds-platform/testing/mariadb';
import { startSecretsManagerStandIn } from '@rds-platform/testing/secrets-manager';
import { interleavedRates, median, medianRatio, quietly, rateOf } from './measure';
import { seedStyleHandler } from './seed-style';
import { startProxyProcess, type ProxyProcess } from './through-proxy';

const BUNDLE_BUDGET_BYTES = (
  JSON.parse(readFileSync(path.resolve('tools/lambda-bundle-budget.json'), 'utf8')) as {
    maxBytes: number;
  }
).maxBytes;

const BUNDLE = path.resolve('dist/apps/api-lambda/index.js');
const WARM_CALLS = Number(process.env['BENCH_CALLS'] ?? 6000);
const SEED_CALLS = Math.max(50, Math.round(WARM_CALLS / 30));
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 20);
const COLD_RUNS = Number(process.env['BENCH_COLD_RUNS'] ?? 5);
const BASELINE = process.env['BENCH_BASELINE_BUNDLE'] ? path.resolve(process.env['BENCH_BASELINE_BUNDLE']) : undefined;
const BUSY = process.env['BENCH_BUSY'] !== '0';
const THROUGH_PROXY = process.env['BENCH_THROUGH_PROXY'] === '1';

async function main(): Promise<void> {
  const server = await startMariaDb({ tls: true });
  const secrets = await startSecretsManagerStandIn();
  let proxy: ProxyProcess | undefined;
  try {
    const user = { database: 'app', user: 'serverless', password: 'bench-password' };
    await createAppUser(server, user);
    const admin = createDbClient(dbClientConfigFromUrl(server.url({ database: 'app' }), { tls: { mode: 'disabled' } }));
    await runMigrations((sql, params) => admin.query(sql, params));
    await admin.close();
    const secretArn = secrets.createSecret('bench', JSON.stringify({ username: user.user, password: user.password }));
    const caFile = server.caFile as string;
    proxy = THROUGH_PROXY
      ? await startProxyProcess({
          target: { host: server.host, port: server.port },
          secret: { username: user.user, password: user.password, dbname: 'app' },
          caFile,
        })
      : undefined;
    // Where the handlers connect: the proxy when there is one, else the server.
    const db = proxy ?? server;
    const env = {
      ...secrets.clientEnv(),
      DB_SECRET_ARN: secretArn,
      DB_HOST: db.host,
      DB_PORT: String(db.port),
      DB_NAME: 'app',
      DB_TLS_CA_FILE: caFile,
    };
    Object.assign(process.env, env);

    // 1. Our handler, the built bundle, warm.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require(BUNDLE) as { handler: PayloadV2Handler };
    // API Gateway builds the event outside the function: build it once, outside the measured loop.
    const timeEvent = toPayloadV2Event({ method: 'GET', url: '/time', headers: {} });
    const context = localContext('bench');
    const invokeTime = () => handler(timeEvent, context);
    await quietly(async () => {
      for (let i = 0; i < 200; i++) await invokeTime();
    });
    // 1b. The baseline bundle, if any: its own module instance, with its own connection.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const baselineHandler = BASELINE ? (require(BASELINE) as { handler: PayloadV2Handler }).handler : undefined;
    const invokeBaseline = () => (baselineHandler as PayloadV2Handler)(timeEvent, context);
    if (baselineHandler) {
      await quietly(async () => {
        for (let i = 0; i < 200; i++) await invokeBaseline();
      });
    }
    // 2. Raw mysql2 on one connection: the physical limit of this machine.
    // trace: false as in db-client, so the comparison is with the fastest mysql2 can go, not its defaults.
    const raw = await mysql.createConnection({
      ...user,
      host: server.host,
      port: server.port,
      ssl: { ca: readFileSync(caFile, 'utf8') },
      trace: false,
    });
    const rawQuery = () => raw.query('SELECT UTC_TIMESTAMP(3) AS now');
    for (let i = 0; i < 200; i++) await rawQuery();
    // 2b. With the proxy: the same raw loop through it, so the proxy hop's own cost shows apart from ours.
    const rawThroughProxy = proxy
      ? await mysql.createConnection({
          ...user,
          host: proxy.host,
          port: proxy.port,
          ssl: { ca: readFileSync(caFile, 'utf8') },
          trace: false,
        })
      : undefined;
    const rawProxyQuery = () => (rawThroughProxy as mysql.Connection).query('SELECT UTC_TIMESTAMP(3) AS now');
    if (rawThroughProxy) for (let i = 0; i < 200; i++) await rawProxyQuery();

    secrets.resetCallCounts();
    const connectionsBefore = await server.statusValue('Connections');
    const loops: Record<string, () => Promise<unknown>> = { ours: invokeTime, raw: rawQuery };
    if (rawThroughProxy) loops['rawProxy'] = rawProxyQuery;
    if (baselineHandler) loops['baseline'] = invokeBaseline;
    const rates = await interleavedRates(ROUNDS, Math.ceil(WARM_CALLS / ROUNDS), loops);
    // Lambda bursts share the CPU with other work: the same rounds again while another process keeps a core busy.
    // On 2 cores our process, the database and the spinner then compete, so every extra microsecond of our own
    // JavaScript per call shows more than on a quiet machine.
    const busyRates = BUSY
      ? await whileOtherCoreBusy(() => interleavedRates(ROUNDS, Math.ceil(WARM_CALLS / ROUNDS), loops))
      : undefined;
    // Minus the statusValue call's own connection; the raw loop's connection was opened before.
    const connectionsOpened = (await server.statusValue('Connections')) - connectionsBefore - 1;
    const baselineLines = baselineHandler ? baselineWarmLines(rates, busyRates) : [];
    const secretCalls = secrets.callCount('GetSecretValue');
    const { ours, raw: rawRate } = rates;
    await raw.end();
    await rawThroughProxy?.end();

    // 3. Seed style: secret + connect + query + close per call.
    const seed = seedStyleHandler({
      secretArn,
      host: db.host,
      port: db.port,
      database: 'app',
      ca: readFileSync(caFile, 'utf8'),
    });
    await seed();
    const seedRate = await rateOf(SEED_CALLS, seed);

    // 4. Cold start: a fresh process loads the bundle and serves one request, against a bare `node -e 0` started the
    // same way just before it: the difference is what the bundle adds to Node's own start-up (module load + first call).
    // Sequential and asynchronous: the Secrets Manager stand-in runs in this process and must keep answering.
    // With a baseline, the two alternate (which one goes first swaps every run), so load falls on both alike.
    const coldRuns: ColdRun[] = [];
    const baselineColdRuns: ColdRun[] = [];
    for (let run = 0; run < COLD_RUNS; run++) {
      if (BASELINE && run % 2 === 1) baselineColdRuns.push(await coldStart(BASELINE));
      coldRuns.push(await coldStart(BUNDLE));
      if (BASELINE && run % 2 === 0) baselineColdRuns.push(await coldStart(BASELINE));
    }
    const coldMedian = (pick: (run: ColdRun) => number, runs = coldRuns) =>
      median(runs.map(pick)).toFixed(0).padStart(7);
    const baselineColdLines = BASELINE
      ? [
          `baseline cold start over bare     ${coldMedian((run) => run.overBareMs, baselineColdRuns)} ms  (load ${coldMedian((run) => run.loadMs, baselineColdRuns).trim()} ms, first invocation ${coldMedian((run) => run.firstMs, baselineColdRuns).trim()} ms; ${path.relative(process.cwd(), BASELINE)})`,
          `  ours - baseline, median of runs ${median(
            coldRuns.map((run, i) => run.overBareMs - baselineColdRuns[i].overBareMs),
          )
            .toFixed(0)
            .padStart(7)} ms  (each run's pair)`,
        ]
      : [];

    const per1000 = (count: number) => ((count * 1000) / ours.calls).toFixed(2);
    const busyLines = busyRates
      ? [
          `ratio ours / raw, other core busy ${(100 * medianRatio(busyRates['ours'], busyRates['raw'])).toFixed(0).padStart(7)}%   (target >= 90%; ours ${medianRate(busyRates['ours']).toFixed(0)}/s, raw ${medianRate(busyRates['raw']).toFixed(0)}/s)`,
        ]
      : [];
    const lines = [
      `warm GET /time, built bundle      ${medianRate(ours).toFixed(0).padStart(7)} invocations/s  (${ours.calls} calls)`,
      `seed-style handler                ${seedRate.perSecond.toFixed(0).padStart(7)} invocations/s  (${seedRate.calls} calls)`,
      `raw mysql2 loop, one connection   ${medianRate(rawRate).toFixed(0).padStart(7)} queries/s      (${rawRate.calls} calls${proxy ? ', direct to MariaDB' : ''})`,
      `ratio ours / seed-style           ${(medianRate(ours) / seedRate.perSecond).toFixed(1).padStart(7)}x   (target >= 10x)`,
      `ratio ours / raw loop             ${(100 * medianRatio(ours, rawRate)).toFixed(0).padStart(7)}%   (target >= 90%; median of ${ROUNDS} interleaved rounds)`,
      ...busyLines,
      ...baselineLines,
      ...(proxy ? await proxyLines(proxy, rates, busyRates) : []),
      `Secrets Manager calls / 1,000     ${per1000(secretCalls).padStart(7)}    (target <= 1)`,
      `DB connections opened / 1,000     ${per1000(connectionsOpened).padStart(7)}    (target <= 1)`,
      `bundle size                       ${statSync(BUNDLE).size.toLocaleString('en-US').padStart(7)} bytes (budget ${BUNDLE_BUDGET_BYTES.toLocaleString('en-US')}, tools/lambda-bundle-budget.json)`,
      `bare node start-up (median of ${COLD_RUNS}) ${coldMedian((run) => run.bareMs)} ms  (node -e 0, wall)`,
      `cold start over bare node         ${coldMedian((run) => run.overBareMs)} ms  (target <= 100 ms; median of ${COLD_RUNS} (probe - bare node) wall times; the probe takes ${median(coldRuns.map((run) => run.probeMs / run.bareMs)).toFixed(1)}x bare node)`,
      `  cold module load (median)       ${coldMedian((run) => run.loadMs)} ms  (inside the probe)`,
      `  cold first invocation (median)  ${coldMedian((run) => run.firstMs)} ms  (secret fetch + TLS connect + query)`,
      ...baselineColdLines,
    ];
    console.log(
      [
        '',
        `api-lambda benchmark (throwaway MariaDB over TLS${proxy ? ', the handlers through rds-proxy-local' : ''}, local Secrets Manager endpoint)`,
        ...lines,
      ].join('\n'),
    );
  } finally {
    await proxy?.stop();
    await secrets.stop();
    await server.destroy();
  }
}

const COLD_START_PROBE = `
const t0 = process.hrtime.bigint();
const { handler } = require(process.env.BENCH_BUNDLE);
const t1 = process.hrtime.bigint();
const event = { version: '2.0', rawPath: '/time', rawQueryString: '', headers: {},
  requestContext: { http: { method: 'GET', path: '/time' }, requestId: 'cold' } };
handler(event, { awsRequestId: 'cold', functionName: 'bench', getRemainingTimeInMillis: () => 30000 }).then((result) => {
  const t2 = process.hrtime.bigint();
  if (result.statusCode !== 200) { console.error(result.body); process.exit(1); }
  console.log(JSON.stringify({ loadMs: Number(t1 - t0) / 1e6, firstMs: Number(t2 - t1) / 1e6 }));
  process.exit(0);
});`;

/** BENCH_THROUGH_PROXY=1: the raw loop through the proxy, the ratios against it, and the proxy's own counters. */
async function proxyLines(
  proxy: ProxyProcess,
  rates: Record<string, { roundSeconds: number[]; calls: number }>,
  busyRates: Record<string, { roundSeconds: number[] }> | undefined,
): Promise<string[]> {
  const metrics = await proxy.metrics();
  const busy = busyRates
    ? [
        `ratio ours / raw via proxy, busy  ${(100 * medianRatio(busyRates['ours'], busyRates['rawProxy'])).toFixed(0).padStart(7)}%`,
      ]
    : [];
  return [
    `raw mysql2 loop through the proxy ${medianRate(rates['rawProxy']).toFixed(0).padStart(7)} queries/s      (${rates['rawProxy'].calls} calls)`,
    `ratio raw via proxy / raw direct  ${(100 * medianRatio(rates['rawProxy'], rates['raw'])).toFixed(0).padStart(7)}%   (the proxy hop)`,
    `ratio ours / raw via proxy        ${(100 * medianRatio(rates['ours'], rates['rawProxy'])).toFixed(0).padStart(7)}%   (both through the proxy)`,
    ...busy,
    `proxy: pinned now / DB conns now  ${String(metrics['DatabaseConnectionsCurrentlySessionPinned']).padStart(7)} / ${metrics['DatabaseConnections']}   (QueryRequests ${metrics['QueryRequests']}, ClientConnectionsReceived ${metrics['ClientConnectionsReceived']})`,
  ];
}

/** BENCH_BASELINE_BUNDLE: the baseline's warm ratios to the raw loop, and ours against it, from the same rounds. */
function baselineWarmLines(
  rates: Record<string, { roundSeconds: number[] }>,
  busyRates: Record<string, { roundSeconds: number[] }> | undefined,
): string[] {
  const percent = (value: number) => `${(100 * value).toFixed(0).padStart(7)}%`;
  return [
    `ratio baseline / raw loop         ${percent(medianRatio(rates['baseline'], rates['raw']))}`,
    `ratio ours / baseline             ${percent(medianRatio(rates['ours'], rates['baseline']))}`,
    ...(busyRates
      ? [
          `ratio baseline / raw, busy        ${percent(medianRatio(busyRates['baseline'], busyRates['raw']))}`,
          `ratio ours / baseline, busy       ${percent(medianRatio(busyRates['ours'], busyRates['baseline']))}`,
        ]
      : []),
  ];
}

/** Rate of the median round: bursts of load from other processes move it less than the total. */
function medianRate(rate: { roundSeconds: number[] }): number {
  return Math.ceil(WARM_CALLS / ROUNDS) / median(rate.roundSeconds);
}

interface ColdRun {
  readonly bareMs: number;
  readonly probeMs: number;
  readonly overBareMs: number;
  readonly loadMs: number;
  readonly firstMs: number;
}

async function wallMs(script: string, bundle: string): Promise<{ ms: number; stdout: string }> {
  const startedAt = process.hrtime.bigint();
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    env: { ...process.env, BENCH_BUNDLE: bundle },
    timeout: 30_000,
  });
  return { ms: Number(process.hrtime.bigint() - startedAt) / 1e6, stdout };
}

async function coldStart(bundle: string): Promise<ColdRun> {
  const bare = await wallMs('0', bundle);
  const probe = await wallMs(COLD_START_PROBE, bundle);
  const { loadMs, firstMs } = JSON.parse(probe.stdout.trim().split('\n').pop() as string);
  return { bareMs: bare.ms, probeMs: probe.ms, overBareMs: probe.ms - bare.ms, loadMs, firstMs };
}

/** Runs `work` while a child process spins on the CPU (on 2 cores: the other one), then stops it. */
async function whileOtherCoreBusy<T>(work: () => Promise<T>): Promise<T> {
  const spinner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => spinner.once('exit', resolve));
  try {
    // Let it get scheduled before the first round.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return await work();
  } finally {
    spinner.kill();
    await exited;
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
