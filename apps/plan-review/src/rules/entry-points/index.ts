import type { Rule } from '../rule';
import { apiWriteRoutesAuthorized } from './api-write-routes-authorized';
import { corsNoAnyOrigin } from './cors-no-any-origin';
import { functionUrlAuthorized } from './function-url-authorized';

/** The ways into the stack: API routes and methods, function URLs, CORS. */
export const entryPointRules: Rule[] = [apiWriteRoutesAuthorized, functionUrlAuthorized, corsNoAnyOrigin];
