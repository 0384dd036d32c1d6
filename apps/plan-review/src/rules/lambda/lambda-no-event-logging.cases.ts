import { defineCases } from '../../testing/cases';
import type { SynthJson } from '../../testing/fixtures';
import { apiFunction, apiVariables } from './fixture-edits';
import { lambdaNoEventLogging } from './lambda-no-event-logging';

const setVariables = (variables: Record<string, string>) => (s: SynthJson) => Object.assign(apiVariables(s), variables);

export default defineCases({
  rule: lambdaNoEventLogging,
  failing: [
    {
      variant: 'POWERTOOLS_LOGGER_LOG_EVENT=true and POWERTOOLS_LOG_LEVEL=DEBUG',
      change: setVariables({ POWERTOOLS_LOGGER_LOG_EVENT: 'true', POWERTOOLS_LOG_LEVEL: 'DEBUG' }),
    },
    {
      variant: 'POWERTOOLS_LOGGER_LOG_EVENT=true alone',
      change: setVariables({ POWERTOOLS_LOGGER_LOG_EVENT: 'true' }),
    },
    { variant: 'LOG_LEVEL=debug (lower case)', change: setVariables({ LOG_LEVEL: 'debug' }) },
    { variant: 'POWERTOOLS_LOG_LEVEL=TRACE', change: setVariables({ POWERTOOLS_LOG_LEVEL: 'TRACE' }) },
    { variant: 'POWERTOOLS_LOG_LEVEL from a variable', change: setVariables({ POWERTOOLS_LOG_LEVEL: '${var.level}' }) },
    {
      variant: 'POWERTOOLS_LOGGER_SAMPLE_RATE=0.1 (DEBUG for one invocation in ten)',
      change: setVariables({ POWERTOOLS_LOGGER_SAMPLE_RATE: '0.1' }),
    },
    {
      variant: 'logging_config.application_log_level=DEBUG',
      change: (s) => (apiFunction(s).logging_config.application_log_level = 'DEBUG'),
    },
  ],
  passing: [
    {
      variant: 'INFO everywhere, events not logged, no sampling',
      change: (s) => {
        setVariables({
          POWERTOOLS_LOG_LEVEL: 'INFO',
          POWERTOOLS_LOGGER_LOG_EVENT: 'false',
          POWERTOOLS_LOGGER_SAMPLE_RATE: '0',
        })(s);
        Object.assign(apiFunction(s).logging_config, { application_log_level: 'INFO', system_log_level: 'WARN' });
      },
    },
    { variant: 'LOG_LEVEL=WARN', change: setVariables({ LOG_LEVEL: 'WARN' }) },
  ],
});
