import { defineCases } from '../../testing/cases';
import type { SynthJson } from '../../testing/fixtures';
import { apiFunction } from './fixture-edits';
import { lambdaImageByDigest } from './lambda-image-by-digest';

const REPOSITORY = '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/rds-platform-dev-api';
const DIGEST = 'sha256:' + 'a1'.repeat(32);
const asImage = (imageUri: string) => (s: SynthJson) => {
  const fn = apiFunction(s);
  for (const key of ['filename', 'source_code_hash', 'runtime', 'handler']) delete fn[key];
  Object.assign(fn, { package_type: 'Image', image_uri: imageUri });
};

export default defineCases({
  rule: lambdaImageByDigest,
  failing: [
    { variant: 'an image by its latest tag', change: asImage(`${REPOSITORY}:latest`) },
    { variant: 'an image by a version tag', change: asImage(`${REPOSITORY}:v1.4.2`) },
    { variant: 'an image with no tag (latest implied)', change: asImage(REPOSITORY) },
    { variant: 'an image URI from a variable', change: asImage('${var.api_image}') },
    { variant: 'a truncated digest', change: asImage(`${REPOSITORY}@sha256:a1b2c3`) },
  ],
  passing: [
    { variant: 'an image by digest', change: asImage(`${REPOSITORY}@${DIGEST}`) },
    {
      variant: 'an image by a digest the ECR image data source reads',
      change: asImage(`\${aws_ecr_repository.api.repository_url}@\${data.aws_ecr_image.api.image_digest}`),
    },
  ],
});
