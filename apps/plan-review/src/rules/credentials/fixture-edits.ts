import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';

/** Edits of the fixture synth (testing/fixtures.ts) the credentials cases share. */

export const stage = (synth: SynthJson) => synthResource(synth, 'aws_apigatewayv2_stage');

export const stringParameter = (synth: SynthJson, name: string, value: string) =>
  addSynthResource(synth, 'aws_ssm_parameter', 'setting', { name, type: 'String', value });

/** A version of the stack's app secret that writes `secretString` through the write-only attribute. */
export const writeOnlySecret = (synth: SynthJson, secretString: string, name = 'app-secret-value') =>
  addSynthResource(synth, 'aws_secretsmanager_secret_version', name, {
    secret_id: '${aws_secretsmanager_secret.app-secret.id}',
    secret_string_wo: secretString,
    secret_string_wo_version: 1,
  });

export const awsProvider = (synth: SynthJson) => synth['provider']['aws'][0];

export const setLocal = (synth: SynthJson, name: string, value: unknown) =>
  (synth['locals'] = { ...synth['locals'], [name]: value });
