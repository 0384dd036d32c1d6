// `npx nx run tools:bench-tests` (not a test; nothing here asserts a time): what the README test command costs,
// measured against one offline terraform plan of dev on the same machine, in the same run.
//
// 1. Synthesizes the offline variant (apps/infra/src/main.ts --offline) into a temp folder, runs `terraform init` once
//    in the dev stack, then times `terraform plan` alone and `show -json`; "plan including init" is init + plan.
// 2. Times `nx run-many -t test` (every unit spec: what `nx affected -t test` runs at most), then `nx affected -t test`
//    after a change in db-client and `infra:test` alone, without the Nx cache, then the same `nx affected` with the
//    cache on (a throwaway one, filled first) after a real one-line change to db-client, restored afterwards: the
//    inner loop as a developer runs it (`--quick` stops after these).
// 3. Times the README test command (`npm test`: prettier, lint, typecheck, test, integration) with the Nx cache
//    skipped, as CI runs it.
// The plan is timed twice before and twice after the test runs and the median taken, so that a neighbour's load on
// the shared cores weighs on both sides of the ratio; the load average is printed with each step.
// Then prints the ratios. Compare runs by their ratios, not their seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mirror = process.env.TF_PROVIDER_MIRROR || '/opt/tf-plugins';
const PLAN_REPEATS = 2;
// `--quick`: the plan and the unit-spec steps only (1, 2, 2b), not the whole README test command.
const quick = process.argv.includes('--quick');

// A clean Nx environment for the nested runs: nothing of the bench task itself, and every task run, not replayed.
const nestedEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NX_TASK_')));
Object.assign(nestedEnv, {
  CI: 'true',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_SKIP_NX_CACHE: 'true',
});

function fail(message) {
  console.error(`bench-tests: ${message}`);
  process.exit(1);
}

/**
 * CPU seconds (user + system) of this process's waited-for children so far, from /proc/self/stat (Linux; null
 * elsewhere). Less sensitive than wall time to a neighbour's load on the shared cores, though not immune to it.
 */
function childrenCpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // Fields 16 and 17 of stat(5), cutime and cstime, in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/** Runs a command and returns its wall time and its CPU time in seconds; output goes to `log` (a file) or is captured. */
function timed(command, args, { cwd = root, env = process.env, log } = {}) {
  const started = process.hrtime.bigint();
  const cpuBefore = childrenCpuSeconds();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = childrenCpuSeconds();
  const cpuSeconds = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (log) writeFileSync(log, output);
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    fail(
      `${command} ${args.join(' ')} failed (exit ${result.status}):\n${output.trim().split('\n').slice(-30).join('\n')}`,
    );
  }
  return { seconds, cpuSeconds, output };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const load = () => `load average ${loadavg()[0].toFixed(1)}`;
const s = (seconds) => `${seconds.toFixed(1)} s`;
const cpu = (seconds) => (seconds === null ? '' : `, ${seconds.toFixed(1)} s CPU`);

if (spawnSync('terraform', ['version'], { env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).status !== 0) {
  fail('terraform is not on PATH (README: Offline Terraform).');
}
if (!existsSync(path.join(mirror, 'registry.terraform.io/hashicorp/aws/5.100.0'))) {
  fail(`the AWS provider 5.100.0 is not in the mirror ${mirror} (README: Offline Terraform; TF_PROVIDER_MIRROR).`);
}

const work = mkdtempSync(path.join(tmpdir(), 'bench-tests-'));
try {
  // 1. One offline plan of dev.
  timed(process.execPath, [
    '--import',
    'tsx',
    'apps/infra/src/main.ts',
    '--offline',
    '--outdir',
    path.join(work, 'out'),
  ]);
  const cliConfig = path.join(work, 'terraform.tfrc');
  writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n` +
      '    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n  direct {\n' +
      '    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n',
  );
  const terraformEnv = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
  };
  const dev = { cwd: path.join(work, 'out', 'stacks', 'dev'), env: terraformEnv };
  const init = timed('terraform', ['init', '-input=false', '-no-color'], dev).seconds;
  // The CPU seconds of each plan too, for the CPU ratios of `--quick`.
  const planCpus = [];
  const timePlans = () =>
    Array.from({ length: PLAN_REPEATS }, () => {
      const run = timed('terraform', ['plan', '-input=false', '-no-color', '-lock=false', '-out=tfplan'], dev);
      if (run.cpuSeconds !== null) planCpus.push(run.cpuSeconds);
      return run.seconds;
    });
  const plans = timePlans();
  const show = timed('terraform', ['show', '-json', 'tfplan'], dev).seconds;
  console.log(`offline plan of dev: init ${s(init)}, terraform plan ${plans.map(s).join(', ')} (${load()})`);

  // 2. Every unit spec.
  const { seconds: unit, cpuSeconds: unitCpu } = timed(
    'npx',
    ['nx', 'run-many', '-t', 'test', '--outputStyle=static'],
    {
      env: nestedEnv,
      log: path.join(work, 'unit.log'),
    },
  );
  console.log(`nx run-many -t test (every unit spec, no cache): ${s(unit)}${cpu(unitCpu)} (${load()})`);

  // 2b. The inner loop: what `nx affected -t test` runs after a one-line change in db-client, and infra's unit
  // specs alone (its longest task).
  const { seconds: affected, cpuSeconds: affectedCpu } = timed(
    'npx',
    ['nx', 'affected', '-t', 'test', '--files=libs/db-client/src/index.ts', '--outputStyle=static'],
    { env: nestedEnv, log: path.join(work, 'affected.log') },
  );
  const { seconds: infraUnit, cpuSeconds: infraUnitCpu } = timed(
    'npx',
    ['nx', 'run', 'infra:test', '--outputStyle=static'],
    { env: nestedEnv, log: path.join(work, 'infra-test.log') },
  );
  console.log(
    `nx affected -t test after a change in db-client: ${s(affected)}${cpu(affectedCpu)}; ` +
      `infra:test alone ${s(infraUnit)}${cpu(infraUnitCpu)} (${load()})`,
  );

  // 2c. The inner loop as a developer meets it: the Nx cache on (a throwaway one, filled by one run of every unit
  // spec), then a real one-line change in db-client (restored afterwards). Which tasks run again is decided by each
  // test target's inputs: a target whose specs cannot see the change replays its result from the cache.
  const cacheEnv = { ...nestedEnv, NX_CACHE_DIRECTORY: path.join(work, 'nx-cache') };
  delete cacheEnv.NX_SKIP_NX_CACHE;
  timed('npx', ['nx', 'run-many', '-t', 'test', '--outputStyle=static'], { env: cacheEnv });
  const changedFile = path.join(root, 'libs/db-client/src/index.ts');
  const original = readFileSync(changedFile, 'utf8');
  let warm;
  try {
    // Unique per run: Nx keeps task results beyond this throwaway cache directory too, and an earlier run's change
    // would be replayed instead of run.
    writeFileSync(changedFile, `${original}// bench-tests: a one-line change, ${new Date().toISOString()}\n`);
    warm = timed(
      'npx',
      ['nx', 'affected', '-t', 'test', '--files=libs/db-client/src/index.ts', '--outputStyle=static'],
      {
        env: cacheEnv,
        log: path.join(work, 'affected-cached.log'),
      },
    );
  } finally {
    writeFileSync(changedFile, original);
  }
  const replayed = /read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(
    warm.output,
  );
  // Nx names each task it runs (`> nx run db:test`) and adds `[local cache]` to one it replays.
  const ran = [...warm.output.replace(/\x1b\[[0-9;]*m/g, '').matchAll(/^> nx run ([\w-]+:test)\s*$/gm)].map(
    (match) => match[1],
  );
  if (!ran.includes('db-client:test')) fail('Nx replayed db-client:test after the change: it did not see the change');
  console.log(
    `the same with the Nx cache on (filled by one run first): ${s(warm.seconds)}${cpu(warm.cpuSeconds)}; ` +
      `${replayed ? `${replayed[1]} of ${replayed[2]} tasks replayed from the cache` : 'nothing replayed'}; ` +
      `ran ${ran.join(', ')} (${load()})`,
  );
  if (quick) {
    plans.push(...timePlans());
    const plan = median(plans);
    const planCpu = planCpus.length === plans.length ? median(planCpus) : null;
    const cpuRatio = (seconds) =>
      planCpu === null || seconds === null ? '' : `; CPU ${(seconds / planCpu).toFixed(1)}x`;
    console.log(
      [
        `median terraform plan of dev ${s(plan)}${cpu(planCpu)}`,
        `ratio nx affected -t test (db-client change) / terraform plan of dev: ${(affected / plan).toFixed(1)}x` +
          cpuRatio(affectedCpu),
        `ratio the same, Nx cache on / terraform plan of dev:                ${(warm.seconds / plan).toFixed(1)}x` +
          cpuRatio(warm.cpuSeconds),
        `ratio infra:test / terraform plan of dev:                           ${(infraUnit / plan).toFixed(1)}x` +
          cpuRatio(infraUnitCpu),
        `ratio unit specs / terraform plan of dev:                           ${(unit / plan).toFixed(1)}x` +
          cpuRatio(unitCpu),
      ].join('\n'),
    );
    rmSync(work, { recursive: true, force: true });
    process.exit(0);
  }

  // 3. The README test command.
  const log = path.join(root, 'tmp', 'bench-tests-npm-test.log');
  mkdirSync(path.dirname(log), { recursive: true });
  const { seconds: whole, output } = timed('npm', ['test'], { env: nestedEnv, log });
  const totals = { passed: 0, failed: 0 };
  for (const line of output.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
    if (!line.startsWith('Tests:')) continue;
    totals.passed += Number(/(\d+) passed/.exec(line)?.[1] ?? 0);
    totals.failed += Number(/(\d+) failed/.exec(line)?.[1] ?? 0);
  }
  console.log(
    `npm test (prettier, lint, typecheck, test, integration; no cache): ${s(whole)}, ` +
      `${totals.passed} Jest tests passed, ${totals.failed} failed (${load()}; log: ${path.relative(root, log)})`,
  );
  plans.push(...timePlans());
  const plan = median(plans);
  console.log(
    `offline plan of dev again: terraform plan ${plans.slice(PLAN_REPEATS).map(s).join(', ')} (${load()}); ` +
      `median of all ${s(plan)}, plan including init ${s(init + plan)}, show -json ${s(show)}`,
  );

  console.log(
    [
      `ratio npm test / terraform plan of dev:              ${(whole / plan).toFixed(1)}x`,
      `ratio npm test / plan of dev including init:         ${(whole / (init + plan)).toFixed(1)}x`,
      `ratio npm test / init + plan + show -json of dev:    ${(whole / (init + plan + show)).toFixed(1)}x`,
      `ratio unit specs / terraform plan of dev:            ${(unit / plan).toFixed(1)}x`,
    ].join('\n'),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
