// Child-process entry of the reliability suite: one Lambda "instance" of the built api-lambda bundle behind the
// local payload-2.0 server, as `nx serve` runs it. It runs in its own process (not inside Jest's sandbox, where the
// bundled AWS SDK trips over cross-realm buffers) and prints {"url": ...} once it listens.
// Usage: node --import tsx handler-process.ts <bundle.js>   (environment: the handler's, as in Lambda)
import { serveLambda, type PayloadV2Handler } from '@rds-platform/lambda-http';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { handler } = require(process.argv[2]) as { handler: PayloadV2Handler };

serveLambda(handler, { functionName: process.env['AWS_LAMBDA_FUNCTION_NAME'] }).then((server) => {
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  process.on('SIGTERM', () => void server.close().finally(() => process.exit(0)));
});
