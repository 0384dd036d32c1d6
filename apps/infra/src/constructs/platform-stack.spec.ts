import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformStack } from './platform-stack';
import { synthesize, TEST_SETTINGS } from '../testing/synth-json';

describe('PlatformStack', () => {
  it('is found from any construct inside it, however deep', () => {
    synthesize((stack) => {
      const deep = new Construct(new Construct(stack, 'a'), 'b');
      expect(PlatformStack.of(deep)).toBe(stack);
      expect(PlatformStack.of(deep).settings).toEqual(TEST_SETTINGS);
    });
  });

  it('fails with the construct path for a construct outside one', () => {
    const plain = new Construct(new TerraformStack(Testing.app(), 'plain'), 'orphan');
    expect(() => PlatformStack.of(plain)).toThrow('plain/orphan is not inside a PlatformStack: create it in one.');
  });

  it('builds names, service hosts and ARNs in its own region and account', () => {
    synthesize((stack) => {
      expect(stack.resourceName('proxy')).toBe('rdsp-dev-proxy');
      expect(stack.serviceHost('secretsmanager')).toBe('secretsmanager.eu-west-1.amazonaws.com');
      expect(stack.arn('ec2', 'subnet/x')).toBe('arn:aws:ec2:eu-west-1:123456789012:subnet/x');
    });
  });
});
