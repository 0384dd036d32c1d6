import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { describeStartupError } from './exit-on-config-error';

describe('a configuration error while an entry point loads', () => {
  it('is one line naming the file and the field, exit code 2; INFRA_DEBUG=1 keeps the stack', () => {
    const error = new ConfigError('vpcCidr', 'is not private address space.', 'apps/infra/src/config/prod.ts');
    expect(describeStartupError(error, false)).toEqual({
      message: 'infra: apps/infra/src/config/prod.ts: vpcCidr: is not private address space.',
      exitCode: 2,
    });
    expect(describeStartupError(error, true)?.message).toMatch(/\n\s+at /);
    expect(describeStartupError(new Error('boom'), false)).toBeUndefined();
  });

  it('ends a real process that way, without a stack trace', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'config-error-'));
    const entry = path.join(folder, 'entry.ts');
    writeFileSync(
      entry,
      `import '${path.join(__dirname, 'exit-on-config-error')}';\n` +
        `import { ConfigError } from '${path.join(__dirname, '../config/config-error')}';\n` +
        `throw new ConfigError('database.multiAz', 'must be true in prod.', 'apps/infra/src/config/prod.ts');\n`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', entry], {
      encoding: 'utf8',
      env: { ...process.env, INFRA_DEBUG: '' },
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('infra: apps/infra/src/config/prod.ts: database.multiAz: must be true in prod.');
  }, 30_000);
});
