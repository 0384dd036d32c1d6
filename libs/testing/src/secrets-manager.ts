/**
 * A local Secrets Manager for tests, driven through the real `@aws-sdk/client-secrets-manager`.
 *
 * It speaks the service's JSON 1.1 protocol on a loopback port and keeps versions and staging labels the way the
 * service documents them: a label sits on at most one version, moving AWSCURRENT hands AWSPREVIOUS to the version
 * that had it, and a retried PutSecretValue with the same token is accepted only with the same value.
 * Point code at it with `AWS_ENDPOINT_URL_SECRETS_MANAGER` (see `clientEnv()`); nothing here reaches AWS.
 *
 * @example
 * const secrets = await startSecretsManagerStandIn();
 * const arn = secrets.createSecret('app', JSON.stringify({ username: 'u', password: 'p' }));
 * Object.assign(process.env, secrets.clientEnv());
 * // ... code under test calls GetSecretValue(arn)
 * secrets.setAvailable(false); // every request now fails like an unreachable endpoint
 * await secrets.stop();
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

export interface SecretVersionView {
  readonly versionId: string;
  readonly stages: readonly string[];
  readonly secretString: string | undefined;
}

export interface SecretsManagerStandIn {
  readonly endpoint: string;
  /** Env vars that point the SDK here: endpoint, region and dummy credentials. */
  clientEnv(): Record<string, string>;
  /** Creates a secret (with an AWSCURRENT version when a value is given) and returns its ARN. */
  createSecret(name: string, secretString?: string): string;
  /** Adds a version, as PutSecretValue does; stages default to AWSCURRENT. Returns the version id. */
  putSecretValue(secretId: string, secretString: string, stages?: readonly string[]): string;
  /** The AWSCURRENT value, or undefined when no version has that label. */
  currentValue(secretId: string): string | undefined;
  versions(secretId: string): SecretVersionView[];
  setRotationEnabled(secretId: string, enabled: boolean): void;
  /** false: every request's connection is dropped, as when the endpoint can't be reached. */
  setAvailable(available: boolean): void;
  /** Requests served (or dropped) so far, for one operation (e.g. 'GetSecretValue') or all. */
  callCount(operation?: string): number;
  resetCallCounts(): void;
  stop(): Promise<void>;
}

interface StoredVersion {
  id: string;
  stages: Set<string>;
  secretString: string | undefined;
  createdDate: number;
}

interface StoredSecret {
  arn: string;
  name: string;
  rotationEnabled: boolean;
  versions: Map<string, StoredVersion>;
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

type Request = Record<string, unknown>;

export async function startSecretsManagerStandIn(): Promise<SecretsManagerStandIn> {
  const secrets = new Map<string, StoredSecret>();
  const calls = new Map<string, number>();
  const sockets = new Set<Socket>();
  let available = true;

  const find = (secretId: unknown): StoredSecret => {
    const secret = [...secrets.values()].find((candidate) => candidate.arn === secretId || candidate.name === secretId);
    if (!secret)
      throw new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  };
  const versionWithStage = (secret: StoredSecret, stage: string) =>
    [...secret.versions.values()].find((version) => version.stages.has(stage));

  /** Attaches a label to one version, taking it off any other; AWSCURRENT leaves AWSPREVIOUS behind. */
  const attachStage = (secret: StoredSecret, target: StoredVersion, stage: string) => {
    const holder = versionWithStage(secret, stage);
    if (holder === target) return;
    holder?.stages.delete(stage);
    if (stage === 'AWSCURRENT' && holder) {
      versionWithStage(secret, 'AWSPREVIOUS')?.stages.delete('AWSPREVIOUS');
      holder.stages.add('AWSPREVIOUS');
    }
    target.stages.add(stage);
  };

  const addVersion = (secret: StoredSecret, secretString: unknown, token: unknown, stages: unknown): StoredVersion => {
    if (typeof secretString !== 'string')
      throw new ServiceError('InvalidParameterException', 'SecretString is required.');
    const versionId = typeof token === 'string' && token ? token : randomUUID();
    const labels = Array.isArray(stages) && stages.length > 0 ? (stages as string[]) : ['AWSCURRENT'];
    const existing = secret.versions.get(versionId);
    if (existing) {
      if (existing.secretString === undefined) existing.secretString = secretString;
      if (existing.secretString !== secretString) {
        throw new ServiceError(
          'ResourceExistsException',
          'A resource with the ID you requested already exists: the version has a different secret value.',
        );
      }
      labels.forEach((stage) => attachStage(secret, existing, stage));
      return existing;
    }
    const version: StoredVersion = { id: versionId, stages: new Set(), secretString, createdDate: Date.now() / 1000 };
    secret.versions.set(versionId, version);
    labels.forEach((stage) => attachStage(secret, version, stage));
    return version;
  };

  const createSecret = (name: string, secretString?: string, token?: unknown): StoredSecret => {
    if ([...secrets.values()].some((secret) => secret.name === name)) {
      throw new ServiceError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
    }
    const arn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${randomBytes(3).toString('hex')}`;
    const secret: StoredSecret = { arn, name, rotationEnabled: false, versions: new Map() };
    secrets.set(arn, secret);
    if (secretString !== undefined) addVersion(secret, secretString, token, undefined);
    return secret;
  };

  const operations: Record<string, (request: Request) => Request> = {
    CreateSecret(request) {
      const secret = createSecret(
        String(request.Name),
        request.SecretString as string | undefined,
        request.ClientRequestToken,
      );
      const version = versionWithStage(secret, 'AWSCURRENT');
      return { ARN: secret.arn, Name: secret.name, VersionId: version?.id };
    },
    GetSecretValue(request) {
      const secret = find(request.SecretId);
      const stage = (request.VersionStage as string | undefined) ?? (request.VersionId ? undefined : 'AWSCURRENT');
      const version = request.VersionId
        ? secret.versions.get(String(request.VersionId))
        : versionWithStage(secret, stage!);
      if (!version || version.secretString === undefined || (stage && !version.stages.has(stage))) {
        throw new ServiceError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for ${stage ? `staging label: ${stage}` : 'VersionId'}`,
        );
      }
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.id,
        SecretString: version.secretString,
        VersionStages: [...version.stages],
        CreatedDate: version.createdDate,
      };
    },
    PutSecretValue(request) {
      const secret = find(request.SecretId);
      const version = addVersion(secret, request.SecretString, request.ClientRequestToken, request.VersionStages);
      return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: [...version.stages] };
    },
    DescribeSecret(request) {
      const secret = find(request.SecretId);
      const versionIdsToStages = Object.fromEntries(
        [...secret.versions.values()]
          .filter((version) => version.stages.size > 0)
          .map((version) => [version.id, [...version.stages]]),
      );
      return {
        ARN: secret.arn,
        Name: secret.name,
        RotationEnabled: secret.rotationEnabled,
        VersionIdsToStages: versionIdsToStages,
      };
    },
    ListSecretVersionIds(request) {
      const secret = find(request.SecretId);
      return {
        ARN: secret.arn,
        Name: secret.name,
        Versions: [...secret.versions.values()].map((version) => ({
          VersionId: version.id,
          VersionStages: [...version.stages],
          CreatedDate: version.createdDate,
        })),
      };
    },
    UpdateSecretVersionStage(request) {
      const secret = find(request.SecretId);
      const stage = String(request.VersionStage);
      const holder = versionWithStage(secret, stage);
      if (request.RemoveFromVersionId && holder?.id !== request.RemoveFromVersionId) {
        throw new ServiceError(
          'InvalidParameterException',
          `The staging label ${stage} is not attached to version ${String(request.RemoveFromVersionId)}.`,
        );
      }
      if (request.MoveToVersionId) {
        const target = secret.versions.get(String(request.MoveToVersionId));
        if (!target)
          throw new ServiceError(
            'ResourceNotFoundException',
            "Secrets Manager can't find the specified secret version.",
          );
        if (holder && holder !== target && holder.id !== request.RemoveFromVersionId) {
          throw new ServiceError(
            'InvalidParameterException',
            `The staging label ${stage} is currently attached to version ${holder.id}; specify it in RemoveFromVersionId.`,
          );
        }
        attachStage(secret, target, stage);
      } else {
        holder?.stages.delete(stage);
      }
      return { ARN: secret.arn, Name: secret.name };
    },
    RotateSecret(request) {
      const secret = find(request.SecretId);
      const id = String(request.ClientRequestToken ?? randomUUID());
      const version: StoredVersion = { id, stages: new Set(), secretString: undefined, createdDate: Date.now() / 1000 };
      secret.versions.set(id, version);
      attachStage(secret, version, 'AWSPENDING');
      return { ARN: secret.arn, Name: secret.name, VersionId: id };
    },
    GetRandomPassword(request) {
      return { RandomPassword: randomPassword(request) };
    },
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
    calls.set(operation, (calls.get(operation) ?? 0) + 1);
    if (!available) {
      req.socket.destroy();
      return;
    }
    const reply = (status: number, payload: Request) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    try {
      const run = operations[operation];
      if (!run)
        throw new ServiceError('InvalidAction', `The stand-in does not implement ${operation || 'this action'}.`);
      reply(200, run(body ? (JSON.parse(body) as Request) : {}));
    } catch (error) {
      const serviceError =
        error instanceof ServiceError ? error : new ServiceError('InternalServiceError', String(error));
      reply(400, { __type: serviceError.type, message: serviceError.message });
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    endpoint,
    clientEnv: () => ({
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'AKIDSTANDIN',
      AWS_SECRET_ACCESS_KEY: 'stand-in-secret-key',
    }),
    createSecret: (name, secretString) => createSecret(name, secretString).arn,
    putSecretValue: (secretId, secretString, stages) => addVersion(find(secretId), secretString, undefined, stages).id,
    currentValue: (secretId) => versionWithStage(find(secretId), 'AWSCURRENT')?.secretString,
    versions: (secretId) =>
      [...find(secretId).versions.values()].map((version) => ({
        versionId: version.id,
        stages: [...version.stages],
        secretString: version.secretString,
      })),
    setRotationEnabled: (secretId, enabled) => {
      find(secretId).rotationEnabled = enabled;
    },
    setAvailable: (value) => {
      available = value;
      if (!value) sockets.forEach((socket) => socket.destroy());
    },
    callCount: (operation) =>
      operation ? (calls.get(operation) ?? 0) : [...calls.values()].reduce((sum, count) => sum + count, 0),
    resetCallCounts: () => calls.clear(),
    stop: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

/** GetRandomPassword's documented options: length 32 by default, every included character type present. */
function randomPassword(request: Request): string {
  const length = typeof request.PasswordLength === 'number' ? request.PasswordLength : 32;
  const excluded = new Set(String(request.ExcludeCharacters ?? ''));
  const classes = [
    request.ExcludeLowercase ? '' : 'abcdefghijklmnopqrstuvwxyz',
    request.ExcludeUppercase ? '' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    request.ExcludeNumbers ? '' : '0123456789',
    request.ExcludePunctuation ? '' : PUNCTUATION,
    request.IncludeSpace ? ' ' : '',
  ]
    .map((set) => [...set].filter((character) => !excluded.has(character)).join(''))
    .filter(Boolean);
  if (classes.length === 0 || length < classes.length) {
    throw new ServiceError('InvalidParameterException', 'No characters are left to build a password from.');
  }
  const pick = (set: string) => set[randomInt(set.length)];
  const all = classes.join('');
  const characters = [...classes.map(pick), ...Array.from({ length: length - classes.length }, () => pick(all))];
  for (let index = characters.length - 1; index > 0; index -= 1) {
    const swap = randomInt(index + 1);
    [characters[index], characters[swap]] = [characters[swap], characters[index]];
  }
  return characters.join('');
}
