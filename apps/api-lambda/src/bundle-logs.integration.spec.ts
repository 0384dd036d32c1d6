// The built bundle (dist/apps/api-lambda/index.js, minified) must log readable error names: a refused login has to
// read "DbAuthError" in CloudWatch, not the minifier's two letters.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { toPayloadV2Event } from '@rds-platform/lambda-http';
import { startApiFixture, type ApiFixture } from './testing/spec-fixture';

jest.setTimeout(60_000);

const BUNDLE = path.resolve(__dirname, '../../../dist/apps/api-lambda/index.js');

// Runs the bundle's handler once per event, in its own process (the bundled SDK's dynamic import() does not run in
// Jest's sandbox), and prints each response on a line of its own; resolves with everything it printed.
const CHILD_PROGRAM = `
const { handler } = require(process.env.LAMBDA_BUNDLE);
(async () => {
  for (const event of JSON.parse(process.env.EVENTS)) {
    const context = { functionName: 'api-lambda', awsRequestId: 'r', getRemainingTimeInMillis: () => 30000 };
    console.log('RESPONSE ' + JSON.stringify(await handler(event, context)));
  }
})();
`;

let fixture: ApiFixture;

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npx nx run api-lambda:build\` first.`);
  fixture = await startApiFixture();
});

afterAll(async () => {
  await fixture?.destroy();
});

function runBundle(env: Record<string, string>, events: unknown[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['-e', CHILD_PROGRAM],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          ...fixture.secrets.clientEnv(),
          ...env,
          LAMBDA_BUNDLE: BUNDLE,
          EVENTS: JSON.stringify(events),
        },
        timeout: 30_000,
      },
      // Powertools writes WARN and ERROR lines to stderr, the rest to stdout: Lambda sends both to the log group.
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(`${stdout}\n${stderr}`),
    ),
  );
}

describe('the built api-lambda bundle', () => {
  it('logs errorName DbAuthError (not a minified name) when the database refuses the credentials', async () => {
    const password = 'refused-by-the-bundle-spec';
    const secretArn = fixture.secrets.createSecret(
      'bundle-refused',
      JSON.stringify({ username: 'serverless', password, dbname: 'app' }),
    );
    const event = toPayloadV2Event({ method: 'GET', url: '/time', headers: {} });

    const stdout = await runBundle(fixture.env({ DB_SECRET_ARN: secretArn }), [event, event]);
    const lines = stdout.split('\n').filter((line) => line.startsWith('{') || line.startsWith('RESPONSE '));
    const logs = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    const responses = lines.filter((line) => line.startsWith('RESPONSE ')).map((line) => JSON.parse(line.slice(9)));
    const failures = logs.filter((log) => log.message === 'Request failed');

    expect(responses.map((response) => response.statusCode)).toEqual([503, 503]);
    expect(failures.map((log) => [log.errorName, log.errorCode])).toEqual([
      ['DbAuthError', 'ER_ACCESS_DENIED_ERROR'],
      ['DbAuthError', 'CREDENTIALS_REFUSED'],
    ]);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'Forced credential refresh did not lead to a login; further refreshes back off',
      }),
    );
    expect(stdout).not.toContain(password);
  });
});
