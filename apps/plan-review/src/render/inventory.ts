import type { Action, Resource, ReviewModel } from '../model/types';

/** Losing one of these loses data or locks data away (keys), so their deletes and replacements lead the review. */
export const STATEFUL_TYPES = [
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_kms_key',
  'aws_secretsmanager_secret',
  'aws_s3_bucket',
  'aws_dynamodb_table',
];

export const ACTIONS: readonly Action[] = ['create', 'update', 'replace', 'delete', 'no-op', 'read', 'planned'];

export interface InventoryGroup {
  /** The top-level construct of the stack the resources belong to: `network`, `database`, `security-groups`. */
  readonly construct: string;
  readonly counts: Partial<Record<Action, number>>;
  readonly resources: readonly Resource[];
}

export interface Inventory {
  readonly totals: Partial<Record<Action, number>>;
  readonly groups: readonly InventoryGroup[];
  /** Deletes and replacements of stateful resources: the first thing a reviewer must see. */
  readonly statefulChanges: readonly Resource[];
}

export function inventoryOf(model: ReviewModel): Inventory {
  const groups = new Map<string, Resource[]>();
  for (const resource of model.resources) {
    const construct = constructOf(resource);
    groups.set(construct, [...(groups.get(construct) ?? []), resource]);
  }
  return {
    totals: countActions(model.resources),
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([construct, resources]) => ({ construct, counts: countActions(resources), resources })),
    statefulChanges: model.resources.filter(isStatefulLoss),
  };
}

export function isStatefulLoss(resource: Resource): boolean {
  return STATEFUL_TYPES.includes(resource.type) && (resource.action === 'delete' || resource.action === 'replace');
}

function constructOf(resource: Resource): string {
  return resource.constructPath.split('/')[0] || resource.address;
}

function countActions(resources: readonly Resource[]): Partial<Record<Action, number>> {
  const counts: Partial<Record<Action, number>> = {};
  for (const resource of resources) counts[resource.action] = (counts[resource.action] ?? 0) + 1;
  return counts;
}
