import { maskDatabaseUrl } from './local-server';

describe('maskDatabaseUrl', () => {
  it('hides a password holding URL-encoded ":" and "@" entirely', () => {
    const password = 'p:ss@w:rd';
    const url = `mysql://app:${encodeURIComponent(password)}@db.local:3306/app`;

    const masked = maskDatabaseUrl(url);

    expect(masked).toBe('mysql://app:***@db.local:3306/app');
    for (const leak of ['p%3Ass', 'w%3Ard', '%40']) expect(masked).not.toContain(leak);
  });

  it('hides a password written with raw ":" and "@" too', () => {
    const masked = maskDatabaseUrl('mysql://app:p:ss@w@db.local:3306/app');

    expect(masked).toBe('mysql://app:***@db.local:3306/app');
    expect(masked).not.toMatch(/p:ss|w@/);
  });

  it('leaves a URL without a password as it is', () => {
    expect(maskDatabaseUrl('mysql://app@127.0.0.1:3306/app')).toBe('mysql://app@127.0.0.1:3306/app');
  });

  it('never echoes a URL it cannot parse', () => {
    expect(maskDatabaseUrl('mysql://app:secret@')).not.toContain('secret');
  });
});
