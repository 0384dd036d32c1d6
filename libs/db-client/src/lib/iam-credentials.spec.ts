import { Signer } from '@aws-sdk/rds-signer';
import { createDbClient, DbConfigError } from '../index';
import { IamCredentialSource, TOKEN_REUSE_LIMIT_MS } from './iam-credentials';

jest.mock('@aws-sdk/rds-signer');

const MockSigner = Signer as jest.MockedClass<typeof Signer>;

beforeEach(() => {
  MockSigner.mockClear();
  let issued = 0;
  MockSigner.prototype.getAuthToken.mockImplementation(async () => `token-${++issued}`);
});

describe('IAM-mode credentials', () => {
  const options = { host: 'proxy.example', port: 3306, user: 'serverless', region: 'eu-west-1' };

  it('signs for the proxy host, port, user and region', async () => {
    const source = new IamCredentialSource(options);

    const credentials = await source.get(false);

    expect(MockSigner).toHaveBeenCalledWith({
      hostname: 'proxy.example',
      port: 3306,
      username: 'serverless',
      region: 'eu-west-1',
    });
    expect(credentials).toEqual({ user: 'serverless', password: 'token-1' });
  });

  it('reuses a token younger than the limit and re-signs an older one', async () => {
    let now = 0;
    const source = new IamCredentialSource({ ...options, clock: () => now });

    const first = await source.get(false);
    now = TOKEN_REUSE_LIMIT_MS;
    const reused = await source.get(false);
    now = TOKEN_REUSE_LIMIT_MS + 1;
    const resigned = await source.get(false);

    expect([first.password, reused.password, resigned.password]).toEqual(['token-1', 'token-1', 'token-2']);
  });

  it('re-signs when a fresh token is forced', async () => {
    const source = new IamCredentialSource(options);

    await source.get(false);
    const forced = await source.get(true);

    expect(forced.password).toBe('token-2');
  });

  it('refuses to send a token without TLS', async () => {
    const db = createDbClient({
      auth: { mode: 'iam', user: 'serverless', region: 'eu-west-1' },
      host: '127.0.0.1',
      port: 1,
      tls: { mode: 'disabled' },
    });

    await expect(db.query('SELECT 1')).rejects.toThrow(DbConfigError);
    await expect(db.query('SELECT 1')).rejects.toThrow('needs TLS');
  });
});
