import { label } from '../../model/lookup';
import { isExpression, readBoolean, valueAt } from '../../model/values';
import { defineResourceRule } from '../rule';
import { FUNCTION, variablesOf } from './functions';

/** The levels at which a function's logs carry payloads: what a handler logs "for debugging", events included. */
const VERBOSE_LEVELS = new Set(['DEBUG', 'TRACE']);
/** Environment variables that set a logger's level: Powertools reads POWERTOOLS_LOG_LEVEL, and LOG_LEVEL before it. */
const LEVEL_VARIABLES = ['POWERTOOLS_LOG_LEVEL', 'LOG_LEVEL'];

function levelProblem(where: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (isExpression(value)) return `${where} set by an expression the review cannot read (it may be DEBUG)`;
  const level = String(value).trim().toUpperCase();
  return VERBOSE_LEVELS.has(level) ? `${where}=${level}` : undefined;
}

export const lambdaNoEventLogging = defineResourceRule({
  id: 'lambda-no-event-logging',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'Functions do not log whole events or debug output (no DEBUG/TRACE level, no logged events)',
  description:
    "An API function's event is the whole request: headers (the caller's signature and identity), query string and " +
    'body, with whatever personal data the API stores. Logged, each one lands in the log group for as long as it is ' +
    'kept, readable by whoever can read logs. Powertools Logger logs every incoming event when ' +
    '`POWERTOOLS_LOGGER_LOG_EVENT` is true, and debug output (events and payloads included) when its level is DEBUG ' +
    '(`POWERTOOLS_LOG_LEVEL` or `LOG_LEVEL`), and every log item whatever the level for a sampled share of invocations ' +
    '(`POWERTOOLS_LOGGER_SAMPLE_RATE` above 0); Lambda itself passes DEBUG and TRACE application logs through when `logging_config.application_log_level` ' +
    'says so. Any of these in a function of the stack fails, as does a value the review cannot read (an expression).',
  remediation:
    'Leave the log level at INFO or above, `POWERTOOLS_LOGGER_LOG_EVENT` unset or false and the sample rate unset or 0; ' +
    'debug a function on a non-production stack with a short-lived change.',
  docs: [
    'https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html',
    'https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#logging_config',
  ],
  appliesTo: FUNCTION,
  problem: (fn) => {
    const variables = variablesOf(fn.values);
    const problems = [
      levelProblem('logging_config.application_log_level', valueAt(fn.values, 'logging_config.application_log_level')),
      ...LEVEL_VARIABLES.map((name) => levelProblem(name, variables[name])),
    ];
    const logEvent = variables['POWERTOOLS_LOGGER_LOG_EVENT'];
    const logEventReading = readBoolean(logEvent);
    if (logEventReading === true) problems.push('POWERTOOLS_LOGGER_LOG_EVENT=true (every event logged)');
    if (logEventReading === 'unknown')
      problems.push('POWERTOOLS_LOGGER_LOG_EVENT set to a value the review cannot read as false');
    const sampleRate = variables['POWERTOOLS_LOGGER_SAMPLE_RATE'];
    if (sampleRate !== undefined && sampleRate !== null && sampleRate !== '') {
      if (isExpression(sampleRate) || !(Number(sampleRate) === 0))
        problems.push(
          `POWERTOOLS_LOGGER_SAMPLE_RATE=${isExpression(sampleRate) ? '(an expression)' : String(sampleRate)} (DEBUG for sampled invocations)`,
        );
    }
    const found = problems.filter((problem): problem is string => problem !== undefined);
    return found.length > 0 ? `${label(fn)} logs at debug level or logs its events: ${found.join(', ')}` : undefined;
  },
});
