import { bootstrap, handler } from '../index';
import { startCredentialsFixture, type CredentialsFixture } from './credentials-fixture';

export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStepName = (typeof ROTATION_STEPS)[number];

export interface RotationSuite {
  readonly fixture: CredentialsFixture;
  /** The app secret of the running test, freshly bootstrapped: its AWSCURRENT logs in. */
  readonly secretId: string;
  /** Invokes the rotation handler for `token`, one step after the other, as the service would. */
  run(token: string, ...steps: RotationStepName[]): Promise<void>;
  /** The password a secret version holds. */
  passwordOf(versionId: string): string;
  /** AWSCURRENT's password. */
  currentPassword(): string;
}

/**
 * Registers the hooks of a rotation spec: one throwaway MariaDB and Secrets Manager stand-in for the file, and
 * before each test a new app secret bootstrapped against them.
 */
export function useRotationSuite(): RotationSuite {
  let fixture: CredentialsFixture | undefined;
  let secretId: string | undefined;
  beforeAll(async () => {
    fixture = await startCredentialsFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
  });
  beforeEach(async () => {
    secretId = suite.fixture.newAppSecret();
    await bootstrap(suite.fixture.bootstrapInput(secretId));
  });

  const suite: RotationSuite = {
    get fixture() {
      if (!fixture) throw new Error('the rotation suite has not started (use it inside describe)');
      return fixture;
    },
    get secretId() {
      if (!secretId) throw new Error('no app secret yet (the suite creates one before each test)');
      return secretId;
    },
    run: (token, ...steps) =>
      steps.reduce<Promise<void>>(
        (previous, Step) => previous.then(() => handler({ SecretId: suite.secretId, ClientRequestToken: token, Step })),
        Promise.resolve(),
      ),
    passwordOf(versionId) {
      const version = suite.fixture.secrets.versions(suite.secretId).find((v) => v.versionId === versionId);
      return String(JSON.parse(String(version?.secretString))['password']);
    },
    currentPassword: () => String(suite.fixture.current(suite.secretId)['password']),
  };
  return suite;
}
