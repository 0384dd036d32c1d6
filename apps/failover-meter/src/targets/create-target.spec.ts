import { createTarget, MissingCredentialsError } from './create-target';

const quiet = { warn: () => undefined, info: () => undefined };
const api = {
  kind: 'api' as const,
  baseUrl: new URL('https://abc123.execute-api.ap-northeast-2.amazonaws.com/dev'),
  sign: true,
};

describe('createTarget for a signed API', () => {
  it('refuses to start without credentials to sign with (each attempt would be a 403, not an outage)', async () => {
    const none = async () => {
      // What the SDK's provider chain throws when it finds nothing (a CredentialsProviderError).
      throw Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      });
    };
    await expect(createTarget(api, { env: {}, timeoutMs: 1000, logger: quiet, credentials: none })).rejects.toThrow(
      new MissingCredentialsError(
        'no AWS credentials to sign the API requests (Could not load credentials from any providers): set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --no-sign for a local API',
      ),
    );
  });

  it('starts when credentials resolve, and needs none with --no-sign', async () => {
    const some = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
    await expect(
      createTarget(api, { env: {}, timeoutMs: 1000, logger: quiet, credentials: some }),
    ).resolves.toBeDefined();
    const unsigned = { ...api, sign: false };
    const never = async () => {
      throw new Error('must not be asked');
    };
    await expect(
      createTarget(unsigned, { env: {}, timeoutMs: 1000, logger: quiet, credentials: never }),
    ).resolves.toBeDefined();
  });
});
