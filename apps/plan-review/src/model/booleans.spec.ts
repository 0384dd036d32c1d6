import { describeBoolean, readBoolean } from './values';

describe('readBoolean', () => {
  it.each([
    [true, true],
    [false, false],
    ['true', true],
    ['false', false],
    ['1', true],
    ['0', false],
    ['${true}', true],
    ['${ false }', false],
  ])('reads %j as Terraform converts it (%j)', (value, expected) => {
    expect(readBoolean(value)).toBe(expected);
  });

  it.each(['${var.pub}', '${1 == 1}', '${true && var.x}', 'yes', 'TRUE', 1, {}])(
    'cannot tell %j at plan time',
    (value) => expect(readBoolean(value)).toBe('unknown'),
  );

  it('keeps unset apart from false', () => {
    expect(readBoolean(undefined)).toBe('unset');
    expect(readBoolean(null)).toBe('unset');
  });

  it('describes an expression without repeating it', () => {
    expect(describeBoolean('publicly_accessible', '${var.pub}')).toBe(
      'publicly_accessible set by an expression the review cannot tell at plan time',
    );
    expect(describeBoolean('require_tls', 'false')).toBe('require_tls=false');
    expect(describeBoolean('require_tls', undefined)).toBe('require_tls unset');
  });
});
