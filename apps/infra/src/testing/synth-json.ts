import { DefaultTokenResolver, StringConcat, Testing, Tokenization } from 'cdktf';
import { strToU8, zipSync } from 'fflate';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAMBDA_ZIP_NAME } from '../constructs/lambda-bundle';
import { PlatformStack, type StackSettings } from '../constructs/platform-stack';

/** Test support: synthesized Terraform JSON of a construct tree, with lookups by resource type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TerraformBlock = Record<string, any>;

export interface SynthesizedScope {
  readonly json: TerraformBlock;
  readonly text: string;
  /** Every resource of a type, keyed by its logical id. */
  resources(type: string): Record<string, TerraformBlock>;
  /** The single resource of a type; fails when there are none or several. */
  only(type: string): TerraformBlock;
  /** Every statement of every inline role policy (`aws_iam_role_policy`), parsed. */
  policyStatements(): TerraformBlock[];
  /** The `//` block (metadata, plan-review suppressions) of the single resource of a type; `json` has none. */
  commentOf(type: string): TerraformBlock;
  /** A token as it appears in the synthesized JSON, e.g. `${aws_kms_key.encryption-keys_secrets_key_ABC.arn}`. */
  ref(token: string): string;
}

/** The stack settings construct specs run with (a stack of its own, with its own keys). */
export const TEST_SETTINGS: StackSettings = {
  namePrefix: 'rdsp-dev',
  region: 'eu-west-1',
  accountId: '123456789012',
  tags: {},
  logRetentionDays: 14,
};

/**
 * Wraps a spec's synth helper so that each distinct set of plain-data arguments (none, the default construct most
 * cases inspect, or the same overrides in several cases) is synthesized once per spec file and shared by its cases,
 * instead of once per call: a synth is most of what an infra spec costs (cdktf captures a stack trace for every token,
 * and Jest maps each frame through source maps). Arguments are compared by value, `undefined` included; a call with
 * a function or a class instance among its arguments (a case that adds to the construct) always synthesizes afresh,
 * and so does a call that throws (nothing is kept). Sharing is safe because cases only read: `synthesize` freezes the
 * JSON, so a case that wrote to it would throw.
 */
export function sharedByArguments<A extends unknown[], R>(synth: (...args: A) => R): (...args: A) => R {
  const shared = new Map<string, R>();
  return (...args) => {
    const key = plainDataKey(args);
    if (key === undefined) return synth(...args);
    if (!shared.has(key)) shared.set(key, synth(...args));
    return shared.get(key)!;
  };
}

/** A key that equal plain data (primitives, arrays, plain objects) share; undefined for anything else. */
function plainDataKey(value: unknown): string | undefined {
  if (value === undefined) return 'u';
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (Array.isArray(value)) {
    const items = value.map(plainDataKey);
    return items.includes(undefined) ? undefined : `[${items.join(',')}]`;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.keys(value)
      .sort()
      .map((name) => [name, plainDataKey((value as Record<string, unknown>)[name])] as const);
    if (entries.some(([, key]) => key === undefined)) return undefined;
    return `{${entries.map(([name, key]) => `${JSON.stringify(name)}:${key}`).join(',')}}`;
  }
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Synthesizes what `build` adds to a fresh PlatformStack (settings: TEST_SETTINGS unless overridden). */
export function synthesize(
  build: (scope: PlatformStack) => void,
  settings: Partial<StackSettings> = {},
): SynthesizedScope {
  const stack = new PlatformStack(Testing.app(), 'stack', { ...TEST_SETTINGS, ...settings });
  build(stack);
  // Testing.synth (what Testing.synthScope returns) strips every `//` block.
  const text = Testing.synth(stack);
  const json = deepFreeze(JSON.parse(text) as TerraformBlock);
  const resources = (type: string): Record<string, TerraformBlock> => json.resource?.[type] ?? {};
  return {
    json,
    text,
    resources,
    only(type) {
      const all = Object.values(resources(type));
      if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
      return all[0];
    },
    commentOf(type) {
      const all = Object.values((stack.toTerraform() as TerraformBlock).resource?.[type] ?? {}) as TerraformBlock[];
      if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
      return all[0]['//'] ?? {};
    },
    ref(token) {
      const resolver = new DefaultTokenResolver(new StringConcat());
      return Tokenization.resolve(token, { scope: stack, preparing: false, resolver }) as string;
    },
    policyStatements() {
      return Object.values(resources('aws_iam_role_policy')).flatMap(
        (policy) => (JSON.parse(policy.policy) as TerraformBlock).Statement as TerraformBlock[],
      );
    },
  };
}

/** A throwaway Lambda build folder (`index.js` + `lambda.zip`), so construct specs don't need a real build. */
export function fakeBundleDirectory(): string {
  const directory = path.join(mkdtempSync(path.join(tmpdir(), 'infra-bundle-')), 'bundle');
  mkdirSync(directory);
  const code = 'exports.handler = async () => ({ statusCode: 200 });\n';
  writeFileSync(path.join(directory, 'index.js'), code);
  writeFileSync(path.join(directory, LAMBDA_ZIP_NAME), zipSync({ 'index.js': strToU8(code) }));
  return directory;
}
