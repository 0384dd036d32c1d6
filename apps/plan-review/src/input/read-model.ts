import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Resource, ReviewModel } from '../model/types';
import { isPlanDocument, readPlanDocument } from './from-plan';
import { isSynthDocument, readSynthDocument, type SynthDocument } from './from-synth';
import { InputError } from './input-error';
import { assertPlanMadeFromSynth } from './plan-matches-synth';
import { readJsonFile } from './read-json';

export interface ReviewInput {
  /** `terraform show -json` output. Its sibling `cdk.tf.json`, when present, adds construct paths and suppressions. */
  readonly planPath?: string;
  readonly synthPath?: string;
  /** Overrides the environment read from the provider's default tags or the stack name. */
  readonly environment?: string;
}

/** Loads the input files into the model every rule and renderer reads. Throws InputError when unusable. */
export function readModel(input: ReviewInput): ReviewModel {
  const synthPath = input.synthPath ?? siblingSynth(input.planPath);
  return modelOf({
    plan:
      input.planPath === undefined
        ? undefined
        : { json: readJsonFile(input.planPath, 'Plan file'), source: input.planPath },
    synth: synthPath === undefined ? undefined : { json: readJsonFile(synthPath, 'Synth file'), source: synthPath },
    environment: input.environment,
  });
}

export interface ReviewDocuments {
  readonly plan?: { readonly json: unknown; readonly source: string };
  readonly synth?: { readonly json: unknown; readonly source: string };
  readonly environment?: string;
}

/** Builds the model from parsed documents: a plan, a synth, or a plan with the synth it was made from. */
export function modelOf(documents: ReviewDocuments): ReviewModel {
  const synth = documents.synth && readSynthDocument(documents.synth.json, documents.synth.source);
  if (!documents.plan) {
    if (!synth) throw new InputError('Nothing to review: give --plan <plan.json> or --synth <cdk.tf.json>.');
    return {
      kind: 'synth',
      stackName: synth.stackName,
      environment: environmentOf(documents.environment, synth.defaultTags, synth.stackName),
      resources: synth.resources,
      accountIds: synth.accountIds,
      backend: synth.backend,
      variables: synth.variables,
      blocks: synth.blocks,
    };
  }
  const { json, source } = documents.plan;
  if (!isPlanDocument(json) && isSynthDocument(json)) {
    throw new InputError(`${source} is a CDKTF synth, not a plan: pass it with --synth.`);
  }
  const plan = readPlanDocument(json, source);
  if (synth) assertPlanMadeFromSynth(plan.resources, synth.resources, source, documents.synth!.source);
  return {
    kind: 'plan',
    stackName: synth?.stackName,
    environment: environmentOf(documents.environment, { ...synth?.defaultTags, ...plan.defaultTags }, synth?.stackName),
    resources: synth ? withSynthMetadata(plan.resources, synth) : plan.resources,
    accountIds: plan.accountIds.length ? plan.accountIds : (synth?.accountIds ?? []),
    backend: synth?.backend,
    variables: plan.variables ?? synth?.variables,
    blocks: plan.blocks.length ? plan.blocks : synth?.blocks,
  };
}

function siblingSynth(planPath: string | undefined): string | undefined {
  if (!planPath) return undefined;
  const candidate = join(dirname(planPath), 'cdk.tf.json');
  return existsSync(candidate) ? candidate : undefined;
}

function withSynthMetadata(resources: readonly Resource[], synth: SynthDocument): Resource[] {
  const byAddress = new Map(synth.resources.map((resource) => [resource.address, resource]));
  return resources.map((resource) => {
    const declared = byAddress.get(resource.address);
    if (!declared) return resource;
    const { constructPath, suppressions, invalidSuppressions } = declared;
    return { ...resource, constructPath, suppressions, invalidSuppressions };
  });
}

function environmentOf(
  explicit: string | undefined,
  defaultTags: Record<string, unknown>,
  stackName: string | undefined,
): string | undefined {
  const tagged = defaultTags['Environment'] ?? defaultTags['environment'];
  return explicit ?? (typeof tagged === 'string' ? tagged : stackName);
}
