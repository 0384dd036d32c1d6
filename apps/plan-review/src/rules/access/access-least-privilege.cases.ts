import { defineCases } from '../../testing/cases';
import { accessLeastPrivilege } from './access-least-privilege';

// The access matrix needs this architecture's whole stack (the fixture is an older one): the cases run on the real
// offline synth of dev, in access.integration.spec.ts.
export default defineCases({ rule: accessLeastPrivilege, failing: [], onRealStack: 'access.integration.spec.ts' });
