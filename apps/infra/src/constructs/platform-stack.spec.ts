import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformStack } from './platform-stack';
import { sharedByArguments, synthesize, TEST_SETTINGS } from '../testing/synth-json';

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

describe('sharedByArguments (the spec helpers’ synth sharing)', () => {
  const counted = () => {
    const calls: unknown[][] = [];
    const shared = sharedByArguments((...args: unknown[]) => {
      calls.push(args);
      if (args[0] === 'throw') throw new Error('no synth');
      return { args };
    });
    return { calls, shared };
  };

  it('runs once per distinct set of plain-data arguments, compared by value', () => {
    const { calls, shared } = counted();
    expect(shared()).toBe(shared());
    expect(shared({ a: 1, b: [true, 'x'] })).toBe(shared({ b: [true, 'x'], a: 1 }));
    expect(shared({ a: 1 })).not.toBe(shared({ a: 2 }));
    expect(calls).toHaveLength(4);
  });

  it('tells an explicit undefined apart from a missing property, and a missing argument from none', () => {
    const { calls, shared } = counted();
    shared({});
    shared({ a: undefined });
    shared();
    shared(undefined);
    expect(calls).toHaveLength(4);
  });

  it('never shares a call with a function or a class instance among its arguments, nor one that threw', () => {
    const { calls, shared } = counted();
    const build = () => undefined;
    shared({}, build);
    shared({}, build);
    shared({ when: new Date(0) });
    shared({ when: new Date(0) });
    expect(() => shared('throw')).toThrow('no synth');
    expect(() => shared('throw')).toThrow('no synth');
    expect(calls).toHaveLength(6);
  });
});
