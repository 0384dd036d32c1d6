/** The input cannot be reviewed (missing, not JSON, not a Terraform/CDKTF document, not AWS): exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
