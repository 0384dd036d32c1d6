import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource } from '../../testing/fixtures';
import { alarm } from './fixture-edits';
import { statefulAndFunctionsAlarmed } from './stateful-and-functions-alarmed';

export default defineCases({
  rule: statefulAndFunctionsAlarmed,
  failing: [
    { variant: 'the DB CPU alarm without dimensions', change: (s) => delete alarm(s, 'db-cpu').dimensions },
    {
      variant: 'a proxy whose only alarm pages a topic outside this stack',
      change: (s) =>
        (alarm(s, 'proxy-auth-failures').alarm_actions = ['arn:aws:sns:ap-northeast-2:123456789012:elsewhere']),
    },
    {
      variant: 'a function whose only alarm has actions_enabled=false',
      change: (s) => (alarm(s, 'rotation-errors').actions_enabled = false),
    },
    { variant: 'an API alarm on another stage only', change: (s) => (alarm(s, 'api-5xx').dimensions.Stage = 'prod') },
    {
      variant: 'a function added without any alarm',
      change: (s) =>
        addSynthResource(s, 'aws_lambda_function', 'worker', {
          ...synthResource(s, 'aws_lambda_function', 'api-function/function'),
          function_name: 'rds-platform-dev-worker',
        }),
    },
  ],
  passing: [
    {
      variant: 'alarms naming what they watch by literal name (as a plan shows known names), on the whole API',
      change: (s) => {
        alarm(s, 'db-cpu').dimensions = { DBInstanceIdentifier: 'rds-platform-dev' };
        alarm(s, 'proxy-auth-failures').dimensions = { ProxyName: 'rds-platform-dev' };
        alarm(s, 'api-errors').dimensions = { FunctionName: 'rds-platform-dev-api' };
        alarm(s, 'api-5xx').dimensions = { ApiId: '${aws_apigatewayv2_api.http-api_FA544390.id}' };
      },
    },
    {
      variant: 'a metric-math alarm on the function (dimensions inside metric_query)',
      change: (s) => {
        const errors = alarm(s, 'rotation-errors');
        const dimensions = errors.dimensions;
        for (const key of ['dimensions', 'metric_name', 'namespace', 'period', 'statistic']) delete errors[key];
        errors.metric_query = [
          { id: 'e', expression: 'errors', return_data: true },
          {
            id: 'errors',
            metric: { metric_name: 'Errors', namespace: 'AWS/Lambda', period: 300, stat: 'Sum', dimensions },
          },
        ];
      },
    },
  ],
});
