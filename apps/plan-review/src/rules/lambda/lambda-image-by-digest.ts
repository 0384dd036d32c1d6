import { label } from '../../model/lookup';
import { isExpression } from '../../model/values';
import { defineResourceRule } from '../rule';
import { FUNCTION } from './functions';

/** `<registry>/<repository>@sha256:<64 hex>`, or a digest given by an expression (`@${...image_digest}`). */
const BY_DIGEST = /@(sha256:[0-9a-f]{64}|\$\{[^}]+\})$/;

export const lambdaImageByDigest = defineResourceRule({
  id: 'lambda-image-by-digest',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'Container image functions name their image by digest, not by a mutable tag',
  description:
    "A zip function's code is in the plan (its file and hash); an image function's is whatever its `image_uri` names. " +
    'Lambda resolves a tag to a digest when the function is created or its code updated, and does not follow the tag ' +
    'afterwards: so with `:latest` (or any tag) the code that runs is whatever someone last pushed under that tag ' +
    'before the next apply, decided by whoever can push to the repository rather than by the reviewed change, and ' +
    'two applies of the same plan can deploy different code. A digest (`@sha256:...`) names exactly one image, so ' +
    'the change that deploys new code is a change of the digest, reviewed like any other.',
  remediation:
    'Set `image_uri` to `<repository uri>@sha256:<digest>` (for example from `aws_ecr_image.image_digest` or the ' +
    'build that pushed it).',
  docs: [
    'https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html',
    'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#image_uri',
  ],
  appliesTo: FUNCTION,
  problem: (fn) => {
    const imageUri = fn.values['image_uri'];
    const isImage = String(fn.values['package_type'] ?? 'Zip') === 'Image';
    if (!isImage && (typeof imageUri !== 'string' || imageUri === '')) return undefined;
    if (typeof imageUri !== 'string' || imageUri === '')
      return `${label(fn)} is an image function with no image_uri the review can read`;
    if (BY_DIGEST.test(imageUri)) return undefined;
    return isExpression(imageUri)
      ? `${label(fn)} names its image by an expression the review cannot read as a digest (${imageUri})`
      : `${label(fn)} names its image by a mutable tag (${imageUri}), not by digest`;
  },
});
