// `npx nx run api-lambda:bench`: warm GET /time throughput of the built bundle against a seed-style handler and a raw
// mysql2 loop, resource use per 1,000 invocations, bundle size and cold start. Prints numbers; asserts nothing.
import { execFile } from 'node:child_process';
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

const BUNDLE_BUDGET_BYTES = (
  JSON.parse(readFileSync(path.resolve('tools/lambda-bundle-budget.json'), 'utf8')) as {
    maxBytes: number;
  }
).maxBytes;

const BUNDLE = path.resolve('dist/apps/api-lambda/index.js');
const WARM_CALLS = Number(process.env['BENCH_CALLS'] ?? 6000);
const SEED_CALLS = Math.max(50, Math.round(WARM_CALLS / 30));
const ROUNDS = 20;

async function main(): Promise<void> {
  const server = await startMariaDb({ tls: true });
  const secrets = await startSecretsManagerStandIn();
  try {
    const user = { database: 'app', user: 'serverless', password: 'bench-password' };
    await createAppUser(server, user);
    const admin = createDbClient(dbClientConfigFromUrl(server.url({ database: 'app' }), { tls: { mode: 'disabled' } }));
    await runMigrations((sql, params) => admin.query(sql, params));
    await admin.close();
    const secretArn = secrets.createSecret('bench', JSON.stringify({ username: user.user, password: user.password }));
    const caFile = server.caFile as string;
    const env = {
      ...secrets.clientEnv(),
      DB_SECRET_ARN: secretArn,
      DB_HOST: server.host,
      DB_PORT: String(server.port),
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

    secrets.resetCallCounts();
    const connectionsBefore = await server.statusValue('Connections');
    const rates = await interleavedRates(ROUNDS, Math.ceil(WARM_CALLS / ROUNDS), { ours: invokeTime, raw: rawQuery });
    // Minus the statusValue call's own connection; the raw loop's connection was opened before.
    const connectionsOpened = (await server.statusValue('Connections')) - connectionsBefore - 1;
    const secretCalls = secrets.callCount('GetSecretValue');
    const { ours, raw: rawRate } = rates;
    await raw.end();

    // 3. Seed style: secret + connect + query + close per call.
    const seed = seedStyleHandler({
      secretArn,
      host: server.host,
      port: server.port,
      database: 'app',
      ca: readFileSync(caFile, 'utf8'),
    });
    await seed();
    const seedRate = await rateOf(SEED_CALLS, seed);

    // 4. Cold start: a fresh process loads the bundle and serves one request.
    // Sequential and asynchronous: the Secrets Manager stand-in runs in this process and must keep answering.
    const coldRuns: { loadMs: number; firstMs: number }[] = [];
    for (let run = 0; run < 3; run++) coldRuns.push(await coldStart());

    const per1000 = (count: number) => ((count * 1000) / ours.calls).toFixed(2);
    const lines = [
      `warm GET /time, built bundle      ${medianRate(ours).toFixed(0).padStart(7)} invocations/s  (${ours.calls} calls)`,
      `seed-style handler                ${seedRate.perSecond.toFixed(0).padStart(7)} invocations/s  (${seedRate.calls} calls)`,
      `raw mysql2 loop, one connection   ${medianRate(rawRate).toFixed(0).padStart(7)} queries/s      (${rawRate.calls} calls)`,
      `ratio ours / seed-style           ${(medianRate(ours) / seedRate.perSecond).toFixed(1).padStart(7)}x   (target >= 10x)`,
      `ratio ours / raw loop             ${(100 * medianRatio(ours, rawRate)).toFixed(0).padStart(7)}%   (target >= 80%; median of ${ROUNDS} interleaved rounds)`,
      `Secrets Manager calls / 1,000     ${per1000(secretCalls).padStart(7)}    (target <= 1)`,
      `DB connections opened / 1,000     ${per1000(connectionsOpened).padStart(7)}    (target <= 1)`,
      `bundle size                       ${statSync(BUNDLE).size.toLocaleString('en-US').padStart(7)} bytes (budget ${BUNDLE_BUDGET_BYTES.toLocaleString('en-US')}, tools/lambda-bundle-budget.json)`,
      `cold module load (median of 3)    ${median(coldRuns.map((run) => run.loadMs))
        .toFixed(0)
        .padStart(7)} ms`,
      `cold first invocation (median)    ${median(coldRuns.map((run) => run.firstMs))
        .toFixed(0)
        .padStart(7)} ms  (secret fetch + TLS connect + query)`,
    ];
    console.log(
      ['', 'api-lambda benchmark (throwaway MariaDB over TLS, local Secrets Manager endpoint)', ...lines].join('\n'),
    );
  } finally {
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

/** Rate of the median round: bursts of load from other processes move it less than the total. */
function medianRate(rate: { roundSeconds: number[] }): number {
  return Math.ceil(WARM_CALLS / ROUNDS) / median(rate.roundSeconds);
}

async function coldStart(): Promise<{ loadMs: number; firstMs: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', COLD_START_PROBE], {
    env: { ...process.env, BENCH_BUNDLE: BUNDLE },
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
