import { markdownTable } from '@rds-platform/markdown-table';
import type { CostDelta, CostEstimate, CostLine } from '../cost/estimate';
import { USAGE_LABELS, type UsageAssumptions } from '../cost/usage-assumptions';

/** The estimate of the reviewed stack and, with `--base`, how the change moves it. */
export interface CostReport {
  readonly estimate: CostEstimate;
  readonly delta?: CostDelta;
}

/** How many changed lines the comment names under the delta before the details. */
const TOP_CHANGES = 3;
const PRICE_TABLE_FILE = 'apps/plan-review/src/cost/price-table.json';

/**
 * The comment's cost section: the total, what it rests on (an estimate, the price table's date and Region, how many of
 * its prices were not read from AWS), the delta since the base with its largest lines, what could not be priced; and,
 * when `withDetails`, every line and the usage assumed, folded away.
 */
export function costSection({ estimate, delta }: CostReport, withDetails: boolean): string[] {
  return [
    '### Estimated monthly cost',
    '',
    headline(estimate),
    ...(delta ? ['', ...deltaLines(delta)] : []),
    ...(estimate.notPriced.length
      ? ['', `**Not priced** (not counted in the total): ${estimate.notPriced.length} resources; the details say why.`]
      : []),
    '',
    ...(withDetails ? details(estimate) : []),
  ];
}

function headline(estimate: CostEstimate): string {
  const basis =
    `an **estimate** at on-demand list prices from the price table of ${estimate.asOf}` +
    (estimate.unverifiedPrices
      ? ` (${estimate.unverifiedPrices} of the prices used were not read from an AWS page)`
      : '') +
    ', with assumed usage; no free tier, data transfer, backups beyond the free allowance, taxes or discounts';
  if (!estimate.regionPriced) {
    const where = estimate.region ? `its Region, ${estimate.region},` : 'the Region of the plan';
    return `**No estimate**: the price table (${estimate.asOf}) has no prices for ${where} so nothing is priced (${basis}).`;
  }
  return `**${dollars(estimate.totalUsd)} a month** in ${estimate.region}: ${basis}.`;
}

function deltaLines(delta: CostDelta): string[] {
  const sign = delta.deltaUsd > 0 ? '+' : delta.deltaUsd < 0 ? '−' : '±';
  const head = `Change since \`${delta.base}\`: **${sign}${dollars(Math.abs(delta.deltaUsd))} a month** (from ${dollars(
    delta.baseTotalUsd,
  )}).`;
  const top = delta.changes
    .slice(0, TOP_CHANGES)
    .map(
      (change) => `- ${change.resource}: ${change.item}: ${dollars(change.beforeUsd)} → ${dollars(change.afterUsd)}`,
    );
  const more = delta.changes.length - top.length;
  return [
    head,
    ...(top.length ? ['', ...top] : []),
    ...(more > 0 ? [`- … and ${more} more lines (details below)`] : []),
  ];
}

/** The table's columns: what is billed, how, and for how much a month. */
export const COST_COLUMNS = ['Resource', 'What', 'Arithmetic', 'A month'];

/** One row per group of like lines (see `groupLines`), largest first. */
export function costRows(estimate: CostEstimate): string[][] {
  return groupLines(estimate.lines).map(({ lines, resource }) => [
    resource,
    lines[0].item,
    lines.length > 1 ? `${lines.length} x (${lines[0].formula})` : lines[0].formula,
    dollars(total(lines)),
  ]);
}

function details(estimate: CostEstimate): string[] {
  const rows = costRows(estimate);
  const notPriced = estimate.notPriced.map((entry) => [entry.resource, entry.reason]);
  return [
    `<details><summary>Every cost line, the usage assumed and the price sources</summary>`,
    '',
    ...(rows.length ? [markdownTable(COST_COLUMNS, rows), ''] : []),
    ...(notPriced.length ? [markdownTable(['Not priced', 'Why'], notPriced), ''] : []),
    `Usage assumed: ${usageText(estimate.usage)}.`,
    '',
    `Prices: \`${PRICE_TABLE_FILE}\` (each with its AWS source and whether it was read there); ${estimate.hoursPerMonth} hours a month. See docs/cost.md.`,
    '',
    '</details>',
    '',
  ];
}

/** Lines of one kind that cost the same (28 alarms on one metric, 4 keys) as one row, largest rows first. */
function groupLines(lines: readonly CostLine[]): { resource: string; lines: CostLine[] }[] {
  const groups = new Map<string, CostLine[]>();
  for (const line of lines) {
    const key = `${line.address.split('.')[0]}\u0000${line.item}\u0000${line.monthlyUsd}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return [...groups.values()]
    .map((group) => ({
      resource: group.length > 1 ? `${group.length} x ${group[0].address.split('.')[0]}` : group[0].resource,
      lines: group,
    }))
    .sort((a, b) => total(b.lines) - total(a.lines));
}

function total(lines: readonly CostLine[]): number {
  return lines.reduce((sum, line) => sum + line.monthlyUsd, 0);
}

export function usageText(usage: UsageAssumptions): string {
  return (Object.keys(USAGE_LABELS) as (keyof UsageAssumptions)[])
    .map((key) => `${USAGE_LABELS[key]}: ${usage[key].toLocaleString('en-US')}`)
    .join('; ');
}

/** `$1,234.50`: two decimals, as a bill shows it. */
export function dollars(amount: number): string {
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
