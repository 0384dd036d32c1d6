import path from 'node:path';
import { withEnvironmentDeploySettings, withStateDeploySettings } from './deploy-settings';
import { dev } from './dev';
import { type EnvironmentConfig, type EnvironmentName, validateEnvironments } from './environment-config';
import { prod } from './prod';
import { state } from './state';
import { type StateConfig, validateStateConfig } from './state-config';

export * from './environment-config';
export * from './state-config';
export { carveSubnets, SUBNET_TIERS, type SubnetTier } from './cidr';
export { PLACEHOLDER_ACCOUNT_ID, PLACEHOLDER_ALERT_EMAIL, placeholdersIn } from './placeholders';

export { DEPLOY_SETTINGS_DIRECTORY, deploySettingsFile } from './deploy-settings';

/** The committed configs: what tests, offline plans and the plan review's fixtures use. */
export const environments: Record<EnvironmentName, EnvironmentConfig> = validateEnvironments({ dev, prod });
export const stateConfig = validateStateConfig(state);

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');

/** What a real deployment uses: the committed config with `deploy/<name>.json` applied (config/deploy-settings.ts). */
export function deployedEnvironment(name: EnvironmentName, workspaceRoot = WORKSPACE_ROOT): EnvironmentConfig {
  return withEnvironmentDeploySettings(name, environments[name], workspaceRoot);
}

/** The state stack's config with `deploy/state.json` applied. */
export function deployedStateConfig(workspaceRoot = WORKSPACE_ROOT): StateConfig {
  return withStateDeploySettings(stateConfig, workspaceRoot);
}
