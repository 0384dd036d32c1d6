import { createHash } from 'node:crypto';
import { label } from '../model/lookup';
import type { Resource, ReviewModel } from '../model/types';
import type { RuleIdentity } from '../review';
import type { Severity } from '../rules/rule';
import type { ReportInput } from './markdown';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export interface SarifOptions {
  /** The page the rules link to: `https://github.com/<owner>/<repo>/blob/<sha>/docs/plan-review.md` or a file URI. */
  readonly readmeUri: string;
  /** The generated page with one section per rule (docs/plan-review-rules.md): each rule's help link adds `#<id>`. */
  readonly rulesUri: string;
  readonly toolVersion: string;
  /**
   * The file the locations point at (the synth, which holds the construct paths, else the plan): `uri` relative to
   * the repository root, as GitHub code scanning expects, or a file URI outside it; `text` to find each resource's
   * line in.
   */
  readonly artifact?: { readonly uri: string; readonly relative: boolean; readonly text?: string };
}

/** The heading of docs/plan-review.md (its title) above the rule table. */
const RULES_ANCHOR = 'plan-review-appsplan-review';

/**
 * The review as SARIF 2.1.0 for GitHub code scanning: every rule of the review in `tool.driver.rules`, one error per
 * failing resource (suppressed ones are not results), located in the reviewed file and by construct path.
 */
export function renderSarif({ model, review }: ReportInput, options: SarifOptions): string {
  const byAddress = new Map(model.resources.map((resource) => [resource.address, resource]));
  const results = review.results.flatMap((result, ruleIndex) =>
    result.findings
      .filter((found) => !found.passed && !found.suppressedBecause)
      .map((found) => ({
        ruleId: result.rule.id,
        ruleIndex,
        level: 'error',
        message: {
          text: found.suppressionRefused
            ? `${found.message} (suppression not counted: ${found.suppressionRefused})`
            : found.message,
        },
        locations: [location(model, found.address, byAddress.get(found.address), options)],
        partialFingerprints: { 'planReviewFinding/v1': fingerprint(model, result.rule.id, found.address) },
      })),
  );
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'plan-review',
            informationUri: `${options.readmeUri}#${RULES_ANCHOR}`,
            version: options.toolVersion,
            rules: review.results.map((result) => ruleDescriptor(result.rule, options)),
          },
        },
        // One category per stack, so the dev and prod uploads of a pull request do not close each other's alerts.
        automationDetails: { id: `plan-review/${model.stackName ?? model.environment ?? 'stack'}/` },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * GitHub code scanning reads `security-severity` as "over 9.0 is critical, 7.0 to 8.9 is high, 4.0 to 6.9 is medium
 * and 3.9 or less is low" (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#reportingdescriptor-object):
 * one score inside each band. Every failure fails the review, whatever its severity, so every result is an `error`.
 */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

function ruleDescriptor(rule: RuleIdentity, options: SarifOptions) {
  const critical = rule.severity === 'critical';
  const help = `${rule.description}\n\nRemediation: ${rule.remediation}`;
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: {
      text: `${rule.title}.${critical ? ' Critical: no suppression can waive it.' : ''}`,
    },
    help: { text: help },
    helpUri: `${options.rulesUri}#${rule.id}`,
    defaultConfiguration: { level: 'error' },
    properties: {
      tags: ['security', 'terraform', rule.severity],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      ...(rule.peers.checkov.length ? { checkov: rule.peers.checkov } : {}),
      ...(rule.peers.trivy.length ? { trivy: rule.peers.trivy } : {}),
    },
  };
}

function location(model: ReviewModel, address: string, resource: Resource | undefined, options: SarifOptions) {
  const constructPath = resource ? label(resource) : address;
  const stack = model.stackName;
  return {
    ...(options.artifact && {
      physicalLocation: {
        artifactLocation: {
          uri: options.artifact.uri,
          ...(options.artifact.relative ? { uriBaseId: '%SRCROOT%' } : {}),
        },
        region: regionOf(options.artifact.text, resource, address),
      },
    }),
    logicalLocations: [
      {
        name: constructPath,
        fullyQualifiedName: stack ? `${stack}/${constructPath}` : constructPath,
        decoratedName: address,
        kind: 'resource',
      },
    ],
  };
}

/** Where the resource is declared: its name under its type in a synth, its address in a plan; else line 1. */
function regionOf(text: string | undefined, resource: Resource | undefined, address: string) {
  const typeAt = resource && text ? text.indexOf(`"${resource.type}":`) : -1;
  const nameAt = resource && text && typeAt >= 0 ? text.indexOf(`"${resource.name}":`, typeAt) : -1;
  const at = nameAt >= 0 ? nameAt : text ? text.indexOf(`"${address}"`) : -1;
  if (!text || at < 0) return { startLine: 1 };
  const before = text.slice(0, at);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { startLine: before.split('\n').length, startColumn: at - lineStart + 1 };
}

function fingerprint(model: ReviewModel, ruleId: string, address: string): string {
  return createHash('sha256')
    .update(`${model.stackName ?? ''}\n${ruleId}\n${address}`)
    .digest('hex')
    .slice(0, 32);
}
