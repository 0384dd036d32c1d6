import { defineCases } from '../../testing/cases';
import { proxy } from './fixture-edits';
import { proxyRequiresTls } from './proxy-requires-tls';

export default defineCases({
  rule: proxyRequiresTls,
  failing: [
    { variant: 'require_tls = false', change: (s) => (proxy(s).require_tls = false) },
    { variant: 'require_tls from a variable', change: (s) => (proxy(s).require_tls = '${var.tls}') },
    { variant: 'require_tls as the string "false"', change: (s) => (proxy(s).require_tls = 'false') },
  ],
  passing: [
    {
      variant: 'require_tls as the string "true" (Terraform converts it)',
      change: (s) => (proxy(s).require_tls = 'true'),
    },
  ],
});
