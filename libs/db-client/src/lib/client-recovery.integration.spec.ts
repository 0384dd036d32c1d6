import { createDbClient, DbUnavailableError } from '../index';
import { recordingObserver, startDbFixture, type DbFixture } from '../testing/spec-fixture';

jest.setTimeout(60_000);

let fixture: DbFixture;

beforeAll(async () => {
  fixture = await startDbFixture();
  await fixture.server.rootQuery('CREATE TABLE app.notes (id INT PRIMARY KEY)');
});

afterAll(async () => {
  await fixture?.destroy();
});

/** Starts a one-second statement, kills the app's sessions while it runs, and returns its outcome. */
async function killDuring(run: () => Promise<unknown>): Promise<unknown> {
  const outcome = run().catch((error: unknown) => error);
  // Kill only once the statement runs: on a loaded machine the secret fetch and TLS connect alone can take 300 ms.
  const deadline = Date.now() + 10_000;
  while (!(await statementRunning())) {
    if (Date.now() > deadline) throw new Error('the app user never started its SLEEP statement');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await fixture.killAppSessions();
  return outcome;
}

async function statementRunning(): Promise<boolean> {
  const running = await fixture.server.rootQuery(
    "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ? AND COMMAND = 'Query' AND INFO LIKE '%SLEEP(1)%'",
    [fixture.user],
  );
  return running.length > 0;
}

describe('recovery from a lost connection', () => {
  it('retries a read once on a new connection', async () => {
    const observer = recordingObserver();
    const db = createDbClient(fixture.config({ observer }));

    const outcome = await killDuring(() => db.query('SELECT SLEEP(1) AS slept'));
    await db.close();

    expect(outcome).toEqual([{ slept: 0 }]);
    expect(observer.counts).toMatchObject({ opened: 2, retried: 1 });
  });

  it('does not retry a write, whose fate is unknown, and the next call reconnects', async () => {
    const observer = recordingObserver();
    const db = createDbClient(fixture.config({ observer }));

    const outcome = await killDuring(() => db.query('INSERT INTO notes (id) SELECT 1 FROM DUAL WHERE SLEEP(1) = 0'));
    await db.query('INSERT INTO notes (id) VALUES (2)');
    await db.close();

    expect(outcome).toBeInstanceOf(DbUnavailableError);
    expect(observer.counts.retried).toBe(0);
    expect(await fixture.server.rootQuery('SELECT id FROM app.notes')).toEqual([{ id: 2 }]);
  });

  it('retries a write marked idempotent once on a new connection', async () => {
    const observer = recordingObserver();
    const db = createDbClient(fixture.config({ observer }));

    const outcome = await killDuring(() =>
      db.query('INSERT INTO notes (id) SELECT 3 FROM DUAL WHERE SLEEP(1) = 0 ON DUPLICATE KEY UPDATE id = id', [], {
        idempotent: true,
      }),
    );
    await db.close();

    expect(outcome).toMatchObject({ affectedRows: 1 });
    expect(observer.counts).toMatchObject({ opened: 2, retried: 1 });
    expect(await fixture.server.rootQuery('SELECT id FROM app.notes WHERE id = 3')).toEqual([{ id: 3 }]);
  });

  it('does not retry a read inside a transaction', async () => {
    const observer = recordingObserver();
    const db = createDbClient(fixture.config({ observer }));
    await db.query('START TRANSACTION');
    await db.query('SELECT 1');

    const outcome = await killDuring(() => db.query('SELECT SLEEP(1)'));
    const next = await db.query('SELECT 1').catch((error) => error);
    await db.close();

    expect(outcome).toBeInstanceOf(DbUnavailableError);
    expect(next).toEqual([{ 1: 1 }]);
    expect(observer.counts.retried).toBe(0);
  });

  it('fails the next statement of a transaction whose connection was lost between statements', async () => {
    const db = createDbClient(fixture.config());
    await db.query('START TRANSACTION');
    await db.query('SELECT 1');

    await fixture.killAppSessions();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const outcome = await db.query('SELECT 1').catch((error) => error);
    await db.close();

    expect(outcome).toBeInstanceOf(DbUnavailableError);
  });

  it('gives DbUnavailableError while the server is down and recovers on the first call after it is back', async () => {
    const db = createDbClient(fixture.config({ connectTimeoutMs: 1000 }));
    await db.query('SELECT 1');

    await fixture.server.kill();
    const whileDown = await db.query('SELECT 1').catch((error) => error);
    await fixture.server.start();
    const afterRestart = await db.query('SELECT 1 AS one');
    await db.close();

    expect(whileDown).toBeInstanceOf(DbUnavailableError);
    expect(afterRestart).toEqual([{ one: 1 }]);
  });
});
