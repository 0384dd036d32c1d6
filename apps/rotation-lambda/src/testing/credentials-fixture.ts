/**
 * Test fixture: a throwaway MariaDB (TLS, verified with its own CA) and the Secrets Manager stand-in, wired into
 * process.env the way the Lambda runtime would see them. Only for specs.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startMariaDb, type MariaDbServer } from '@rds-platform/testing/mariadb';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '@rds-platform/testing/secrets-manager';
import { createConnection } from 'mysql2/promise';

export const SCHEMA = 'app';
export const APP_USER = 'serverless';

export interface CredentialsFixture {
  readonly db: MariaDbServer;
  readonly secrets: SecretsManagerStandIn;
  readonly masterSecretArn: string;
  /** Creates an empty app secret (no version yet), as Terraform's AppSecret does. */
  newAppSecret(): string;
  /** The bootstrap input Terraform would pass for an app secret. */
  bootstrapInput(appSecretArn: string): Record<string, unknown>;
  /** What the service does before calling createSecret: a version stub for a new token, labelled AWSPENDING. */
  beginRotation(secretId: string): Promise<string>;
  /** The parsed AWSCURRENT value. */
  current(secretId: string): Record<string, unknown>;
  /** Whether `password` logs the app user in (over verified TLS; the password only, not its rights on the schema). */
  logsIn(password: string): Promise<boolean>;
  /** Runs one statement in the app schema as the app user, logged in with `password`, as the API would. */
  asApp(password: string, sql: string, params?: readonly unknown[]): Promise<unknown>;
  /** Every log line the Lambda wrote since the fixture started (kept off the test output). */
  lambdaLogs(): string;
  /** Every password any secret version created through this fixture holds (master included). */
  knownPasswords(): string[];
  /** The app user's grants as root sees them, without the password hash MariaDB prints. */
  appGrants(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startCredentialsFixture(): Promise<CredentialsFixture> {
  const [db, secrets] = await Promise.all([startMariaDb({ tls: true }), startSecretsManagerStandIn()]);
  const savedEnv = { ...process.env };
  if (!db.caFile) throw new Error('the throwaway MariaDB was started without TLS');
  const caPem = readFileSync(db.caFile, 'utf8');
  Object.assign(process.env, secrets.clientEnv(), { DB_TLS_CA_FILE: db.caFile });
  const logs = captureLambdaLogs();
  // The RDS-managed master secret holds only username and password.
  const masterSecretArn = secrets.createSecret(
    'rds!db-master',
    JSON.stringify({ username: db.rootUser, password: db.rootPassword }),
  );
  const createdSecrets = [masterSecretArn];
  const connectAsApp = (password: string, database?: string) =>
    createConnection({
      host: db.host,
      port: db.port,
      user: APP_USER,
      password,
      database,
      ssl: { ca: caPem, rejectUnauthorized: true },
    });

  return {
    db,
    secrets,
    masterSecretArn,
    newAppSecret() {
      const arn = secrets.createSecret(`app-credentials-${randomUUID().slice(0, 8)}`);
      createdSecrets.push(arn);
      return arn;
    },
    knownPasswords: () =>
      createdSecrets.flatMap((arn) =>
        secrets
          .versions(arn)
          .map(({ secretString }) => (secretString ? String(JSON.parse(secretString).password ?? '') : ''))
          .filter((password) => password.length > 0),
      ),
    bootstrapInput: (appSecretArn) => ({
      schema: SCHEMA,
      username: APP_USER,
      appSecretArn,
      masterSecretArn,
      host: db.host,
      port: db.port,
    }),
    beginRotation: (secretId) => beginRotation(secrets, secretId),
    current(secretId) {
      const value = secrets.currentValue(secretId);
      if (value === undefined) throw new Error(`secret ${secretId} has no AWSCURRENT`);
      return JSON.parse(value) as Record<string, unknown>;
    },
    async logsIn(password) {
      try {
        await (await connectAsApp(password)).end();
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === 'ER_ACCESS_DENIED_ERROR') return false;
        throw error;
      }
    },
    async asApp(password, sql, params = []) {
      const connection = await connectAsApp(password, SCHEMA);
      try {
        const [rows] = await connection.query(sql, [...params]);
        return rows;
      } finally {
        await connection.end();
      }
    },
    lambdaLogs: () => logs.lines.join(''),
    async appGrants() {
      const rows = await db.rootQuery(`SHOW GRANTS FOR '${APP_USER}'@'%'`);
      return rows.map((row) => String(Object.values(row)[0]).replace(/ IDENTIFIED BY PASSWORD '[^']*'/, '')).sort();
    },
    async stop() {
      logs.restore();
      process.env = savedEnv;
      await Promise.all([db.destroy(), secrets.stop()]);
    },
  };
}

/**
 * What the service does when a rotation starts, before it calls createSecret: it turns rotation on and stages a
 * version stub (no value yet) for a new token as AWSPENDING. Returns the token.
 */
export async function beginRotation(secrets: SecretsManagerStandIn, secretId: string): Promise<string> {
  const token = randomUUID();
  secrets.setRotationEnabled(secretId, true);
  const env = secrets.clientEnv();
  const client = new SecretsManagerClient({
    endpoint: env['AWS_ENDPOINT_URL_SECRETS_MANAGER'],
    region: env['AWS_REGION'],
    credentials: { accessKeyId: env['AWS_ACCESS_KEY_ID'], secretAccessKey: env['AWS_SECRET_ACCESS_KEY'] },
    maxAttempts: 1,
  });
  try {
    await client.send(new RotateSecretCommand({ SecretId: secretId, ClientRequestToken: token }));
  } finally {
    client.destroy();
  }
  return token;
}

/** Diverts the Lambda's structured log lines (service "rotation-lambda") from stdout and stderr into a list. */
function captureLambdaLogs(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const restorers = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (text.includes('"service":"rotation-lambda"')) {
        lines.push(text);
        return true;
      }
      return (write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
    return () => void (stream.write = write);
  });
  return { lines, restore: () => restorers.forEach((restore) => restore()) };
}
