import { referencesClosedWorld } from './references-closed-world';

/** The closed world of references: everything the configuration names comes from the stack or the allow-list. */
export const closedWorldRule = referencesClosedWorld;
export {
  foreignReferences,
  referencesInText,
  withoutExpressions,
  type ForeignReference,
  type ReferenceKind,
} from './references';
