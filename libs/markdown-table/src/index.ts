/**
 * A Markdown table with its columns padded as Prettier pads them, so a table generated from code can be quoted in the
 * Prettier-formatted README and compared byte for byte. Shared by the infra app (security-group and alarm tables) and
 * the plan review (rule table).
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\|/g, '\\|')));
  const widths = all[0].map((_, column) => Math.max(3, ...all.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(all[0]), line(widths.map((width) => '-'.repeat(width))), ...all.slice(1).map(line)].join('\n');
}
