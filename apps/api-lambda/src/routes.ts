import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { DbClient } from '@rds-platform/db-client';
import { APP_STATEMENTS } from '@rds-platform/db';
import { listHeartbeats, parseListQuery, parseNewHeartbeat, recordHeartbeat } from './heartbeats';
import { HttpError, json, jsonBody, jsonText, nowBody } from './http';

type Route = (event: APIGatewayProxyEventV2, db: DbClient) => Promise<APIGatewayProxyStructuredResultV2>;

const DEEP = new Set(['1', 'true']);
// The health answers never change: serialized once, not on every request.
const HEALTH_OK = JSON.stringify({ status: 'ok' });
const HEALTH_DB_OK = JSON.stringify({ status: 'ok', db: 'ok' });

async function time(_event: APIGatewayProxyEventV2, db: DbClient) {
  const [row] = await db.query<{ now: Date }[]>(APP_STATEMENTS.now.sql);
  return jsonText(200, nowBody(row.now));
}

const routes: Record<string, Record<string, Route>> = {
  '/': { GET: time },
  '/time': { GET: time },
  // `/health` answers without the database (the function is up); `/health?deep=1` also runs one statement, so a
  // synthetic canary sees 503 while the database is unreachable (the handler maps DB errors to 503).
  '/health': {
    GET: async (event, db) => {
      if (!DEEP.has(event.queryStringParameters?.['deep'] ?? '')) return jsonText(200, HEALTH_OK);
      await db.query(APP_STATEMENTS.now.sql);
      return jsonText(200, HEALTH_DB_OK);
    },
  },
  '/heartbeats': {
    GET: async (event, db) => {
      const query = parseListQuery(event.queryStringParameters, event.rawQueryString);
      return json(200, { heartbeats: await listHeartbeats(db, query) });
    },
    POST: async (event, db) => {
      const { runId, seq } = parseNewHeartbeat(jsonBody(event));
      return json(201, await recordHeartbeat(db, runId, seq));
    },
  },
};

/** Finds the route for a request, or throws the 404/405 that API Gateway's own routing would give. */
export function routeFor(event: APIGatewayProxyEventV2): Route {
  const { rawPath } = event;
  // Trailing slashes are dropped (`/time/` is `/time`); the regular expression only runs when there is one.
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.replace(/\/+$/, '') : rawPath;
  const methods = routes[path];
  if (!methods) throw new HttpError(404, 'NOT_FOUND', `No route for ${path}`);
  const route = methods[event.requestContext.http.method];
  if (!route) {
    const allowed = Object.keys(methods).join(', ');
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${path} accepts ${allowed}`, { allow: allowed });
  }
  return route;
}
