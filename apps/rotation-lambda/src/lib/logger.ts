import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger for both handlers. Callers log ids, stages and outcomes: never a secret value. */
export const logger = new Logger({ serviceName: 'rotation-lambda' });
