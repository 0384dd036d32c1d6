import { defineCases } from '../../testing/cases';
import { accessReachDeclared } from './access-reach-declared';

// The access matrix needs this architecture's whole stack (the fixture is an older one): the cases run on the real
// offline synth of dev, in access.integration.spec.ts.
export default defineCases({ rule: accessReachDeclared, failing: [], onRealStack: 'access.integration.spec.ts' });
