import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The AWS provider that @cdktf/provider-aws 20.1.0 generates bindings for. */
export const AWS_PROVIDER_VERSION = '5.100.0';
export const DEFAULT_PROVIDER_MIRROR = '/opt/tf-plugins';
/** S3-native state locking (`use_lockfile`) arrived in Terraform 1.10. */
const MINIMUM_TERRAFORM_MINOR = 10;
const AWS_PROVIDER_SOURCE = 'registry.terraform.io/hashicorp/aws';

/** Terraform or the provider mirror is missing; the message says how to provide it. */
export class TerraformSetupError extends Error {
  override name = 'TerraformSetupError';
}

export class TerraformCommandError extends Error {
  override name = 'TerraformCommandError';
}

/** The filesystem mirror holding the AWS provider: `$TF_PROVIDER_MIRROR`, else /opt/tf-plugins. */
export function providerMirrorPath(environment: NodeJS.ProcessEnv = process.env): string {
  return environment.TF_PROVIDER_MIRROR || DEFAULT_PROVIDER_MIRROR;
}

/** The installed Terraform version; fails with install instructions when `terraform` is not on PATH. */
export function terraformVersion(environment: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync('terraform', ['version', '-json'], {
    encoding: 'utf8',
    env: { ...environment, CHECKPOINT_DISABLE: '1' },
  });
  if (result.error || result.status !== 0) {
    throw new TerraformSetupError(
      'terraform was not found on PATH. Install Terraform >= 1.10 (S3 native locking needs it): ' +
        'https://developer.hashicorp.com/terraform/install, or `apt-get install terraform` from the HashiCorp apt repository.',
    );
  }
  const version = (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  const [major, minor] = version.split('.').map(Number);
  if (major < 1 || (major === 1 && minor < MINIMUM_TERRAFORM_MINOR)) {
    throw new TerraformSetupError(
      `terraform ${version} is too old: the S3 backend's use_lockfile needs Terraform >= 1.${MINIMUM_TERRAFORM_MINOR}. ` +
        'Install a newer one: https://developer.hashicorp.com/terraform/install.',
    );
  }
  return version;
}

/** Fails with instructions unless `mirror` holds the AWS provider for this platform in the unpacked layout. */
export function assertProviderMirror(mirror: string): void {
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const providerFolder = path.join(mirror, AWS_PROVIDER_SOURCE, AWS_PROVIDER_VERSION, platform);
  if (!existsSync(providerFolder)) {
    throw new TerraformSetupError(
      `The AWS provider ${AWS_PROVIDER_VERSION} is not in the filesystem mirror (looked for ${providerFolder}). ` +
        'On a machine with internet, run `terraform providers mirror -platform=linux_amd64 <dir>` inside ' +
        'cdktf.out/stacks/dev, copy <dir> here and point TF_PROVIDER_MIRROR at it (default /opt/tf-plugins).',
    );
  }
}

/** A Terraform CLI config that installs the AWS provider from the mirror only: no registry access needed. */
export function writeMirrorCliConfig(file: string, mirror: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    [
      'provider_installation {',
      `  filesystem_mirror {`,
      `    path    = ${JSON.stringify(path.resolve(mirror))}`,
      `    include = ["${AWS_PROVIDER_SOURCE}"]`,
      '  }',
      '  direct {',
      `    exclude = ["${AWS_PROVIDER_SOURCE}"]`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return file;
}

export interface TerraformRunOptions {
  readonly cwd: string;
  /** A CLI config file (TF_CLI_CONFIG_FILE); without it Terraform uses the user's own config. */
  readonly cliConfigFile?: string;
  /** Stream Terraform's output to the console instead of capturing it. @default false */
  readonly streamOutput?: boolean;
}

function terraformEnvironment(options: TerraformRunOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(options.cliConfigFile ? { TF_CLI_CONFIG_FILE: options.cliConfigFile } : {}),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

function commandError(args: readonly string[], options: TerraformRunOptions, status: number | null, output: string) {
  return new TerraformCommandError(`terraform ${args[0]} failed in ${options.cwd} (exit ${status}):\n${output.trim()}`);
}

/** Runs one terraform command non-interactively; throws with Terraform's own error output when it fails. */
export function runTerraform(args: readonly string[], options: TerraformRunOptions): string {
  const result = spawnSync('terraform', args, {
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: options.streamOutput ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    env: terraformEnvironment(options),
  });
  if (result.error) throw new TerraformSetupError(`terraform could not start: ${result.error.message}`);
  if (result.status !== 0)
    throw commandError(args, options, result.status, `${result.stderr ?? ''}${result.stdout ?? ''}`);
  return result.stdout ?? '';
}

/** runTerraform without blocking, so that several stacks can be planned at once; output is always captured. */
export function runTerraformAsync(args: readonly string[], options: TerraformRunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: terraformEnvironment(options),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => reject(new TerraformSetupError(`terraform could not start: ${error.message}`)));
    child.on('close', (status) => {
      const out = Buffer.concat(stdout).toString('utf8');
      if (status === 0) resolve(out);
      else reject(commandError(args, options, status, `${Buffer.concat(stderr).toString('utf8')}${out}`));
    });
  });
}
