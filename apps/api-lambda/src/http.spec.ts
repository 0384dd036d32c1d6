import { isoTimestamp, json, jsonText, nowBody } from './http';

describe('isoTimestamp', () => {
  const builtIn = (date: Date) => {
    try {
      return date.toISOString();
    } catch (error) {
      return (error as Error).name;
    }
  };
  const ours = (date: Date) => {
    try {
      return isoTimestamp(date);
    } catch (error) {
      return (error as Error).name;
    }
  };

  it.each([
    ['the epoch', 0],
    ['a time with milliseconds', Date.UTC(2026, 11, 7, 14, 46, 0, 123)],
    ['one-digit fields', Date.UTC(2001, 0, 2, 3, 4, 5, 6)],
    ['year 0, first millisecond', -62167219200000],
    ['just before year 0', -62167219200001],
    ['year 999', -30641760000000],
    ['the last millisecond of 9999', 253402300799999],
    ['year 10000', 253402300800000],
    ['an invalid date', NaN],
  ])('writes %s as toISOString does', (_name, time) => {
    expect(ours(new Date(time))).toBe(builtIn(new Date(time)));
  });

  it('agrees with toISOString over 100,000 times spread across years 0-9999 and beyond', () => {
    let seed = 21;
    const random = () => {
      // A fixed sequence (Park-Miller), so a failure can be replayed.
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const mismatches: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const time = Math.floor((random() * 1.2 - 0.3) * 253402300799999);
      if (ours(new Date(time)) !== builtIn(new Date(time))) mismatches.push(time);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('nowBody', () => {
  it.each([
    ['a time with milliseconds', Date.UTC(2026, 11, 7, 14, 46, 0, 123)],
    ['year 0', -62167219200000],
    ['a year before 0', -62167219200001],
    ['year 10000', 253402300800000],
  ])('writes %s as JSON.stringify({ now }) does', (_name, time) => {
    expect(nowBody(new Date(time))).toBe(JSON.stringify({ now: new Date(time).toISOString() }));
  });

  it('throws for an invalid date, as toISOString does', () => {
    expect(() => nowBody(new Date(NaN))).toThrow(RangeError);
  });
});

describe('jsonText', () => {
  it('is json() with the body already serialized', () => {
    expect(jsonText(201, '{"a":1}', { 'x-extra': 'y' })).toEqual(json(201, { a: 1 }, { 'x-extra': 'y' }));
    expect(jsonText(200, '{"a":1}')).toEqual(json(200, { a: 1 }));
  });
});
