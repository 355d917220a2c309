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

/** The pick's choices (made when asked: said in the language of the moment). */
const choices = (): readonly {
  label: string;
  detail: string;
  choice: NonNullable<DiagnosticsOptions['opsType']>;
}[] => [
  {
    label: `$(pulse) ${vscode.l10n.t('Capture network traffic (tcpdump)')}`,
    detail: vscode.l10n.t("Captures the group's traffic for a while; the capture is kept in OSS."),
    choice: 'tcpdump',
  },
  {
    label: `$(bug) ${vscode.l10n.t('Collect core dumps (coredump)')}`,
    detail: vscode.l10n.t('A container that crashes from now on leaves its core file in OSS.'),
    choice: 'coredump',
  },
  {
    label: `$(circle-slash) ${vscode.l10n.t('Stop collecting core dumps')}`,
    detail: vscode.l10n.t('Turns core dump collection off for the group.'),
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
    (
      await services.prompter.pick(choices(), {
        title: vscode.l10n.t('Collect diagnostics in {0}', label),
        matchOnDetail: true,
      })
    )?.choice;
  if (kind === undefined) return undefined;
  const opsType: OpsType = kind === 'tcpdump' ? 'tcpdump' : 'coredump';
  let duration: number | undefined;
  if (kind === 'tcpdump') {
    const text =
      options.durationSeconds === undefined
        ? await services.prompter.input({
            title: vscode.l10n.t('Capture network traffic in {0}: for how many seconds', label),
            value: '60',
            ignoreFocusOut: true,
            validateInput: (v) =>
              /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 3600 ? undefined : vscode.l10n.t('1–3600 seconds'),
          })
        : String(options.durationSeconds);
    if (text === undefined) return undefined;
    duration = Number(text);
    if (!Number.isInteger(duration) || duration < 1 || duration > 3600)
      throw new Error(vscode.l10n.t('A capture lasts 1–3600 seconds, not {0}.', text));
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
      message: vscode.l10n.t('Core dumps are no longer collected in {0}.', label),
      severity: 'info',
      actions: [],
    });
    // l10n-ignore: the record's status as the API says it (DiagnosticsOutcome.status)
    return { containerGroupId: ref.containerGroupId, opsType, status: 'Closed', result: undefined };
  }

  const limitMs =
    options.timeoutMs ?? (kind === 'tcpdump' ? (duration ?? 60) * 1000 + CAPTURE_MARGIN_MS : COREDUMP_FOLLOW_MS);
  const followed = await followInNotification(
    kind === 'tcpdump'
      ? vscode.l10n.t('Capturing network traffic in {0} for {1} s', label, duration ?? 60)
      : vscode.l10n.t('Collecting core dumps in {0}: waiting for a container to crash', label),
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
                ? vscode.l10n.t('Capturing…')
                : vscode.l10n.t('Core dumps on; no crash yet…'),
          ),
      }),
  );
  // Through the prompter, like every message with a button: tests read what it says and click it.
  const showRecords = (text: string, ok: boolean): void => {
    const action = vscode.l10n.t('Show Past Records');
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
  if (followed === undefined) {
    showRecords(
      kind === 'tcpdump'
        ? vscode.l10n.t('Stopped following; the network capture in {0} goes on.', label)
        : vscode.l10n.t('Stopped following; core dump collection in {0} goes on.', label),
      true,
    );
    // l10n-ignore: the record's status as the API says it (DiagnosticsOutcome.status)
    return { containerGroupId: ref.containerGroupId, opsType, status: 'Ready', result: undefined };
  }
  const { value: record, done } = followed;
  if (!done) {
    showRecords(
      kind === 'coredump'
        ? vscode.l10n.t(
            'Core dumps stay on in {0}: no container crashed within {1} minutes.',
            label,
            Math.round(limitMs / 60_000),
          )
        : vscode.l10n.t('The network capture in {0} is still running after {1} s.', label, Math.round(limitMs / 1000)),
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
