import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  assertProviderMirror,
  DEFAULT_PROVIDER_MIRROR,
  providerMirrorPath,
  TerraformCommandError,
  TerraformSetupError,
  runTerraform,
  runTerraformAsync,
  terraformVersion,
  writeMirrorCliConfig,
} from './terraform-cli';

describe('terraform prerequisites', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'infra-terraform-cli-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('GIVEN no terraform on PATH THEN it fails saying how to install Terraform', () => {
    expect(() => terraformVersion({ PATH: folder })).toThrow(TerraformSetupError);
    expect(() => terraformVersion({ PATH: folder })).toThrow(
      /terraform was not found on PATH\. Install Terraform >= 1\.10/,
    );
  });

  it('GIVEN a terraform older than 1.10 THEN it fails saying use_lockfile needs a newer one', () => {
    const fakeBin = path.join(folder, 'old-terraform');
    mkdirSync(fakeBin);
    writeFileSync(path.join(fakeBin, 'terraform'), '#!/bin/sh\necho \'{"terraform_version":"1.5.7"}\'\n', {
      mode: 0o755,
    });
    expect(() => terraformVersion({ PATH: `${fakeBin}:/usr/bin:/bin` })).toThrow(
      /terraform 1\.5\.7 is too old: the S3 backend's use_lockfile needs Terraform >= 1\.10/,
    );
  });

  it('GIVEN the installed terraform THEN it reports its version', () => {
    expect(terraformVersion()).toMatch(/^1\.\d+\.\d+/);
  });

  it('GIVEN a mirror without the AWS provider THEN it fails naming the folder and TF_PROVIDER_MIRROR', () => {
    expect(() => assertProviderMirror(folder)).toThrow(TerraformSetupError);
    expect(() => assertProviderMirror(folder)).toThrow(
      new RegExp(`looked for ${folder}/registry\\.terraform\\.io/hashicorp/aws/5\\.100\\.0/.*TF_PROVIDER_MIRROR`),
    );
  });

  it('reads the mirror from TF_PROVIDER_MIRROR, defaulting to /opt/tf-plugins', () => {
    expect(providerMirrorPath({ TF_PROVIDER_MIRROR: '/mirror' })).toBe('/mirror');
    expect(providerMirrorPath({})).toBe(DEFAULT_PROVIDER_MIRROR);
  });

  it('writes a CLI config that installs the AWS provider from the mirror only', () => {
    const config = readFileSync(writeMirrorCliConfig(path.join(folder, 'cli.tfrc'), '/mirror'), 'utf8');
    expect(config).toContain(
      'filesystem_mirror {\n    path    = "/mirror"\n    include = ["registry.terraform.io/hashicorp/aws"]',
    );
    expect(config).toContain('direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]');
  });

  it('GIVEN a failing terraform command THEN the error carries terraform’s own message', () => {
    const broken = path.join(folder, 'broken');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'main.tf'), 'variable "unclosed" {\n');
    expect(() => runTerraform(['validate', '-no-color'], { cwd: broken })).toThrow(TerraformCommandError);
    expect(() => runTerraform(['validate', '-no-color'], { cwd: broken })).toThrow(
      /terraform validate failed in .*broken \(exit 1\):\n.*Error/s,
    );
  });

  it('GIVEN a failing terraform command run without blocking THEN it rejects with the same message', async () => {
    const broken = path.join(folder, 'broken-async');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'main.tf'), 'variable "unclosed" {\n');
    await expect(runTerraformAsync(['validate', '-no-color'], { cwd: broken })).rejects.toThrow(TerraformCommandError);
    await expect(runTerraformAsync(['validate', '-no-color'], { cwd: broken })).rejects.toThrow(
      /terraform validate failed in .*broken-async \(exit 1\):\n.*Error/s,
    );
    await expect(runTerraformAsync(['version', '-json'], { cwd: broken })).resolves.toContain('terraform_version');
  });
});
