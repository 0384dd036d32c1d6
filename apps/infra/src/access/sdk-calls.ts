import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from '../app';

/**
 * Test support: the AWS API calls a Lambda bundle's own code makes, read from its sources (the files reachable by
 * relative and `@rds-platform/*` imports from the entry point), as IAM actions. What a call is:
 * - `new <Name>Command(` (or an alias it was imported as) in a file that imports `@aws-sdk/client-<service>` ->
 *   `<service prefix>:<Name>`;
 * - Powertools' `new SecretsProvider(` -> `secretsmanager:GetSecretValue` (it calls nothing else);
 * - `new Signer(` from `@aws-sdk/rds-signer` -> `rds-db:connect` (the token it signs is checked as rds-db:connect).
 * A client package the map below does not know fails: teach it rather than miss a call.
 */

/** SDK client package -> IAM service prefix (https://docs.aws.amazon.com/service-authorization/latest/reference/). */
const SERVICE_PREFIXES: Readonly<Record<string, string>> = {
  'secrets-manager': 'secretsmanager',
  rds: 'rds',
  fis: 'fis',
  sns: 'sns',
  sqs: 'sqs',
  cloudwatch: 'cloudwatch',
};

const ALIASES: Readonly<Record<string, string>> = {
  '@rds-platform/db-client': 'libs/db-client/src/index.ts',
  '@rds-platform/db': 'libs/db/src/index.ts',
  '@rds-platform/lambda-http': 'libs/lambda-http/src/index.ts',
};

function resolveImport(fromFile: string, specifier: string): string | undefined {
  const base = specifier.startsWith('.')
    ? path.resolve(path.dirname(fromFile), specifier)
    : ALIASES[specifier]
      ? path.join(WORKSPACE_ROOT, ALIASES[specifier])
      : undefined;
  if (!base) return undefined;
  return [base, `${base}.ts`, path.join(base, 'index.ts')].find(
    (candidate) => existsSync(candidate) && candidate.endsWith('.ts'),
  );
}

/** The source files of a bundle: the entry and every local file it imports, transitively. */
export function bundleSources(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [path.join(WORKSPACE_ROOT, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const resolved = resolveImport(file, specifier);
      if (resolved) pending.push(resolved);
    }
  }
  return [...seen].sort();
}

/** The IAM actions of the AWS calls in a bundle's sources. */
export function sdkCallsOf(entry: string): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  const record = (action: string, file: string) =>
    calls.set(action, [...(calls.get(action) ?? []), path.relative(WORKSPACE_ROOT, file)]);
  for (const file of bundleSources(entry)) {
    const text = readFileSync(file, 'utf8');
    const clients = [...text.matchAll(/from '@aws-sdk\/client-([a-z0-9-]+)'/g)].map(([, name]) => name);
    for (const client of clients) {
      if (!SERVICE_PREFIXES[client])
        throw new Error(`${file} uses @aws-sdk/client-${client}: add it to SERVICE_PREFIXES`);
    }
    // Commands imported under another name (`GetSecretValueCommand as Read`) are called as that name.
    const aliases = new Map(
      [...text.matchAll(/\b([A-Z][A-Za-z0-9]*)Command\s+as\s+([A-Za-z_$][\w$]*)/g)].map(([, command, alias]) => [
        alias,
        command,
      ]),
    );
    const constructed = [
      ...[...text.matchAll(/new ([A-Z][A-Za-z0-9]*)Command\(/g)].map(([, command]) => command),
      ...[...text.matchAll(/new ([A-Za-z_$][\w$]*)\(/g)].flatMap(([, name]) =>
        aliases.has(name) ? [aliases.get(name)!] : [],
      ),
    ];
    for (const command of constructed) {
      if (clients.length !== 1) throw new Error(`${file}: cannot tell which client ${command}Command belongs to`);
      record(`${SERVICE_PREFIXES[clients[0]]}:${command}`, file);
    }
    if (/new SecretsProvider\(/.test(text)) record('secretsmanager:GetSecretValue', file);
    if (/new Signer\(/.test(text) && /from '@aws-sdk\/rds-signer'/.test(text)) record('rds-db:connect', file);
  }
  return calls;
}
