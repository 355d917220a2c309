import * as vscode from '../../vscode-api';
import type { OpsType } from '../../../eci/instance-ops-task';
import { countOpsRecords, followOpsRecord, opsRecordOutcome, tcpdumpOpsValue } from '../../../eci/instance-ops-task';
import { createInstanceOpsTask } from '../../../eci/operations';
import { followInNotification } from '../../follow-in-notification';
import type { ExtensionServices } from '../../services';
import { diagnosticsOptionsArg } from '../command-args';
import type { DiagnosticsOptions } from '../command-args';
import { groupLabel, groupTargets } from './group-target';

/** What Collect Diagnostics did: the task it made, and its record as it stood when the command ended. */
export interface DiagnosticsOutcome {
  readonly containerGroupId: string;
  readonly opsType: OpsType;
  /** Ready (still collecting: the time ran out, or the person stopped following), Success, Failed, Closed… */
  readonly status: string;
  /** Where the files are (an OSS URL), once the record is Success. */
  readonly result: string | undefined;
}

/** Core dumps wait for a crash: the notification follows them this long, and a capture its duration and this. */
const COREDUMP_FOLLOW_MS = 10 * 60_000;
const CAPTURE_MARGIN_MS = 2 * 60_000;

const CHOICES: readonly { label: string; detail: string; choice: NonNullable<DiagnosticsOptions['opsType']> }[] = [
  {
    label: '$(pulse) Capture network traffic (tcpdump)',
    detail: "Captures the group's traffic for a while; the capture is kept in OSS.",
    choice: 'tcpdump',
  },
  {
    label: '$(bug) Collect core dumps (coredump)',
    detail: 'A container that crashes from now on leaves its core file in OSS.',
    choice: 'coredump',
  },
  {
    label: '$(circle-slash) Stop collecting core dumps',
    detail: 'Turns core dump collection off for the group.',
    choice: 'coredump-off',
  },
];

/**
 * ECI: Collect Diagnostics — an instance O&M task in a group (CreateInstanceOpsTask): a network capture or core
 * dumps, followed (DescribeInstanceOpsRecords) in a notification until its record is over; then says where the
 * files are and offers the group's past records (ECI: Show Diagnostics Records).
 */
export async function collectDiagnostics(
  services: ExtensionServices,
  arg?: unknown,
  given?: unknown,
): Promise<DiagnosticsOutcome | undefined> {
  const options = diagnosticsOptionsArg(given);
  const [target] = await groupTargets(services, [arg], false);
  if (target === undefined) return undefined;
  const label = groupLabel(target);
  const kind =
    options.opsType ??
    (await services.prompter.pick(CHOICES, { title: `Collect diagnostics in ${label}`, matchOnDetail: true }))?.choice;
  if (kind === undefined) return undefined;
  const opsType: OpsType = kind === 'tcpdump' ? 'tcpdump' : 'coredump';
  let duration: number | undefined;
  if (kind === 'tcpdump') {
    const text =
      options.durationSeconds === undefined
        ? await services.prompter.input({
            title: `Capture network traffic in ${label}: for how many seconds`,
            value: '60',
            ignoreFocusOut: true,
            validateInput: (v) =>
              /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 3600 ? undefined : '1–3600 seconds',
          })
        : String(options.durationSeconds);
    if (text === undefined) return undefined;
    duration = Number(text);
    if (!Number.isInteger(duration) || duration < 1 || duration > 3600)
      throw new Error(`A capture lasts 1–3600 seconds, not ${text}.`);
  }
  const place = { containerGroupId: target.group.ContainerGroupId, opsType, regionId: target.regionId };
  // Counted first, so that the record followed is this task's, not an earlier one of the same type.
  const ref = { ...place, recordsBefore: await countOpsRecords(target.client, place) };
  const { Result, RequestId } = await createInstanceOpsTask(
    target.client,
    {
      ContainerGroupId: ref.containerGroupId,
      OpsType: opsType,
      OpsValue: kind === 'tcpdump' ? tcpdumpOpsValue(duration ?? 60) : kind === 'coredump' ? 'enable' : 'disable',
    },
    { regionId: target.regionId },
  );
  services.log.info(
    `Instance O&M task ${kind} in ${ref.containerGroupId}: ${Result ?? 'done'} (request ${RequestId ?? 'n/a'})`,
  );
  if (kind === 'coredump-off') {
    void services.prompter.notify({
      message: `Core dumps are no longer collected in ${label}.`,
      severity: 'info',
      actions: [],
    });
    return { containerGroupId: ref.containerGroupId, opsType, status: 'Closed', result: undefined };
  }

  const limitMs =
    options.timeoutMs ?? (kind === 'tcpdump' ? (duration ?? 60) * 1000 + CAPTURE_MARGIN_MS : COREDUMP_FOLLOW_MS);
  const followed = await followInNotification(
    kind === 'tcpdump'
      ? `Capturing network traffic in ${label} for ${duration ?? 60} s`
      : `Collecting core dumps in ${label}: waiting for a container to crash`,
    (signal, say) =>
      followOpsRecord(target.client, ref, {
        signal,
        intervalMs: options.intervalMs,
        timeoutMs: limitMs,
        onChange: (record) =>
          say(
            record.OpsStatus !== 'Ready'
              ? record.OpsStatus
              : kind === 'tcpdump'
                ? 'Capturing…'
                : 'Core dumps on; no crash yet…',
          ),
      }),
  );
  // Through the prompter, like every message with a button: tests read what it says and click it.
  const showRecords = (text: string, ok: boolean): void => {
    const action = 'Show Past Records';
    void services.prompter
      .notify({ message: text, severity: ok ? 'info' : 'warning', actions: [action] })
      .then((choice) =>
        choice === undefined
          ? undefined
          : vscode.commands.executeCommand('eci.showOpsRecords', {
              containerGroupId: ref.containerGroupId,
              regionId: ref.regionId,
            }),
      );
  };
  const what = kind === 'tcpdump' ? 'The network capture' : 'Core dump collection';
  if (followed === undefined) {
    showRecords(`Stopped following; ${what.toLowerCase()} in ${label} goes on.`, true);
    return { containerGroupId: ref.containerGroupId, opsType, status: 'Ready', result: undefined };
  }
  const { value: record, done } = followed;
  if (!done) {
    showRecords(
      kind === 'coredump'
        ? `Core dumps stay on in ${label}: no container crashed within ${Math.round(limitMs / 60_000)} minutes.`
        : `${what} in ${label} is still running after ${Math.round(limitMs / 1000)} s.`,
      true,
    );
    return { containerGroupId: ref.containerGroupId, opsType, status: record.OpsStatus, result: undefined };
  }
  const outcome = opsRecordOutcome(record);
  services.log.info(`Instance O&M record ${opsType} of ${ref.containerGroupId}: ${record.OpsStatus}`);
  showRecords(`${label}: ${outcome.text}`, outcome.ok);
  return {
    containerGroupId: ref.containerGroupId,
    opsType,
    status: record.OpsStatus,
    result: record.ResultContent === '' ? undefined : record.ResultContent,
  };
}
