/**
 * A Lambda "container" for specs: a child Node process that loads a built bundle and runs its handler for each
 * invocation, as the Lambda runtime does. A new container is a cold start (no connection, no cached secret).
 * A separate process, not `require` in the test: the bundled AWS SDK uses dynamic `import()`, which Jest's VM
 * sandbox refuses, and a real process also gets a real environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Reply {
  readonly id?: number;
  readonly ready?: boolean;
  readonly result?: unknown;
  readonly error?: string;
}

// Lambda's context object cannot cross IPC (it has methods), so the child rebuilds a plain one.
const CHILD_PROGRAM = `
const handler = require(process.env.LAMBDA_BUNDLE)[process.env.LAMBDA_HANDLER];
process.on('message', async ({ id, event, context }) => {
  try {
    const result = await handler(event, { ...context, getRemainingTimeInMillis: () => 30000 });
    process.send({ id, result });
  } catch (error) {
    process.send({ id, error: String(error && error.message) });
  }
});
process.send({ ready: true });
`;

export interface LambdaContainer {
  invoke<T>(event: unknown, context: Record<string, unknown>): Promise<T>;
  /** What the container printed (its logs), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a container for the bundle's `handlerExport` (Lambda's `index.<handlerExport>`). */
export async function startLambdaContainer(
  bundle: string,
  env: Record<string, string>,
  handlerExport = 'handler',
): Promise<LambdaContainer> {
  if (!existsSync(bundle)) {
    throw new Error(`${bundle} is missing: build it first (e.g. \`npx nx run-many -t build\`).`);
  }
  const child: ChildProcess = spawn(process.execPath, ['-e', CHILD_PROGRAM], {
    env: { PATH: process.env['PATH'] ?? '', ...env, LAMBDA_BUNDLE: bundle, LAMBDA_HANDLER: handlerExport },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const printed: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => printed.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => printed.push(chunk.toString('utf8')));
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;

  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the container exited during start-up (${code}): ${printed.join('')}`)),
    );
    child.on('message', (reply: Reply) => {
      if (reply.ready) return resolve();
      const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
      if (!waiter || reply.id === undefined) return;
      pending.delete(reply.id);
      if (reply.error !== undefined) waiter.reject(new Error(`the handler threw: ${reply.error}`));
      else waiter.resolve(reply.result);
    });
  });
  child.removeAllListeners('exit');
  child.once('exit', () => pending.forEach(({ reject }) => reject(new Error('the container exited'))));

  return {
    invoke: <T>(event: unknown, context: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        nextId += 1;
        pending.set(nextId, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id: nextId, event, context });
      }),
    output: () => printed.join(''),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
