// Lambda entry point (dist/apps/api-lambda/index.js, handler "index.handler") for API Gateway HTTP API payload 2.0.
import { createHandler } from './handler';

export const handler = createHandler(process.env);
