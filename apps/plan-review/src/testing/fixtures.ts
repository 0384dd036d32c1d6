import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelOf } from '../input/read-model';
import type { ReviewConfig } from '../config/review-config';
import type { ReviewModel } from '../model/types';

/**
 * A stack shaped like ours (API -> Lambda -> proxy -> MySQL, endpoint, rotation), synthesized with the real
 * @cdktf/provider-aws classes, and its real `terraform show -json` plan (offline provider). Every rule passes on it;
 * each rule's failing case mutates one attribute. The end-to-end specs review the infra app's own synth and plan.
 *
 * One attribute was added by hand, in the synth and in the three places of the plan that carry it (the planned
 * values; the change's `after`, no longer in `after_unknown`; the configuration): the DB instance's
 * `engine_lifecycle_support = "open-source-rds-extended-support"`. The fixture runs MySQL 8.0, past RDS standard
 * support since 2026-07-31, and rds-engine-in-standard-support fails such an instance without that explicit opt-in;
 * it is what apps/infra writes for 8.0 (config/engine-version.ts refuses 8.0 without `database.extendedSupport`).
 * Pinning the review's day before 2026-07-31 in every spec that reads the fixture was the other way; it would not
 * reach the specs that run the CLI in its own process on these files (it has no clock option), and a stack that is
 * current only on a pinned day is not one "every rule passes on". The rule's own specs pin the day. The same will
 * hold for the functions' nodejs22.x, deprecated on 2027-04-30 (lambda-runtime-supported fails it from then).
 *
 * Added by hand the same way, as apps/infra writes them: the log groups of the proxy (`/aws/rds/proxy/<name>`) and of
 * the instance's two exports (`/aws/rds/instance/<id>/error`, `/slowquery`), copies of the API function's group
 * (log-writers-use-stack-log-groups: without them RDS creates its own, outside the stack), and the stage's access log
 * format with the reviewed fields (api-access-log-fields; the older fixture logged only the request id and status).
 */
const FIXTURES = join(__dirname, 'fixtures');

// Specs mutate fixture JSON freely; typing every provider attribute would add nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
export type SynthJson = Record<string, Json>;
export type PlanJson = Record<string, Json>;

export const FIXTURE_SYNTH_PATH = join(FIXTURES, 'dev.cdk.tf.json');
export const FIXTURE_PLAN_PATH = join(FIXTURES, 'dev.plan.json');

export function fixtureSynth(): SynthJson {
  return JSON.parse(readFileSync(FIXTURE_SYNTH_PATH, 'utf8'));
}

export function fixturePlan(): PlanJson {
  return JSON.parse(readFileSync(FIXTURE_PLAN_PATH, 'utf8'));
}

/** The attribute objects of every synth resource of one type (mutate them in place). */
export function synthResources(synth: SynthJson, type: string): Json[] {
  const byName = synth['resource']?.[type];
  if (!byName) throw new Error(`the fixture has no ${type}`);
  return Object.values(byName);
}

/** The first synth resource of a type whose construct path ends with `pathSuffix` (or the only one). */
export function synthResource(synth: SynthJson, type: string, pathSuffix = ''): Json {
  const found = synthResources(synth, type).find((values: Json) =>
    String(values['//']?.metadata?.path ?? '').endsWith(pathSuffix),
  );
  if (!found) throw new Error(`the fixture has no ${type} at ...${pathSuffix}`);
  return found;
}

/** Adds a resource to a synth, with the CDKTF metadata a construct would give it. */
export function addSynthResource(synth: SynthJson, type: string, name: string, values: Record<string, unknown>): void {
  synth['resource'][type] = {
    ...synth['resource'][type],
    [name]: { '//': { metadata: { path: `dev/${name}`, uniqueId: name } }, ...values },
  };
}

/** Adds a data source to a synth (`data.<type>.<name>`). */
export function addSynthData(synth: SynthJson, type: string, name: string, values: Record<string, unknown>): void {
  synth['data'] = { ...synth['data'], [type]: { ...synth['data']?.[type], [name]: values } };
}

/**
 * The bounds of this repository's review-config.json, written out so that the specs of the rules that read them say
 * which numbers they test (the engine checks no bound without a config).
 */
export const FIXTURE_BOUNDS_CONFIG: ReviewConfig = {
  accounts: {},
  bounds: {
    minimumLogRetentionDays: { prod: 90, default: 14 },
    maximumCountAlarmThreshold: 100_000,
    maximumAlarmWindowSeconds: 3600,
    requiredAccessLogFields: [
      '$context.requestId',
      '$context.identity.sourceIp',
      '$context.identity.userArn',
      '$context.routeKey',
      '$context.status',
      '$context.requestTime',
    ],
  },
};

export function synthModel(synth: SynthJson, environment?: string): ReviewModel {
  return modelOf({ synth: { json: synth, source: 'fixture' }, environment });
}

export function planModel(plan: PlanJson, synth?: SynthJson): ReviewModel {
  return modelOf({ plan: { json: plan, source: 'fixture plan' }, synth: synth && { json: synth, source: 'fixture' } });
}
