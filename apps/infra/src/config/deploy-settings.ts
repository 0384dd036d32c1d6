import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error';
import { type EnvironmentConfig, type EnvironmentName, validateEnvironmentConfig } from './environment-config';
import { type StateConfig, validateStateConfig } from './state-config';

/**
 * Where a deployment says whose account, which region and who gets paged, without editing TypeScript: one JSON file
 * per stack, `deploy/<stack>.json` at the workspace root (`deploy/dev.example.json` shows every key). What a file
 * sets replaces the committed value of dev.ts / prod.ts / state.ts in the builds that talk to AWS (`infra:deploy`,
 * `infra:destroy`, `infra:plan` without --offline, `infra:synth`), and the merged config passes the same validation
 * as the committed one. Tests and offline plans keep the committed values, so that they give the same result on
 * every clone whatever its deploy/ folder holds.
 */
export const DEPLOY_SETTINGS_DIRECTORY = 'deploy';

const ENVIRONMENT_KEYS = ['accountId', 'region', 'azNames', 'alertEmails', 'alertHttpsEndpoints'] as const;
const STATE_KEYS = ['accountId', 'region'] as const;

export interface EnvironmentDeploySettings {
  readonly accountId?: string;
  readonly region?: string;
  readonly azNames?: readonly string[];
  readonly alertEmails?: readonly string[];
  readonly alertHttpsEndpoints?: readonly string[];
}

export type StateDeploySettings = Pick<EnvironmentDeploySettings, 'accountId' | 'region'>;

/** The settings file of a stack, e.g. `deploy/dev.json`, relative to the workspace root. */
export function deploySettingsFile(stack: string): string {
  return `${DEPLOY_SETTINGS_DIRECTORY}/${stack}.json`;
}

/** Reads and type-checks a settings file; undefined when there is none. Errors name the file and the key. */
function readSettings(
  workspaceRoot: string,
  stack: string,
  keys: readonly string[],
): Record<string, string | string[]> | undefined {
  const file = deploySettingsFile(stack);
  const location = path.join(workspaceRoot, file);
  if (!existsSync(location)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(location, 'utf8'));
  } catch (error) {
    throw new ConfigError('(file)', `is not valid JSON (${(error as Error).message}).`, file);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('(file)', `must be one JSON object with some of ${keys.join(', ')}.`, file);
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (!keys.includes(key)) {
      throw new ConfigError(key, `is not a deploy setting (known: ${keys.join(', ')}).`, file);
    }
    const isList = key === 'azNames' || key.startsWith('alert');
    const ok = isList
      ? Array.isArray(value) && value.every((item) => typeof item === 'string')
      : typeof value === 'string';
    if (!ok) throw new ConfigError(key, `must be ${isList ? 'a list of strings' : 'a string'}.`, file);
  }
  return parsed as Record<string, string | string[]>;
}

/** Re-throws a validation error of the merged config as coming from the settings file, when a file was applied. */
function blameFile<T>(file: string | undefined, committed: string, validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    if (error instanceof ConfigError && !error.source) {
      throw new ConfigError(error.field, error.problem, file ? `${file} over ${committed}` : committed);
    }
    throw error;
  }
}

/** An environment's config with its `deploy/<name>.json` applied and validated. */
export function withEnvironmentDeploySettings(
  name: EnvironmentName,
  committed: EnvironmentConfig,
  workspaceRoot: string,
): EnvironmentConfig {
  const settings = readSettings(workspaceRoot, name, ENVIRONMENT_KEYS) as EnvironmentDeploySettings | undefined;
  if (!settings) return committed;
  const merged: EnvironmentConfig = {
    ...committed,
    accountId: settings.accountId ?? committed.accountId,
    region: settings.region ?? committed.region,
    azNames: settings.azNames ?? committed.azNames,
    monitoring: {
      ...committed.monitoring,
      alertEmails: settings.alertEmails ?? committed.monitoring.alertEmails,
      alertHttpsEndpoints: settings.alertHttpsEndpoints ?? committed.monitoring.alertHttpsEndpoints,
    },
  };
  return blameFile(deploySettingsFile(name), `apps/infra/src/config/${name}.ts`, () =>
    validateEnvironmentConfig(merged),
  );
}

/** The state stack's config with `deploy/state.json` applied and validated. */
export function withStateDeploySettings(committed: StateConfig, workspaceRoot: string): StateConfig {
  const settings = readSettings(workspaceRoot, 'state', STATE_KEYS) as StateDeploySettings | undefined;
  if (!settings) return committed;
  const merged: StateConfig = {
    ...committed,
    accountId: settings.accountId ?? committed.accountId,
    region: settings.region ?? committed.region,
  };
  return blameFile(deploySettingsFile('state'), 'apps/infra/src/config/state.ts', () => validateStateConfig(merged));
}
