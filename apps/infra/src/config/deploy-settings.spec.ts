import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deployedEnvironment, deployedStateConfig, environments, stateConfig } from '.';
import { refusePlaceholders } from '../cli/deploy';

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'deploy-settings-'));
  mkdirSync(path.join(workspace, 'deploy'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

const write = (stack: string, settings: unknown) =>
  writeFileSync(
    path.join(workspace, 'deploy', `${stack}.json`),
    typeof settings === 'string' ? settings : JSON.stringify(settings),
  );

const mine = {
  accountId: '210987654321',
  region: 'us-west-2',
  azNames: ['us-west-2a', 'us-west-2b'],
  alertEmails: ['oncall@acme-corp.kr'],
};

describe('deploy/<stack>.json', () => {
  it('is optional: without one, a deployment uses the committed config', () => {
    expect(deployedEnvironment('dev', workspace)).toBe(environments.dev);
    expect(deployedStateConfig(workspace)).toBe(stateConfig);
  });

  it('sets account, region, AZs and alert subscribers of an environment, and nothing else changes', () => {
    write('dev', mine);

    const deployed = deployedEnvironment('dev', workspace);

    expect(deployed).toMatchObject({
      accountId: mine.accountId,
      region: mine.region,
      azNames: mine.azNames,
      monitoring: { alertEmails: mine.alertEmails },
    });
    expect({ ...deployed, accountId: 0, region: 0, azNames: 0, monitoring: 0 }).toEqual({
      ...environments.dev,
      accountId: 0,
      region: 0,
      azNames: 0,
      monitoring: 0,
    });
    expect(deployed.monitoring.alertHttpsEndpoints).toEqual(environments.dev.monitoring.alertHttpsEndpoints);
  });

  it("lets a deploy through once every placeholder is replaced, and refuses while the state stack's is not", () => {
    write('dev', mine);
    const settingsOf = (stack: string) =>
      stack === 'state' ? deployedStateConfig(workspace) : deployedEnvironment(stack as 'dev', workspace);

    expect(() => refusePlaceholders('deploy', 'dev', settingsOf)).toThrow(/state settings.*deploy\/state\.json/);
    write('state', { accountId: '210987654321', region: 'us-west-2' });
    expect(() => refusePlaceholders('deploy', 'dev', settingsOf)).not.toThrow();
    expect(deployedStateConfig(workspace)).toMatchObject({ accountId: '210987654321', region: 'us-west-2' });
  });

  it.each([
    ['an unknown key (a typo)', { acountId: '210987654321' }, 'deploy/dev.json: acountId: is not a deploy setting'],
    ['a value of the wrong type', { azNames: 'us-west-2a' }, 'deploy/dev.json: azNames: must be a list of strings'],
    ['not JSON', '{ accountId: 1 ', 'deploy/dev.json: (file): is not valid JSON'],
    ['not an object', '[]', 'deploy/dev.json: (file): must be one JSON object'],
    // The merged config passes the same rules as the committed one, and the error names both places.
    ['a bad account id', { accountId: '2109876543' }, 'deploy/dev.json over apps/infra/src/config/dev.ts: accountId'],
    [
      'a region whose AZs were not given',
      { region: 'us-west-2' },
      'deploy/dev.json over apps/infra/src/config/dev.ts: azNames: "ap-northeast-2a" is not an AZ of us-west-2',
    ],
  ])('refuses %s with one line naming the file and the key', (_, settings, message) => {
    write('dev', settings);
    expect(() => deployedEnvironment('dev', workspace)).toThrow(message);
  });

  it('for the state stack takes only account and region', () => {
    write('state', { accountId: '210987654321', alertEmails: ['x@example.com'] });
    expect(() => deployedStateConfig(workspace)).toThrow('deploy/state.json: alertEmails: is not a deploy setting');
  });
});

describe('deploy settings that must still be refused', () => {
  const settingsOf = (stack: string) =>
    stack === 'state' ? deployedStateConfig(workspace) : deployedEnvironment(stack as 'dev', workspace);

  it('refuses deploy/dev.example.json copied verbatim: its account is the one AWS documentation uses', () => {
    write('dev', JSON.parse(readFileSync(path.resolve(__dirname, '../../../../deploy/dev.example.json'), 'utf8')));
    write('state', { accountId: '123456789012' });
    expect(() => refusePlaceholders('deploy', 'dev', settingsOf)).toThrow(
      /placeholder accountId 123456789012 and monitoring.alertEmails oncall@example.com/,
    );
  });

  it.each([
    'Replace-Me-With-Your-On-Call-Address@example.invalid',
    'oncall@EXAMPLE.com',
    'oncall@alerts.example.org',
    'oncall@acme.test',
  ])('refuses an alert address at a domain reserved for documentation: %s', (address) => {
    write('dev', { ...mine, alertEmails: [address] });
    write('state', { accountId: mine.accountId, region: mine.region });
    expect(() => refusePlaceholders('deploy', 'dev', settingsOf)).toThrow(`monitoring.alertEmails ${address}`);
  });

  it('refuses an environment whose account is not the state bucket’s', () => {
    write('dev', mine);
    write('state', { accountId: '333333333333', region: 'us-east-1' });
    expect(() => refusePlaceholders('deploy', 'dev', settingsOf)).toThrow(
      'refusing to deploy dev: it deploys to account 210987654321 but its state bucket is in 333333333333 (deploy/state.json)',
    );
  });
});

describe('deploy settings in another partition', () => {
  it.each(['cn-north-1', 'us-gov-west-1'])('refuses %s: the ARNs the constructs write are arn:aws', (region) => {
    write('dev', { ...mine, region, azNames: [`${region}a`, `${region}b`] });
    expect(() => deployedEnvironment('dev', workspace)).toThrow(`region: ${region} is in another AWS partition`);
  });
});
