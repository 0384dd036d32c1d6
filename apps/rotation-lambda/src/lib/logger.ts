import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger for both handlers; the deployment names the service per function (POWERTOOLS_SERVICE_NAME).
 * Callers log ids, stages and outcomes: never a secret value.
 */
export const logger = new Logger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] || 'rotation-lambda' });
