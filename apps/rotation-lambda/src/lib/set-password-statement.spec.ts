import { setOwnPasswordStatement } from './set-password-statement';

describe('setOwnPasswordStatement', () => {
  it.each([
    ['8.0.39', 'SET PASSWORD = ?'],
    ['8.4.3', 'SET PASSWORD = ?'],
    ['5.7.44-log', 'SET PASSWORD = PASSWORD(?)'],
    ['10.11.6-MariaDB-0+deb12u1', 'SET PASSWORD = PASSWORD(?)'],
    ['5.5.5-10.11.6-MariaDB', 'SET PASSWORD = PASSWORD(?)'],
  ])('chooses the statement for VERSION() %s', (version, statement) => {
    expect(setOwnPasswordStatement(version)).toBe(statement);
  });

  it('refuses a version it cannot read instead of guessing', () => {
    expect(() => setOwnPasswordStatement('unknown')).toThrow('Cannot tell the server kind');
  });
});
