import type { Rule } from '../rule';
import { accessLeastPrivilege } from './access-least-privilege';
import { accessReachDeclared } from './access-reach-declared';
import { accessRuntimeRequestsAllowed } from './access-runtime-requests-allowed';

/** The access matrix of the stack (model/access.ts), as three rules; their cases run on the real offline synth. */
export const accessRules: Rule[] = [accessRuntimeRequestsAllowed, accessLeastPrivilege, accessReachDeclared];
