/**
 * The pinning gate (static part): fails when the runtime that goes through RDS Proxy (the API Lambda and the shared DB
 * client) could pin a proxy session. Each statement the API runs is checked against the documented pinning conditions
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-pinning.html) with the stand-in's own classifier,
 * and the runtime sources are read for the driver calls and options that pin whatever the SQL: `execute()` (a
 * binary-protocol prepared statement), `multipleStatements: true`, and raw SQL outside APP_STATEMENTS.
 * The rotation Lambda and the migrations talk to the DB instance directly, not through the proxy, so they are not gated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { APP_STATEMENTS } from '@rds-platform/db';
import { analyseQuery } from '@rds-platform/rds-proxy-local';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');

/** The runtime sources behind the proxy: what the API Lambda bundle runs. */
const RUNTIME_SOURCE_DIRS = ['apps/api-lambda/src', 'libs/db-client/src', 'libs/db/src'];
/** Not in the Lambda: specs, test helpers, the local dev server and the benchmark (they talk to MariaDB directly). */
const NOT_RUNTIME = /(\.spec\.ts$|\/testing\/|\/bench\/|local-server\.ts$|serve\.ts$|migrate\.ts$)/;

function runtimeSources(): { file: string; text: string }[] {
  return RUNTIME_SOURCE_DIRS.flatMap((dir) =>
    (readdirSync(path.join(WORKSPACE_ROOT, dir), { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.join(dir, file))
      .filter((file) => !NOT_RUNTIME.test(file))
      .map((file) => ({ file, text: readFileSync(path.join(WORKSPACE_ROOT, file), 'utf8') })),
  );
}

/** Code without comments, so a comment that mentions `SET` or `execute(` does not count. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** What in one source file could pin a proxy session. */
function pinningRisksIn(source: string, apiHandlerCode: boolean): string[] {
  const code = withoutComments(source);
  const risks: string[] = [];
  if (/\.execute\s*(<[^()]*?>)?\s*\(/.test(code)) risks.push('execute() runs a prepared statement, which pins');
  if (/multipleStatements\s*:\s*true/.test(code)) risks.push('multipleStatements: true lets one query pin');
  for (const match of code.matchAll(/['"`]\s*(SET|PREPARE|LOCK|CREATE\s+TEMPORARY|FLUSH)\s[^\n'"`]*/gi)) {
    risks.push(`a session statement in the code: ${match[0]}`);
  }
  if (apiHandlerCode) {
    // The API's queries take their SQL from APP_STATEMENTS (checked below, and by rotation), never inline.
    for (const match of code.matchAll(/\bdb\.query\s*(<[^()]*?>)?\s*\(\s*([^,)]+)/g)) {
      if (!/^APP_STATEMENTS\.\w+\.sql$/.test(match[2].trim()))
        risks.push(`SQL outside APP_STATEMENTS: ${match[2].trim()}`);
    }
  }
  return risks;
}

describe('the pinning gate for the runtime behind RDS Proxy', () => {
  it.each(Object.entries(APP_STATEMENTS))(
    'APP_STATEMENTS.%s neither pins nor changes session state',
    (_name, statement) => {
      expect(analyseQuery(statement.sql, false)).toEqual({});
    },
  );

  it('finds no driver call, option or inline SQL that could pin in the runtime sources', () => {
    const sources = runtimeSources();
    // The gate reads real files: the API's handlers and the DB client's connection options among them.
    expect(sources.map((source) => source.file)).toEqual(
      expect.arrayContaining(['apps/api-lambda/src/heartbeats.ts', 'libs/db-client/src/lib/connection.ts']),
    );

    const risks = sources.flatMap(({ file, text }) =>
      pinningRisksIn(text, file.startsWith('apps/api-lambda/')).map((risk) => `${file}: ${risk}`),
    );

    expect(risks).toEqual([]);
  });

  it('the DB client turns multi-statements off explicitly', () => {
    const connection = readFileSync(path.join(WORKSPACE_ROOT, 'libs/db-client/src/lib/connection.ts'), 'utf8');

    expect(connection).toMatch(/multipleStatements:\s*false/);
  });

  it('catches each kind of risk (the gate can fail)', () => {
    const risky = `
      await connection.execute('SELECT 1 FROM t WHERE id = ?', [1]);
      mysql.createConnection({ multipleStatements: true });
      await db.query("SET time_zone = '+00:00'");
      await db.query<Row[]>(\`SELECT * FROM t\`, []);
      // await db.query('SET @x = 1') in a comment is fine
    `;

    expect(pinningRisksIn(risky, true)).toEqual([
      'execute() runs a prepared statement, which pins',
      'multipleStatements: true lets one query pin',
      'a session statement in the code: "SET time_zone = ',
      'SQL outside APP_STATEMENTS: "SET time_zone = \'+00:00\'"',
      'SQL outside APP_STATEMENTS: `SELECT * FROM t`',
    ]);
  });
});
