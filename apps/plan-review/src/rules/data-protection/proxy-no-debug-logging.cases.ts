import { defineCases } from '../../testing/cases';
import type { SynthJson } from '../../testing/fixtures';
import { proxy } from './fixture-edits';
import { proxyNoDebugLogging } from './proxy-no-debug-logging';

export default defineCases({
  rule: proxyNoDebugLogging,
  failing: [
    { variant: 'debug_logging=true', change: (s) => (proxy(s).debug_logging = true) },
    // Terraform converts the string to a bool; an expression may be true at apply.
    ...[
      ['the string "true"', 'true'],
      ['an expression (${1 == 1})', '${1 == 1}'],
    ].map(([variant, value]) => ({
      variant: `debug_logging set to ${variant}`,
      change: (s: SynthJson) => (proxy(s).debug_logging = value),
    })),
  ],
  passing: [
    { variant: 'debug_logging=false set explicitly', change: (s) => (proxy(s).debug_logging = false) },
    { variant: 'debug_logging as the string "false"', change: (s) => (proxy(s).debug_logging = 'false') },
  ],
});
