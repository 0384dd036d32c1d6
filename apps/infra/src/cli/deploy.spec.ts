import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PLACEHOLDER_ACCOUNT_ID, PLACEHOLDER_ALERT_EMAIL } from '../config';
import { cdktfInvocation, refusePlaceholders } from './deploy';
import { parseCommandLine } from './options';

describe('cdktfInvocation', () => {
  it('GIVEN --env=dev WHEN deploying THEN it runs the workspace cdktf-cli for the dev stack only', () => {
    const { command, args } = cdktfInvocation('deploy', ['--env=dev']);
    expect(path.basename(command)).toBe('cdktf');
    expect(command).toContain(path.join('node_modules', '.bin'));
    expect(args).toEqual(['deploy', 'dev']);
  });

  it('GIVEN --env=state THEN it deploys the state stack (run once, before any environment)', () => {
    expect(cdktfInvocation('deploy', ['--env=state']).args).toEqual(['deploy', 'state']);
  });

  it('GIVEN no --env THEN it defaults to dev', () => {
    expect(cdktfInvocation('destroy', []).args).toEqual(['destroy', 'dev']);
  });

  it('GIVEN --auto-approve for dev THEN cdktf gets --auto-approve', () => {
    expect(cdktfInvocation('deploy', ['--env=dev', '--auto-approve']).args).toEqual([
      'deploy',
      'dev',
      '--auto-approve',
    ]);
  });

  it('GIVEN --auto-approve for prod without --yes-i-mean-prod THEN it refuses', () => {
    expect(() => cdktfInvocation('deploy', ['--env=prod', '--auto-approve'])).toThrow(
      'refusing to deploy prod with --auto-approve: add --yes-i-mean-prod if you really mean it.',
    );
    expect(() => cdktfInvocation('destroy', ['--env=prod', '--auto-approve'])).toThrow(/refusing to destroy prod/);
  });

  it('GIVEN --auto-approve and --yes-i-mean-prod for prod THEN cdktf gets --auto-approve', () => {
    expect(cdktfInvocation('deploy', ['--env=prod', '--auto-approve', '--yes-i-mean-prod']).args).toEqual([
      'deploy',
      'prod',
      '--auto-approve',
    ]);
  });

  it('GIVEN prod without --auto-approve THEN cdktf asks for approval interactively', () => {
    expect(cdktfInvocation('deploy', ['--env=prod']).args).toEqual(['deploy', 'prod']);
  });
});

describe('cdktfInvocation --saved-plan', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'infra-deploy-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const savePlan = (stack: string) => {
    mkdirSync(path.join(outdir, 'stacks', stack), { recursive: true });
    writeFileSync(path.join(outdir, 'stacks', stack, 'tfplan'), 'a saved plan');
  };

  it('GIVEN the plan infra:plan saved THEN terraform applies exactly that plan, with no prompt', () => {
    savePlan('dev');
    expect(cdktfInvocation('deploy', ['--env=dev', '--saved-plan'], outdir)).toEqual({
      command: 'terraform',
      args: [`-chdir=${path.join(outdir, 'stacks', 'dev')}`, 'apply', '-input=false', 'tfplan'],
    });
  });

  it('GIVEN no saved plan THEN it says to run infra:plan first', () => {
    expect(() => cdktfInvocation('deploy', ['--env=state', '--saved-plan'], outdir)).toThrow(
      /no saved plan in .*stacks\/state: run `nx run infra:plan --env=state` first\./,
    );
  });

  it('GIVEN prod THEN it needs --yes-i-mean-prod, as --auto-approve does', () => {
    savePlan('prod');
    expect(() => cdktfInvocation('deploy', ['--env=prod', '--saved-plan'], outdir)).toThrow(
      'refusing to deploy prod with --saved-plan: add --yes-i-mean-prod if you really mean it.',
    );
    expect(cdktfInvocation('deploy', ['--env=prod', '--saved-plan', '--yes-i-mean-prod'], outdir).command).toBe(
      'terraform',
    );
  });

  it('GIVEN destroy THEN it refuses: a saved plan is a reviewed deploy', () => {
    expect(() => cdktfInvocation('destroy', ['--env=dev', '--saved-plan'], outdir)).toThrow(/only goes with deploy/);
  });
});

describe('parseCommandLine', () => {
  it('GIVEN an unknown stack THEN it names --env and the choices', () => {
    expect(() => parseCommandLine(['--env=staging'], [])).toThrow(
      '--env must be one of state, dev, prod, got "staging".',
    );
  });

  it('GIVEN an unknown flag THEN it fails instead of ignoring it', () => {
    expect(() => parseCommandLine(['--env=dev', '--force'], [])).toThrow(/Unknown option '--force'/);
  });
});

describe('refusePlaceholders', () => {
  const real = { accountId: '210987654321', monitoring: { alertEmails: ['oncall@example.com'] } };

  it('refuses the shipped dev, prod and state configs: they carry placeholders, not anyone’s account', () => {
    expect(() => refusePlaceholders('deploy', 'dev')).toThrow(
      `refusing to deploy dev: apps/infra/src/config/dev.ts still has the placeholder accountId ${PLACEHOLDER_ACCOUNT_ID} and monitoring.alertEmails ${PLACEHOLDER_ALERT_EMAIL}`,
    );
    expect(() => refusePlaceholders('destroy', 'prod')).toThrow(/^refusing to destroy prod: .*prod\.ts/);
    expect(() => refusePlaceholders('deploy', 'state')).toThrow(/state\.ts still has the placeholder accountId/);
  });

  it('refuses an environment while state.ts keeps the placeholder: its backend is the state stack’s bucket', () => {
    const settings = (stack: string) =>
      stack === 'state'
        ? { accountId: PLACEHOLDER_ACCOUNT_ID }
        : { accountId: '210987654321', monitoring: { alertEmails: ['oncall@example.com'] } };
    expect(() => refusePlaceholders('plan', 'dev', settings)).toThrow(
      /^refusing to plan dev \(its state bucket is named after state\.ts's account\): apps\/infra\/src\/config\/state\.ts still has the placeholder accountId/,
    );
  });

  it('lets a config with a real account and a real on-call address through', () => {
    expect(() => refusePlaceholders('deploy', 'dev', () => real)).not.toThrow();
    expect(() => refusePlaceholders('plan', 'prod', () => real)).not.toThrow();
    expect(() =>
      refusePlaceholders('deploy', 'dev', () => ({ ...real, monitoring: { alertEmails: [PLACEHOLDER_ALERT_EMAIL] } })),
    ).toThrow(/monitoring\.alertEmails/);
  });
});
