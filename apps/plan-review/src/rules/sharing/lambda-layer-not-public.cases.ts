import { defineCases } from '../../testing/cases';
import { addLayerPermission, FOREIGN_ACCOUNT, OWN_ACCOUNT } from './fixture-edits';
import { lambdaLayerNotPublic } from './lambda-layer-not-public';

export default defineCases({
  rule: lambdaLayerNotPublic,
  // The fixture has no layer: one shared with our own account (each case below replaces it).
  setup: (s) => addLayerPermission(s, { principal: OWN_ACCOUNT }),
  failing: [
    {
      variant: 'a layer shared with every account (principal "*")',
      change: (s) => addLayerPermission(s, { principal: '*' }),
    },
    {
      variant: 'a layer shared with a foreign account',
      change: (s) => addLayerPermission(s, { principal: FOREIGN_ACCOUNT }),
    },
  ],
  passing: [
    {
      variant: 'a layer shared with an organization',
      change: (s) => addLayerPermission(s, { principal: '*', organization_id: 'o-a1b2c3d4e5' }),
    },
  ],
});
