import { label } from '../../model/lookup';
import { asList, blocksAt } from '../../model/values';
import { defineResourceRule } from '../rule';

export const corsNoAnyOrigin = defineResourceRule({
  id: 'cors-no-any-origin',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'CORS of APIs, function URLs and buckets admits named origins only, not `*`',
  description:
    'CORS tells browsers which other web origins may call an endpoint from their scripts and read the answers. An ' +
    "allowed origin of `*` (or a pattern such as `https://*`) lets a script on any site do so with a visitor's " +
    'browser; API Gateway answers the preflight and adds the headers itself once CORS is configured, ignoring those ' +
    'of the integration. Naming the origins that serve our own front end keeps that defence in depth; it does not ' +
    'replace authorization.',
  remediation:
    'List the exact origins (`https://app.example.com`) in `allow_origins` / `allowed_origins`, or remove the CORS ' +
    'configuration when no browser calls the endpoint.',
  docs: [
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html',
  ],
  appliesTo: ['aws_apigatewayv2_api', 'aws_lambda_function_url', 'aws_s3_bucket_cors_configuration'],
  problem: (entry) => {
    const origins = [
      ...blocksAt(entry.values, 'cors_configuration').flatMap((cors) => asList(cors['allow_origins'])),
      ...blocksAt(entry.values, 'cors').flatMap((cors) => asList(cors['allow_origins'])),
      ...blocksAt(entry.values, 'cors_rule').flatMap((cors) => asList(cors['allowed_origins'])),
    ].map(String);
    return origins.some((origin) => origin.includes('*'))
      ? `${label(entry)} admits any origin in CORS (${origins.join(', ')})`
      : undefined;
  },
});
