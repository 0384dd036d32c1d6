// A Secrets Manager endpoint that accepts connections and never answers (a wedged VPC endpoint): every fetch must end
// in DbUnavailableError within the fetch budget instead of hanging until the Lambda times out.
import { createServer, type Server, type Socket } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDbClient, DbUnavailableError, type DbClientConfig } from '../index';
import { recordingLogger, recordingObserver } from '../testing/spec-fixture';

// Generous: the bound is a few seconds; only a missing bound (the SDK waits forever by default) can exceed this.
jest.setTimeout(30_000);

let blackHole: Server;
const sockets: Socket[] = [];
let endpoint: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  blackHole = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(blackHole.address() as { port: number }).port}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
});

afterAll(async () => {
  process.env = savedEnv;
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => blackHole.close(resolve));
});

function config(overrides: Partial<DbClientConfig> = {}): DbClientConfig {
  // The DB is never reached: the secret fetch comes first and fails.
  return {
    auth: { mode: 'secret', secretId: 'app-db' },
    host: '127.0.0.1',
    port: 1,
    tls: { mode: 'disabled' },
    logger: recordingLogger(),
    ...overrides,
  };
}

describe('a Secrets Manager endpoint that never answers, with nothing cached', () => {
  it('fails the query with DbUnavailableError through the default client', async () => {
    const observer = recordingObserver();
    const db = createDbClient(config({ observer }));

    const error = await db.query('SELECT 1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DbUnavailableError);
    expect(sockets.length).toBeGreaterThan(0);
    expect(observer.counts.opened).toBe(0);
  });

  it('fails with DbUnavailableError even through a caller client without any timeouts', async () => {
    const patient = new SecretsManagerClient({ endpoint, maxAttempts: 1 });
    const db = createDbClient(config({ auth: { mode: 'secret', secretId: 'app-db', secretsManagerClient: patient } }));

    await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(DbUnavailableError);
    patient.destroy();
  });
});
