import type { Construct } from 'constructs';
import { AppSecret } from '../constructs/app-secret';
import { Database, type DatabaseProps } from '../constructs/database';
import { Network } from '../constructs/network';
import { SecretsManagerEndpoint } from '../constructs/secrets-manager-endpoint';
import { dev } from '../config/dev';

/** The database settings construct specs use unless they override some: dev's (the app user is not the database's). */
export const TEST_DATABASE: Omit<DatabaseProps, 'network'> = (({ appUsername: _appUser, ...database }) => database)(
  dev.database,
);

/**
 * The real siblings a data/app construct takes (network, Secrets Manager endpoint, database, app secret), built in
 * the spec's stack, so construct specs wire exactly as the environment stack does.
 */
export function foundation(scope: Construct, database: Partial<Omit<DatabaseProps, 'network'>> = {}) {
  const network = new Network(scope, 'network', { vpcCidr: '10.10.0.0/16', azNames: ['eu-west-1a', 'eu-west-1b'] });
  const secretsEndpoint = new SecretsManagerEndpoint(scope, 'secrets-manager-endpoint', { network });
  const db = new Database(scope, 'database', { ...TEST_DATABASE, ...database, network });
  const appSecret = new AppSecret(scope, 'app-secret');
  return { network, secretsEndpoint, database: db, appSecret };
}
