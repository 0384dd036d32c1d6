/** GitHub refuses a comment body longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** A section of the report: fixed lines around a list that may be cut short as a last resort. */
export interface ReportSection {
  readonly name: string;
  readonly lines: readonly string[];
  /** For a list that may be truncated: where its items are in `lines`, and what one item is called. */
  readonly list?: { readonly start: number; readonly count: number; readonly noun: string };
}

/** A shorter version of one section (no lines: the section goes), and what a reader then misses. */
export interface Cut {
  readonly section: string;
  readonly lines: readonly string[];
  readonly leftOut: string;
}

/**
 * Joins the sections, applying the cuts in order until the text fits `limit`; then, if it still does not, truncates
 * the lists (failures, then stateful changes) with a count of what is missing. A note after the first section says
 * what was left out and that the JSON report has everything.
 */
export function fitComment(
  sections: readonly ReportSection[],
  cuts: readonly Cut[],
  limit: number = GITHUB_COMMENT_LIMIT,
  truncatable: readonly string[] = [],
): string {
  const current = new Map(sections.map((section) => [section.name, section]));
  const leftOut = new Map<string, string>();
  const render = () => join([...current.values()], [...leftOut.values()], limit);
  let text = render();
  for (const cut of cuts) {
    if (text.length <= limit) return text;
    if (!current.has(cut.section)) continue;
    current.set(cut.section, { name: cut.section, lines: cut.lines });
    leftOut.set(cut.section, cut.leftOut);
    text = render();
  }
  for (const name of truncatable) {
    const section = current.get(name);
    if (text.length <= limit || !section?.list) continue;
    const { list } = section;
    const keep = (kept: number) => {
      current.set(name, truncated(section, kept));
      leftOut.set(name, `${list.count - kept} of the ${list.count} ${list.noun}`);
      return render();
    };
    // With none kept, every count in the text has its most digits: what the items may add is what is left.
    let budget = limit - keep(0).length;
    let kept = 0;
    for (const item of section.lines.slice(list.start, list.start + list.count)) {
      if (item.length + 1 > budget) break;
      budget -= item.length + 1;
      kept += 1;
    }
    text = keep(kept);
  }
  return text.length <= limit ? text : hardCut(text, limit);
}

function truncated(section: ReportSection, kept: number): ReportSection {
  const list = section.list as NonNullable<ReportSection['list']>;
  const items = section.lines.slice(list.start, list.start + list.count);
  return {
    name: section.name,
    lines: [
      ...section.lines.slice(0, list.start),
      ...items.slice(0, kept),
      `- … and ${list.count - kept} more ${list.noun} (the JSON report lists them all)`,
      ...section.lines.slice(list.start + list.count),
    ],
  };
}

function join(sections: readonly ReportSection[], leftOut: readonly string[], limit: number): string {
  const [first, ...rest] = sections.map((section) => section.lines);
  const note = leftOut.length
    ? [
        `> **Shortened to fit one GitHub comment (${limit.toLocaleString('en-US')} characters).** Left out: ` +
          `${leftOut.join('; ')}. The JSON report (\`--format json\`) has everything.`,
        '',
      ]
    : [];
  return [...(first ?? []), ...note, ...rest.flat()].join('\n');
}

/** Last resort (a single item longer than the limit): cut the text itself, and say so. */
function hardCut(text: string, limit: number): string {
  const tail = '\n\n_… cut here to fit one GitHub comment; the JSON report has everything._\n';
  return text.slice(0, limit - tail.length) + tail;
}
