import { DatabaseSecretError } from './database-secret';
import { DbAuthError, DbConfigError, DbQueryError, DbUnavailableError } from './errors';

describe('error names', () => {
  // Bundles are minified, so a class name is not its runtime name: every class must spell it out (the built bundle's
  // logs are checked in api-lambda's bundle-logs spec).
  it.each([DbUnavailableError, DbAuthError, DbConfigError, DbQueryError, DatabaseSecretError])(
    '%p spells out its own name',
    (ErrorClass) => {
      expect(new ErrorClass('message').name).toBe(ErrorClass.name);
    },
  );
});
