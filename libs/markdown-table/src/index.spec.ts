import { markdownTable } from './index';

describe('markdownTable', () => {
  it('pads every column to its widest cell (at least 3), as Prettier formats a Markdown table', () => {
    expect(markdownTable(['a', 'long header'], [['wide cell', 'x']])).toBe(
      ['| a         | long header |', '| --------- | ----------- |', '| wide cell | x           |'].join('\n'),
    );
  });

  it('escapes a pipe inside a cell', () => {
    expect(markdownTable(['rule'], [['md|json']])).toBe(['| rule     |', '| -------- |', '| md\\|json |'].join('\n'));
  });
});
