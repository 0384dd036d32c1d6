import type { MeterReport } from '../report/build-report';
import { renderJson, renderText } from '../report/render';
import type { TimelineMarker } from '../report/svg';
import { formatSeconds } from '../report/verdict';
import type { FailoverOutcome } from './failover';

/** The meter's report with the drill's facts; a failover that did not go through fails the run. */
export interface DrillReport extends MeterReport {
  readonly drill: FailoverOutcome;
}

export function withDrill(report: MeterReport, drill: FailoverOutcome): DrillReport {
  if (drill.problem === undefined) return { ...report, drill };
  const meterVerdict = report.verdict.replace(/^(PASS|FAIL): /, '');
  return { ...report, drill, ok: false, verdict: `FAIL: ${drill.problem}; ${meterVerdict}` };
}

export function renderDrillJson(report: DrillReport): string {
  const { drill } = report;
  const json = JSON.parse(renderJson(report)) as Record<string, unknown>;
  json.drill = {
    method: drill.method,
    dbInstanceIdentifier: drill.dbInstanceIdentifier,
    experimentTemplateId: drill.experimentTemplateId ?? null,
    experimentId: drill.experimentId ?? null,
    experimentState: drill.experimentState ?? null,
    experimentReason: drill.experimentReason ?? null,
    failoverRequestedAt: isoOrNull(drill.requestedAt),
    experimentEndedAt: isoOrNull(drill.experimentEndedAt),
    dbAvailableAt: isoOrNull(drill.dbAvailableAt),
    ...(drill.method === 'blue-green'
      ? {
          blueGreenDeploymentId: drill.blueGreenDeploymentId ?? null,
          switchoverTimeoutSeconds: drill.switchoverTimeoutSeconds ?? null,
          blueGreenStatus: drill.blueGreenStatus ?? null,
          blueGreenStatusDetails: drill.blueGreenStatusDetails ?? null,
          switchoverEndedAt: isoOrNull(drill.switchoverEndedAt),
        }
      : {}),
    problem: drill.problem ?? null,
  };
  return JSON.stringify(json, null, 2);
}

/** The meter's text report with the drill's lines just before the verdict. */
export function renderDrillText(report: DrillReport): string {
  const lines = renderText(report).split('\n');
  lines.splice(-1, 0, ...describeDrill(report.drill));
  return lines.join('\n');
}

function describeDrill(drill: FailoverOutcome): string[] {
  if (drill.method === 'blue-green') return describeSwitchover(drill);
  const how =
    drill.method === 'fis'
      ? `FIS experiment ${drill.experimentId ?? '(not started)'} from template ${drill.experimentTemplateId}` +
        `${drill.experimentState ? `: ${drill.experimentState}` : ''}${drill.experimentReason ? ` (${drill.experimentReason})` : ''}`
      : `RebootDBInstance ${drill.dbInstanceIdentifier} with ForceFailover`;
  const when =
    drill.requestedAt === undefined
      ? 'Failover not requested'
      : `Failover requested at ${new Date(drill.requestedAt).toISOString()}, DB available again ` +
        (drill.dbAvailableAt === undefined
          ? 'not reported'
          : `at ${new Date(drill.dbAvailableAt).toISOString()} (${formatSeconds(drill.dbAvailableAt - drill.requestedAt)} later)`);
  return [`Drill: ${how}`, when];
}

function describeSwitchover(drill: FailoverOutcome): string[] {
  const how =
    `Drill: SwitchoverBlueGreenDeployment ${drill.blueGreenDeploymentId} (SwitchoverTimeout ` +
    `${drill.switchoverTimeoutSeconds} s)${drill.blueGreenStatus ? `: ${drill.blueGreenStatus}` : ''}` +
    `${drill.blueGreenStatusDetails ? ` (${drill.blueGreenStatusDetails})` : ''}`;
  const when =
    drill.requestedAt === undefined
      ? 'Switchover not requested'
      : `Switchover requested at ${new Date(drill.requestedAt).toISOString()}, over ` +
        (drill.switchoverEndedAt === undefined
          ? 'not reported'
          : `at ${new Date(drill.switchoverEndedAt).toISOString()} (${formatSeconds(drill.switchoverEndedAt - drill.requestedAt)} later)`);
  return [how, when];
}

/** The drill's moments as lines on the SVG timeline. */
export function drillMarkers(drill: FailoverOutcome): TimelineMarker[] {
  const markers: TimelineMarker[] = [];
  if (drill.method === 'blue-green') {
    if (drill.requestedAt !== undefined) markers.push({ at: drill.requestedAt, label: 'switchover requested' });
    if (drill.switchoverEndedAt !== undefined) {
      const status = drill.blueGreenStatus ?? 'over';
      markers.push({ at: drill.switchoverEndedAt, label: status.toLowerCase().replace(/_/g, ' ') });
    }
    return markers;
  }
  if (drill.requestedAt !== undefined) markers.push({ at: drill.requestedAt, label: 'failover requested' });
  if (drill.experimentEndedAt !== undefined) {
    markers.push({ at: drill.experimentEndedAt, label: `experiment ${drill.experimentState}` });
  }
  if (drill.dbAvailableAt !== undefined) markers.push({ at: drill.dbAvailableAt, label: 'DB available' });
  return markers;
}

function isoOrNull(epochMilliseconds: number | undefined): string | null {
  return epochMilliseconds === undefined ? null : new Date(epochMilliseconds).toISOString();
}
