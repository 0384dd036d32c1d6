import { label } from '../model/lookup';
import { inventoryOf } from './inventory';
import type { ReportInput } from './markdown';

/** The review as JSON for scripts: the same facts as the Markdown, without the prose. */
export function renderJson({ model, review, diff, cost }: ReportInput): string {
  const inventory = inventoryOf(model);
  const brief = (resource: { address: string; type: string; action: string; constructPath: string }) => ({
    address: resource.address,
    type: resource.type,
    construct: resource.constructPath,
    action: resource.action,
  });
  const report = {
    stack: model.stackName ?? null,
    environment: model.environment ?? null,
    input: model.kind,
    passed: review.passed,
    // "Without the prose": each rule's description and sources are on docs/plan-review-rules.md (and in SARIF).
    rules: review.results.map(({ rule, status, findings }) => ({
      rule: { id: rule.id, title: rule.title, severity: rule.severity, peers: rule.peers, appliesTo: rule.appliesTo },
      status,
      findings,
    })),
    suppressions: review.suppressions,
    inventory: {
      totals: inventory.totals,
      statefulChanges: inventory.statefulChanges.map(brief),
      groups: inventory.groups.map((group) => ({
        construct: group.construct,
        counts: group.counts,
        resources: group.resources.map(brief),
      })),
    },
    diff: diff && {
      base: diff.base,
      caveat: diff.caveat ?? null,
      added: diff.changes.added.map(brief),
      removed: diff.changes.removed.map(brief),
      changed: diff.changes.changed.map(({ resource, changes }) => ({
        address: resource.address,
        construct: label(resource),
        changes,
      })),
    },
    cost: cost ?? null,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
