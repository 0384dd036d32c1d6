// Under `node --import tsx` the migrations of @rds-platform/db (`import sql from '../migrations/x.sql'`) would be
// parsed as JavaScript. This loads them as text, as the Lambda bundler's `text` loader and the Jest transform do.
// Import it before anything that reaches @rds-platform/db.
import { readFileSync } from 'node:fs';

if (!require.extensions['.sql']) {
  require.extensions['.sql'] = (module, filename) => {
    module.exports = readFileSync(filename, 'utf8');
  };
}
