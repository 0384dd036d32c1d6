import { dev } from './dev';
import { type EnvironmentConfig, type EnvironmentName, validateEnvironments } from './environment-config';
import { prod } from './prod';
import { state } from './state';
import { validateStateConfig } from './state-config';

export * from './environment-config';
export * from './state-config';
export { carveSubnets, SUBNET_TIERS, type SubnetTier } from './cidr';
export { PLACEHOLDER_ACCOUNT_ID, PLACEHOLDER_ALERT_EMAIL, placeholdersIn } from './placeholders';

export const environments: Record<EnvironmentName, EnvironmentConfig> = validateEnvironments({ dev, prod });
export const stateConfig = validateStateConfig(state);
