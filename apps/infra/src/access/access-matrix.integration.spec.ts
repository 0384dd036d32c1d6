// An integration spec (not a unit spec) only for its weight: a few thousand IAM evaluations take ~20 s, which would
// gate `nx affected -t test`, the inner loop. It needs nothing started, built or planned.
import {
  ACCEPTED_DENIAL_EXCEPTIONS,
  ACCEPTED_UNUSED_STATEMENTS,
  acceptedException,
  acceptedUnused,
  checkPolicies,
  checkPrincipals,
  DECLARED_REACH,
  describeReach,
  type EnvironmentUnderTest,
  type MatrixOutcome,
  type MatrixReport,
  PlatformLandmarks,
  requiredRequests,
  runMatrix,
  StackModel,
  type UnusedStatement,
  undeclaredReach,
  unusedStatements,
} from '@rds-platform/access-matrix';
import { markdownTable } from '@rds-platform/markdown-table';
import type { TerraformJson } from '@rds-platform/access-matrix';
import { Testing } from 'cdktf';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENVIRONMENT_NAMES, environments, stateConfig, type EnvironmentName } from '../config';
import { EnvironmentStack } from '../stacks/environment-stack';
import { fakeBundleDirectory } from '../testing/synth-json';
import { sdkCallsOf } from './sdk-calls';

// The access matrix of each synthesized environment, evaluated by a real IAM engine (@cloud-copilot/iam-simulate)
// with the request context each AWS service documents (libs/access-matrix/src/service-requests.ts).

const README = path.resolve(__dirname, '../../../../docs/infrastructure.md');
const bundle = fakeBundleDirectory();

function synthJson(name: EnvironmentName) {
  const stack = new EnvironmentStack(Testing.app(), name, {
    config: environments[name],
    state: stateConfig,
    variant: 'offline',
    lambdaBundles: { apiLambda: bundle, rotationLambda: bundle },
  });
  return JSON.parse(Testing.synth(stack));
}

function environmentUnderTest(name: EnvironmentName, json = synthJson(name)): EnvironmentUnderTest {
  const config = environments[name];
  const model = new StackModel(json, { region: config.region, accountId: config.accountId, stack: name });
  return {
    model,
    landmarks: new PlatformLandmarks(model, config.namePrefix),
    options: { appUsername: config.database.appUsername },
  };
}

const underTest = Object.fromEntries(ENVIRONMENT_NAMES.map((name) => [name, environmentUnderTest(name)])) as Record<
  EnvironmentName,
  EnvironmentUnderTest
>;
// Evaluated once per run, before the specs read them: a few thousand simulations take seconds on a busy machine.
const reports = new Map<EnvironmentName, MatrixReport>();
const unused = new Map<EnvironmentName, UnusedStatement[]>();
const reach = new Map<EnvironmentName, string[]>();
beforeAll(async () => {
  for (const name of ENVIRONMENT_NAMES) {
    const others = ENVIRONMENT_NAMES.filter((other) => other !== name).map((other) => underTest[other]);
    reports.set(name, await runMatrix(underTest[name], others));
    unused.set(name, await unusedStatements(underTest[name]));
    const { landmarks } = underTest[name];
    reach.set(
      name,
      (await undeclaredReach(landmarks, DECLARED_REACH)).map((found) => describeReach(found, landmarks)),
    );
  }
}, 180_000);

const failures = (outcomes: readonly MatrixOutcome[]) =>
  outcomes
    .filter((outcome) => !outcome.ok && !acceptedException(outcome.id, ACCEPTED_DENIAL_EXCEPTIONS))
    .map((outcome) => `${outcome.id}: ${outcome.decision}`);

/** The README's table of the matrix: one row per environment. */
function matrixTable(rows: [EnvironmentName, MatrixReport][]): string {
  const denied = (outcomes: readonly MatrixOutcome[]) => outcomes.filter((outcome) => outcome.decision !== 'Allowed');
  const accepted = (outcomes: readonly MatrixOutcome[]) =>
    outcomes.filter((outcome) => outcome.decision === 'Allowed' && outcome.expected === 'denied').length;
  return markdownTable(
    [
      'environment',
      'required: allowed',
      'forbidden: denied',
      'from another account: denied',
      'at the other environment: denied',
    ],
    rows.map(([name, report]) => [
      `\`${name}\``,
      `${report.required.filter((outcome) => outcome.decision === 'Allowed').length} of ${report.required.length}`,
      `${denied(report.forbidden).length} of ${report.forbidden.length}`,
      `${denied(report.otherAccount).length} of ${report.otherAccount.length} (${accepted(report.otherAccount)} accepted)`,
      `${denied(report.otherEnvironment).length} of ${report.otherEnvironment.length} (${accepted(report.otherEnvironment)} accepted)`,
    ]),
  );
}

describe.each(ENVIRONMENT_NAMES)('the access matrix of %s', (name) => {
  const environment = underTest[name];

  it('allows every request the system makes at runtime', async () => {
    const { required } = reports.get(name)!;
    expect(required.length).toBeGreaterThan(100);
    expect(required.filter((outcome) => !outcome.ok).map((outcome) => `${outcome.id}: ${outcome.decision}`)).toEqual(
      [],
    );
  });

  it('denies what least privilege forbids each workload', async () => {
    const { forbidden } = reports.get(name)!;
    expect(forbidden.length).toBeGreaterThan(30);
    // No accepted exception excuses a FORBIDDEN request.
    expect(forbidden.filter((outcome) => !outcome.ok).map((outcome) => `${outcome.id}: ${outcome.decision}`)).toEqual(
      [],
    );
  });

  it('denies every runtime request made from another account, but for the accepted exceptions', async () => {
    const { otherAccount } = reports.get(name)!;
    expect(otherAccount.length).toBeGreaterThan(100);
    expect(failures(otherAccount)).toEqual([]);
  });

  it("denies every runtime request aimed at the other environment's twin, but for the accepted exceptions", async () => {
    const { otherEnvironment } = reports.get(name)!;
    expect(otherEnvironment.length).toBeGreaterThan(50);
    expect(failures(otherEnvironment)).toEqual([]);
  });

  it('has no grant that no runtime request uses, but for the accepted ones', async () => {
    expect(
      unused
        .get(name)!
        .filter((statement) => !acceptedUnused(statement, environments[name].accountId))
        .map((statement) => `${statement.policy} ${statement.statement}`),
    ).toEqual([]);
  });

  it('lets no role reach a protected asset outside its declared set, directly or through an escalation path', () => {
    expect(reach.get(name)).toEqual([]);
  });

  it('reads every policy of the stack (no resource type, attachment or boundary it cannot evaluate)', () => {
    expect(environment.model.unreadable).toEqual([]);
  });

  it('names no principal outside the stack: its account, its roles, the documented services; no NotAction', () => {
    expect(checkPrincipals(environment.model).map((f) => `${f.policy} ${f.statement}: ${f.problem}`)).toEqual([]);
  });

  it('has only real actions, no wildcard reaching a permissions-management action, and no condition key that never applies', async () => {
    const findings = await checkPolicies(environment.model.allPolicies().map(({ policy }) => policy));
    expect(findings.map((finding) => `${finding.policy} ${finding.statement}: ${finding.problem}`)).toEqual([]);
  });

  it("grants every AWS call in each Lambda's sources to that Lambda's role (a new call without a grant fails)", () => {
    const required = requiredRequests(environment.landmarks, environment.options);
    const actionsOf = (functionShortNames: string[]) => {
      const roles = environment.landmarks.functions
        .filter((fn) => functionShortNames.includes(fn.shortName))
        .map((fn) => fn.roleArn);
      return new Set(
        required.filter((entry) => roles.includes(entry.request.principal)).map((entry) => entry.request.action),
      );
    };
    // The API bundle runs in one function. Rotation and bootstrap share a bundle: its calls must each be granted
    // to at least one of the two (which handler makes which call is not read from the sources).
    const bundles = [
      { entry: 'apps/api-lambda/src/index.ts', functions: ['api'], neverCalled: {} },
      {
        entry: 'apps/rotation-lambda/src/index.ts',
        functions: ['secret-rotation', 'db-bootstrap'],
        neverCalled: {
          'rds-db:connect':
            "db-client's IAM mode is in the bundle, but rotation and bootstrap log in with passwords from the secrets",
        } as Record<string, string>,
      },
    ];
    const apiMode = environments[name].authMode;
    for (const { entry, functions, neverCalled } of bundles) {
      const granted = actionsOf(functions);
      const calls = sdkCallsOf(entry);
      expect(calls.size).toBeGreaterThan(0);
      // Each exception names a call the sources still contain.
      expect(Object.keys(neverCalled).filter((action) => !calls.has(action))).toEqual([]);
      for (const action of Object.keys(neverCalled)) calls.delete(action);
      // The API calls Secrets Manager in secret mode and signs rds-db tokens in iam mode, never both.
      const used = [...calls.keys()].filter(
        (action) =>
          !functions.includes('api') ||
          (apiMode === 'iam' ? action !== 'secretsmanager:GetSecretValue' : action !== 'rds-db:connect'),
      );
      expect(used.filter((action) => !granted.has(action))).toEqual([]);
    }
  });
});

describe('who can reach what, after a hostile change to dev', () => {
  // Each change gives the API role one escalation step towards the bootstrap role, which reads the master secret.
  const bootstrapFunction = 'arn:aws:lambda:ap-northeast-2:111111111111:function:rdsp-dev-db-bootstrap';
  const bootstrapRole = 'arn:aws:iam::111111111111:role/rdsp-dev-db-bootstrap';
  const withApiStatement = (statement: Record<string, unknown>) => (json: TerraformJson) => {
    const policy = Object.values(json.resource.aws_iam_role_policy as Record<string, TerraformJson>).find((candidate) =>
      String(candidate.role).includes('api-function'),
    )!;
    const document = JSON.parse(policy.policy);
    document.Statement.push({ Sid: 'Hostile', Effect: 'Allow', ...statement });
    policy.policy = JSON.stringify(document);
  };
  it.each<[string, (json: TerraformJson) => void, string]>([
    [
      'the API may change the bootstrap function’s code',
      withApiStatement({ Action: 'lambda:UpdateFunctionCode', Resource: bootstrapFunction }),
      'rdsp-dev-api -[lambda:UpdateFunctionCode on rdsp-dev-db-bootstrap]-> rdsp-dev-db-bootstrap reaches the master secret (its value)',
    ],
    [
      'the API may pass the bootstrap role to a function it creates',
      withApiStatement({ Action: ['iam:PassRole', 'lambda:CreateFunction'], Resource: [bootstrapRole, '*'] }),
      'rdsp-dev-api -[iam:PassRole to a new function]-> rdsp-dev-db-bootstrap reaches the master secret (its value)',
    ],
    [
      'the API may rewrite its own policy',
      withApiStatement({ Action: 'iam:PutRolePolicy', Resource: 'arn:aws:iam::111111111111:role/rdsp-dev-api' }),
      'rdsp-dev-api -[iam:PutRolePolicy on itself]-> anything it grants itself reaches the master secret (its value)',
    ],
    [
      'the bootstrap role trusts the API role',
      (json) => {
        const role = Object.values(json.resource.aws_iam_role as Record<string, TerraformJson>).find(
          (candidate) => candidate.name === 'rdsp-dev-db-bootstrap',
        )!;
        const trust = JSON.parse(role.assume_role_policy);
        trust.Statement.push({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:role/rdsp-dev-api' },
          Action: 'sts:AssumeRole',
        });
        role.assume_role_policy = JSON.stringify(trust);
        withApiStatement({ Action: 'sts:AssumeRole', Resource: bootstrapRole })(json);
      },
      'rdsp-dev-api -[sts:AssumeRole]-> rdsp-dev-db-bootstrap reaches the master secret (its value)',
    ],
  ])(
    'finds the path when %s',
    async (_name, change, path) => {
      const json = synthJson('dev');
      change(json);
      const { landmarks } = environmentUnderTest('dev', json);
      const found = (await undeclaredReach(landmarks, DECLARED_REACH)).map((item) => describeReach(item, landmarks));
      expect(found).toContain(path);
    },
    60_000,
  );
});

describe('the accepted exceptions', () => {
  it('each still happens somewhere (an exception that no longer applies must go)', async () => {
    const all = [...reports.values()].flatMap((report) => [...report.otherAccount, ...report.otherEnvironment]);
    for (const exception of ACCEPTED_DENIAL_EXCEPTIONS) {
      expect(all.some((outcome) => !outcome.ok && exception.id.test(outcome.id))).toBe(true);
    }
    const allUnused = [...unused.values()].flat();
    for (const exception of ACCEPTED_UNUSED_STATEMENTS) {
      expect(allUnused.some((statement) => acceptedUnused(statement, '111111111111') === exception)).toBe(true);
    }
  });
});

describe('the README', () => {
  it('states the matrix counts exactly as evaluated (regenerate the table from this spec)', async () => {
    const rows = await Promise.all(ENVIRONMENT_NAMES.map(async (name) => [name, reports.get(name)!] as const));
    const table = matrixTable(rows.map(([name, report]) => [name, report]));
    console.log(`Access matrix:\n${table}`);
    expect(readFileSync(README, 'utf8')).toContain(table);
  });
});
