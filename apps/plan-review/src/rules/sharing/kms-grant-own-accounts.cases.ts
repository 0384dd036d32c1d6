import { defineCases } from '../../testing/cases';
import { synthResource } from '../../testing/fixtures';
import { addGrant, FOREIGN_ACCOUNT, OWN_ACCOUNT } from './fixture-edits';
import { kmsGrantOwnAccounts } from './kms-grant-own-accounts';

const API_ROLE_ARN = '${aws_iam_role.api-function_role_99402C8A.arn}';

export default defineCases({
  rule: kmsGrantOwnAccounts,
  // The fixture has no grant: one to a role of our own account (each case below replaces it).
  setup: (s) => addGrant(s, `arn:aws:iam::${OWN_ACCOUNT}:role/backup`),
  failing: [
    {
      variant: 'a grant to a role of a foreign account',
      change: (s) => addGrant(s, `arn:aws:iam::${FOREIGN_ACCOUNT}:role/backup`),
    },
    {
      variant: 'a grant whose retiring principal is a foreign account',
      change: (s) => {
        addGrant(s, API_ROLE_ARN);
        synthResource(s, 'aws_kms_grant').retiring_principal = FOREIGN_ACCOUNT;
      },
    },
    { variant: 'a grantee known only at apply', change: (s) => addGrant(s, '${var.grantee}') },
  ],
  passing: [{ variant: "a grant to a role of the stack's own", change: (s) => addGrant(s, API_ROLE_ARN) }],
});
