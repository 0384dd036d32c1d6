import { isExpression } from '../../model/values';

/** Where RDS for MySQL lists each major version's end of standard support ("Supported MySQL major versions"). */
const MYSQL_RELEASE_CALENDAR =
  'https://docs.aws.amazon.com/AmazonRDS/latest/MySQLReleaseNotes/mysql-release-calendar.html';

/**
 * The last day of RDS standard support of every engine major version the review knows, by engine, each with the AWS
 * page it comes from. Past it, RDS keeps the instance running on paid Extended Support, or upgrades it if it opted out
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html). A major version or engine not
 * listed fails: add it here with its date from its engine's release calendar.
 *
 * What was confirmed when this table was written (2026-12-07), against the AWS documentation at hand: 5.7's date,
 * which the Extended Support page gives as its example ("the RDS end of standard support date for RDS for MySQL
 * version 5.7 is February 29, 2024"). Not confirmed from AWS itself: the calendar's table could not be read. 8.0's
 * 2026-07-31 is the date apps/infra/src/config/engine-version.ts states from that calendar (a third party, an issue of
 * buttonmen-dev/buttonmen, gives the same); 8.4's 2029-07-31 is the calendar's as issue 19 quotes it. Check both
 * against the calendar when touching this table. MariaDB's and PostgreSQL's calendars were not sourced: an instance of
 * either fails as an unknown engine until their dates are added.
 */
export const RDS_STANDARD_SUPPORT_ENDS: Readonly<
  Record<string, Readonly<Record<string, { readonly ends: string; readonly source: string }>>>
> = {
  mysql: {
    '5.7': { ends: '2024-02-29', source: MYSQL_RELEASE_CALENDAR },
    '8.0': { ends: '2026-07-31', source: MYSQL_RELEASE_CALENDAR },
    '8.4': { ends: '2029-07-31', source: MYSQL_RELEASE_CALENDAR },
  },
};

/**
 * The reviewed opt-in to paid Extended Support: the only `engine_lifecycle_support` a version past standard support
 * passes with.
 */
export const EXTENDED_SUPPORT_OPT_IN = 'open-source-rds-extended-support';
const OPT_OUT = 'open-source-rds-extended-support-disabled';

/**
 * Why a DB instance's (or Multi-AZ DB cluster's) engine version is past RDS standard support on `today`
 * (`YYYY-MM-DD`) without the reviewed opt-in, or undefined when it is fine. Unset, `engine_version` is RDS's default
 * for the engine, a current version: it passes.
 */
export function engineSupportProblem(values: Record<string, unknown>, today: string): string | undefined {
  const { engine, engine_version: version, engine_lifecycle_support: lifecycle } = values;
  if (typeof engine !== 'string' || engine === '' || isExpression(engine)) {
    return `has an engine the review cannot read (${String(engine ?? 'unset')}), so not its RDS standard support dates`;
  }
  const majors = Object.hasOwn(RDS_STANDARD_SUPPORT_ENDS, engine) ? RDS_STANDARD_SUPPORT_ENDS[engine] : undefined;
  if (!majors) {
    return `runs ${engine}, an engine the review has no RDS standard support dates for: add its major versions to RDS_STANDARD_SUPPORT_ENDS in apps/plan-review/src/rules/rds/standard-support.ts with their dates from its release calendar`;
  }
  if (version === undefined || version === null || version === '') return undefined;
  const major = majorVersion(version);
  if (!major) return `has an engine_version the review cannot read (${String(version)})`;
  const support = Object.hasOwn(majors, major) ? majors[major] : undefined;
  if (!support) {
    return `runs ${engine} ${major}, a major version the review has no dates for: add it to RDS_STANDARD_SUPPORT_ENDS in apps/plan-review/src/rules/rds/standard-support.ts with its end of standard support from ${Object.values(majors)[0].source}`;
  }
  if (today <= support.ends || lifecycle === EXTENDED_SUPPORT_OPT_IN) return undefined;
  const past = `runs ${engine} ${major}, whose RDS standard support ended on ${support.ends} (${support.source})`;
  const fix = `upgrade engine_version to a major version in standard support, or set engine_lifecycle_support = "${EXTENDED_SUPPORT_OPT_IN}" to accept the Extended Support charge as a reviewed choice`;
  if (lifecycle === undefined || lifecycle === null || lifecycle === '') {
    return `${past}, and sets no engine_lifecycle_support: RDS enrolls it in paid Extended Support automatically; ${fix}`;
  }
  if (lifecycle === OPT_OUT) {
    // Opted out past standard support, creating the instance fails (CreateDBInstance, EngineLifecycleSupport:
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html), and RDS upgrades an
    // existing one to the next major version itself, at a time RDS chooses (extended-support.html): an
    // unplanned major upgrade. The infra refuses the combination too (apps/infra/src/config/engine-version.ts).
    return `${past}, and opts out of Extended Support (engine_lifecycle_support = "${OPT_OUT}"): RDS refuses to create it, and upgrades an existing one to the next major version at a time RDS chooses; ${fix}`;
  }
  return isExpression(lifecycle)
    ? `${past}, and sets engine_lifecycle_support to ${String(lifecycle)}, which the review cannot read; ${fix}`
    : `${past}, and sets engine_lifecycle_support = "${String(lifecycle)}", not the opt-in; ${fix}`;
}

/** `8.0` of `8.0.39` or `8.0`; undefined for anything else (an expression, `8`). */
function majorVersion(version: unknown): string | undefined {
  return typeof version === 'string' ? /^(\d+\.\d+)(?:\.\d+)?$/.exec(version)?.[1] : undefined;
}

/**
 * Whether RDS bills Extended Support for a DB instance on `today`: its engine's major version is past the end of
 * standard support and it did not opt out (it opted in, or left engine_lifecycle_support unset and RDS enrolled it:
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html). A version the table has no date for
 * is not billed here; rds-engine-in-standard-support fails it.
 */
export function extendedSupportBilled(values: Record<string, unknown>, today: string): boolean {
  const { engine, engine_version: version, engine_lifecycle_support: lifecycle } = values;
  const major = majorVersion(version);
  if (typeof engine !== 'string' || !major || lifecycle === OPT_OUT) return false;
  const majors = Object.hasOwn(RDS_STANDARD_SUPPORT_ENDS, engine) ? RDS_STANDARD_SUPPORT_ENDS[engine] : {};
  return Object.hasOwn(majors, major) && today > majors[major].ends;
}
