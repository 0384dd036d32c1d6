import { type AccessRequest, evaluate } from './evaluate';
import type { Landmark, PlatformLandmarks } from './platform-matrix';

/**
 * Who can reach what: for each protected asset, every role of the stack that can reach it, directly or through an
 * escalation path (assume a role whose trust names it, change the code or configuration of a function that runs as
 * another role, pass a role to a new function, put or attach a policy on a role), evaluated by the IAM engine. An
 * asset reached by a role outside its declared set is a finding, with the path spelled out.
 */

export interface ProtectedAsset {
  readonly id: string;
  /** The requests that, all allowed, reach the asset (reading a secret takes GetSecretValue and the key's Decrypt). */
  readonly requests: (roleArn: string) => AccessRequest[][];
}

export interface ReachStep {
  readonly from: string;
  readonly how: string;
  readonly to: string;
}

export interface UndeclaredReach {
  readonly asset: string;
  readonly role: string;
  /** From the role to the role that reaches the asset directly (empty when it reaches it itself). */
  readonly path: readonly ReachStep[];
}

const call = (
  principal: string,
  action: string,
  resource: string,
  context: Record<string, string> = {},
): AccessRequest => ({
  principal,
  action,
  resource,
  context: {
    'aws:SecureTransport': 'true',
    'aws:PrincipalArn': principal,
    'aws:PrincipalAccount': principal.split(':')[4],
    ...context,
  },
});

/** The assets of this architecture, each with what reaching it takes. */
export function protectedAssets(landmarks: PlatformLandmarks): ProtectedAsset[] {
  const { region, accountId } = landmarks.model.placement;
  const secretRead = (secret: Landmark) => (role: string) => [
    [
      call(role, 'secretsmanager:GetSecretValue', landmarks.get(secret)),
      call(role, 'kms:Decrypt', landmarks.get('secrets-key'), {
        'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
        'kms:CallerAccount': accountId,
        'kms:EncryptionContext:SecretARN': landmarks.get(secret),
      }),
    ],
  ];
  const onResource = (resource: string, actions: string[]) => (role: string) =>
    actions.map((action) => [call(role, action, resource)]);
  const database = landmarks.get('database');
  const assets: ProtectedAsset[] = [
    { id: 'the app secret (its value)', requests: secretRead('app-secret') },
    { id: 'the master secret (its value)', requests: secretRead('master-secret') },
    { id: 'the database (reboot)', requests: onResource(database, ['rds:RebootDBInstance']) },
    {
      id: 'the database (change, delete, snapshot)',
      requests: onResource(database, ['rds:ModifyDBInstance', 'rds:DeleteDBInstance', 'rds:CreateDBSnapshot']),
    },
    {
      id: 'the database (login as any user)',
      requests: (role) =>
        Object.keys(landmarks.model.values.resources('aws_db_proxy')).map((name) => [
          call(
            role,
            'rds-db:connect',
            `arn:aws:rds-db:${region}:${accountId}:dbuser:${landmarks.model.attribute('aws_db_proxy', name, 'arn').split(':').pop()}/admin`,
          ),
        ]),
    },
    {
      id: 'the alert path (topic and alarms)',
      requests: (role) => [
        [call(role, 'sns:SetTopicAttributes', landmarks.get('topic'))],
        [call(role, 'sns:DeleteTopic', landmarks.get('topic'))],
        ...Object.values(landmarks.model.resources('aws_cloudwatch_metric_alarm')).map((alarm) => [
          call(
            role,
            'cloudwatch:DisableAlarmActions',
            `arn:aws:cloudwatch:${region}:${accountId}:alarm:${alarm.alarm_name}`,
          ),
        ]),
      ],
    },
  ];
  for (const fn of landmarks.functions) {
    assets.push({
      id: `the code of ${fn.name}`,
      requests: onResource(fn.arn, ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration']),
    });
  }
  return assets;
}

/** Escalation edges out of one role: to every other role it can become or act as. */
async function escalations(landmarks: PlatformLandmarks, role: string): Promise<ReachStep[]> {
  const { model } = landmarks;
  const steps: ReachStep[] = [];
  const allowed = async (request: AccessRequest) => (await evaluate(model.evaluation(request))) === 'Allowed';
  for (const other of model.roles.values()) {
    if (other.arn === role) continue;
    const assume = call(role, 'sts:AssumeRole', other.arn);
    if (await allowed(assume)) steps.push({ from: role, how: 'sts:AssumeRole', to: other.arn });
    for (const action of ['iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy']) {
      if (await allowed(call(role, action, other.arn))) steps.push({ from: role, how: action, to: other.arn });
    }
    // Passing a role to a function it creates or reconfigures makes the function run as that role.
    const passes = await allowed(
      call(role, 'iam:PassRole', other.arn, { 'iam:PassedToService': 'lambda.amazonaws.com' }),
    );
    if (passes) {
      const creates = await allowed(
        call(
          role,
          'lambda:CreateFunction',
          `arn:aws:lambda:${model.placement.region}:${model.placement.accountId}:function:any`,
        ),
      );
      const reconfigures = [];
      for (const fn of landmarks.functions) {
        if (await allowed(call(role, 'lambda:UpdateFunctionConfiguration', fn.arn))) reconfigures.push(fn.name);
      }
      if (creates || reconfigures.length > 0) {
        steps.push({
          from: role,
          how: `iam:PassRole to ${creates ? 'a new function' : reconfigures[0]}`,
          to: other.arn,
        });
      }
    }
  }
  // Its own policy: a role that may rewrite its own permissions reaches whatever it grants itself.
  for (const action of ['iam:PutRolePolicy', 'iam:AttachRolePolicy']) {
    if (await allowed(call(role, action, role))) steps.push({ from: role, how: `${action} on itself`, to: '*' });
  }
  for (const fn of landmarks.functions) {
    if (fn.roleArn === role) continue;
    if (await allowed(call(role, 'lambda:UpdateFunctionCode', fn.arn))) {
      steps.push({ from: role, how: `lambda:UpdateFunctionCode on ${fn.name}`, to: fn.roleArn });
    }
  }
  return steps;
}

/**
 * Every asset a role outside its declared set can reach. `declared` maps an asset id to the role landmarks
 * (`role:*-api`) allowed to reach it; an asset missing from the map may be reached by none of the stack's roles.
 */
export async function undeclaredReach(
  landmarks: PlatformLandmarks,
  declared: Readonly<Record<string, readonly Landmark[]>>,
): Promise<UndeclaredReach[]> {
  const { model } = landmarks;
  const roles = [...model.roles.keys()];
  const assets = protectedAssets(landmarks);
  const direct = new Map<string, Set<string>>();
  for (const role of roles) {
    const reached = new Set<string>();
    for (const asset of assets) {
      for (const requests of asset.requests(role)) {
        let all = true;
        for (const request of requests) {
          if ((await evaluate(model.evaluation(request))) !== 'Allowed') {
            all = false;
            break;
          }
        }
        if (all) {
          reached.add(asset.id);
          break;
        }
      }
    }
    direct.set(role, reached);
  }
  const edges = new Map<string, ReachStep[]>();
  for (const role of roles) edges.set(role, await escalations(landmarks, role));

  const findings: UndeclaredReach[] = [];
  for (const role of roles) {
    // Breadth first, so the path reported is a shortest one.
    const paths = new Map<string, ReachStep[]>([[role, []]]);
    const queue = [role];
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const step of edges.get(current) ?? []) {
        if (paths.has(step.to)) continue;
        paths.set(step.to, [...paths.get(current)!, step]);
        if (step.to !== '*') queue.push(step.to);
      }
    }
    for (const asset of assets) {
      const allowedRoles = (declared[asset.id] ?? []).map((landmark) => landmarks.arns.get(landmark));
      if (allowedRoles.includes(role)) continue;
      for (const [via, path] of paths) {
        if (via === '*' || direct.get(via)?.has(asset.id)) {
          findings.push({ asset: asset.id, role, path });
          break;
        }
      }
    }
  }
  return findings;
}

/** One line per finding: who reaches what, and how. */
export function describeReach(finding: UndeclaredReach, landmarks: PlatformLandmarks): string {
  const name = (arn: string) =>
    arn === '*' ? 'anything it grants itself' : (landmarks.model.roles.get(arn)?.name ?? arn);
  const path = finding.path.map((step) => ` -[${step.how}]-> ${name(step.to)}`).join('');
  return `${name(finding.role)}${path} reaches ${finding.asset}`;
}
