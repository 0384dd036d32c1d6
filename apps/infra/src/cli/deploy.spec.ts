import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { environments, PLACEHOLDER_ACCOUNT_ID, PLACEHOLDER_ALERT_EMAIL, stateConfig } from '../config';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import {
  cdktfInvocation,
  checkDeployAccount,
  DeployCredentialsError,
  deployEnvironment,
  EXIT_CREDENTIALS,
  refusePlaceholders,
} from './deploy';
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
  const real = { accountId: '210987654321', monitoring: { alertEmails: ['oncall@acme-corp.kr'] } };

  // The committed configs, without any deploy/<stack>.json this clone may have.
  const committed = (stack: string) => (stack === 'state' ? stateConfig : environments[stack as 'dev' | 'prod']);

  it('refuses the shipped dev, prod and state configs: they carry placeholders, not anyone’s account', () => {
    expect(() => refusePlaceholders('deploy', 'dev', committed)).toThrow(
      `refusing to deploy dev: the dev settings still have the placeholder accountId ${PLACEHOLDER_ACCOUNT_ID} and monitoring.alertEmails ${PLACEHOLDER_ALERT_EMAIL}; set your own in deploy/dev.json`,
    );
    expect(() => refusePlaceholders('destroy', 'prod', committed)).toThrow(
      /^refusing to destroy prod: .*deploy\/prod\.json/,
    );
    expect(() => refusePlaceholders('deploy', 'state', committed)).toThrow(
      /the state settings still have the placeholder accountId .*deploy\/state\.json/,
    );
  });

  it('refuses an environment while state.ts keeps the placeholder: its backend is the state stack’s bucket', () => {
    const settings = (stack: string) =>
      stack === 'state'
        ? { accountId: PLACEHOLDER_ACCOUNT_ID }
        : { accountId: '210987654321', monitoring: { alertEmails: ['oncall@acme-corp.kr'] } };
    expect(() => refusePlaceholders('plan', 'dev', settings)).toThrow(
      /^refusing to plan dev \(its state bucket is named after the state stack's account\): the state settings still have the placeholder accountId/,
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

describe('deployEnvironment', () => {
  it('turns off HashiCorp checkpoint calls always, and asks cdktf-cli for plain lines when the output is not a terminal', () => {
    // https://developer.hashicorp.com/terraform/cli/commands#disabling-checkpoint
    expect(deployEnvironment({ PATH: '/bin' }, false)).toEqual({ PATH: '/bin', CHECKPOINT_DISABLE: '1', CI: 'true' });
    expect(deployEnvironment({ PATH: '/bin' }, true)).toEqual({ PATH: '/bin', CHECKPOINT_DISABLE: '1' });
    // A CI setting of the caller's own stays as it is.
    expect(deployEnvironment({ CI: 'false' }, false)).toEqual({ CI: 'false', CHECKPOINT_DISABLE: '1' });
  });
});

describe('checkDeployAccount', () => {
  // aws-sdk-client-mock answers for STS; nothing reaches AWS.
  const sts = mockClient(STSClient);
  afterEach(() => sts.reset());
  const dev = { accountId: '210987654321', region: 'ap-northeast-2' };

  it('lets credentials of the stack’s own account through', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '210987654321', Arn: 'arn:aws:iam::210987654321:user/ci' });
    await expect(checkDeployAccount('dev', dev, new STSClient({ region: dev.region }))).resolves.toBeUndefined();
  });

  it('refuses credentials of another account, naming both and the settings file', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999' });
    await expect(checkDeployAccount('dev', dev, new STSClient({ region: dev.region }))).rejects.toThrow(
      new DeployCredentialsError(
        "the AWS credentials are account 999999999999's, but dev deploys to 210987654321 (deploy/dev.json): use credentials of that account.",
      ),
    );
  });

  it('says what to set when there are no credentials at all (GetCallerIdentity needs no permission)', async () => {
    sts.on(GetCallerIdentityCommand).rejects(new Error('Could not load credentials from any providers\nmore detail'));
    const failure = checkDeployAccount('prod', dev, new STSClient({ region: dev.region }));
    await expect(failure).rejects.toBeInstanceOf(DeployCredentialsError);
    await expect(failure).rejects.toThrow(
      'no usable AWS credentials to deploy prod (Could not load credentials from any providers): set AWS_PROFILE',
    );
    expect(EXIT_CREDENTIALS).toBe(3);
  });
});
