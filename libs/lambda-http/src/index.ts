/**
 * @rds-platform/lambda-http: run an API Gateway HTTP API (payload 2.0) Lambda handler behind a local HTTP server.
 */
export { localContext, toPayloadV2Event, type HttpRequestParts } from './payload-event';
export { serveLambda, type LocalLambdaServer, type PayloadV2Handler, type ServeLambdaOptions } from './serve-lambda';
