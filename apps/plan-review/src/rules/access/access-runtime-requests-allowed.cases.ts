import { defineCases } from '../../testing/cases';
import { accessRuntimeRequestsAllowed } from './access-runtime-requests-allowed';

// The access matrix needs this architecture's whole stack (the fixture is an older one): the cases run on the real
// offline synth of dev, in access.integration.spec.ts.
export default defineCases({
  rule: accessRuntimeRequestsAllowed,
  failing: [],
  onRealStack: 'access.integration.spec.ts',
});
