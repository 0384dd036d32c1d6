import { DEFAULT_EXCLUDED_PASSWORD_CHARACTERS, excludedPasswordCharacters } from './secret-store';

describe('excludedPasswordCharacters', () => {
  it('excludes what breaks connection strings by default, as the Python template does and more', () => {
    expect([...excludedPasswordCharacters({})].sort()).toEqual([...DEFAULT_EXCLUDED_PASSWORD_CHARACTERS].sort());
    for (const character of `/@"'\\:`) expect(excludedPasswordCharacters({})).toContain(character);
  });

  it('lets EXCLUDE_CHARACTERS add characters but never drop the defaults', () => {
    const excluded = excludedPasswordCharacters({ EXCLUDE_CHARACTERS: '~!' });

    expect(excluded).toContain('~');
    expect(excluded).toContain('!');
    for (const character of DEFAULT_EXCLUDED_PASSWORD_CHARACTERS) expect(excluded).toContain(character);
  });
});
