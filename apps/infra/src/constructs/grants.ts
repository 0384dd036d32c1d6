import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Lazy } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * IAM as aws-cdk-lib models it: the resource that owns a permission grants it (`secret.grantRead(fn)`), to a
 * grantee (anything with a role that statements can be added to). Policies are plain JSON strings with Terraform
 * tokens inside (`JSON.stringify` keeps string tokens intact), so synth specs can `JSON.parse` every statement.
 */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** Anything with an IAM role that statements can be added to: a function, the proxy. */
export interface Grantee {
  /** The role's name, as the `role` of inline policies. */
  readonly roleName: string;
  addToPolicy(statement: PolicyStatement): void;
}

/** What a grant added, so callers and specs can see it (aws-cdk-lib's `iam.Grant`). */
export interface Grant {
  readonly grantee: Grantee;
  readonly statements: readonly PolicyStatement[];
}

/** Adds statements to a grantee and reports them. */
export function grant(grantee: Grantee, ...statements: PolicyStatement[]): Grant {
  statements.forEach((statement) => grantee.addToPolicy(statement));
  return { grantee, statements };
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export interface ServiceRoleProps {
  readonly name: string;
  readonly description?: string;
  /** The service principal that assumes the role, e.g. `lambda.amazonaws.com`. */
  readonly assumedBy: string;
  /** Name of the role's one inline policy. */
  readonly policyName: string;
  /**
   * Confused-deputy guard: conditions on the service's AssumeRole, e.g. `aws:SourceAccount` and `aws:SourceArn`
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html). @default none
   */
  readonly trustConditions?: Record<string, Record<string, string | string[]>>;
  /** Construct ids of the role and its policy inside the owner (they fix the Terraform addresses). */
  readonly ids?: { readonly role: string; readonly policy: string };
}

/**
 * A role assumed by one AWS service with one inline policy whose statements are collected from grants until synth.
 * Not a construct of its own: the role and policy are created in the owner's scope, so their Terraform addresses are
 * the owner's (`<owner>/role`, `<owner>/policy`).
 */
export class ServiceRole implements Grantee {
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
  readonly roleName: string;
  readonly roleArn: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, props: ServiceRoleProps) {
    const ids = props.ids ?? { role: 'role', policy: 'policy' };
    this.role = new IamRole(scope, ids.role, {
      name: props.name,
      description: props.description,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: props.assumedBy },
            Action: 'sts:AssumeRole',
            ...(props.trustConditions ? { Condition: props.trustConditions } : {}),
          },
        ],
      }),
    });
    this.policy = new IamRolePolicy(scope, ids.policy, {
      role: this.role.name,
      name: props.policyName,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
    });
    this.roleName = this.role.name;
    this.roleArn = this.role.arn;
  }

  /** Adds a statement; the same statement twice is kept once, and a Sid must name one statement only. */
  addToPolicy(statement: PolicyStatement): void {
    const same = this.statements.find((existing) => existing.Sid === statement.Sid);
    if (!same) {
      this.statements.push(statement);
    } else if (JSON.stringify(same) !== JSON.stringify(statement)) {
      throw new Error(`${this.policy.node.path}: two different statements share the Sid "${statement.Sid}".`);
    }
  }
}
