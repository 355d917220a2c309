import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EciClient } from '../../src/eci/client';
import { createContainerGroup, describeContainerGroups } from '../../src/eci/operations';
import { until } from './until';

/** A one-container nginx group on the emulator, logging five lines a second, once it runs; its ID. */
export async function runningGroup(client: EciClient, name: string): Promise<string> {
  const { ContainerGroupId: id } = await createContainerGroup(client, {
    ContainerGroupName: name,
    SecurityGroupId: 'sg-cn-hangzhou-demo',
    VSwitchId: 'vsw-cn-hangzhou-h-demo',
    Container: [
      { Name: 'web', Image: 'nginx:1.27-alpine', EnvironmentVar: [{ Key: 'EMULATOR_LOG_EVERY_SECOND', Value: '5' }] },
    ],
  });
  await untilRunning(client, id, name);
  return id;
}

/** Waits until a group on the emulator runs; `what` names it if it never does. */
export async function untilRunning(client: EciClient, id: string, what: string): Promise<void> {
  await until(
    async () =>
      (await describeContainerGroups(client, { ContainerGroupIds: [id] })).ContainerGroups[0]?.Status === 'Running'
        ? true
        : undefined,
    `${what} to run`,
  );
}

/** What the tests read of a log view and an exec terminal (the commands return them for tests). */
export interface OpenLogView {
  received: number;
  transcript: string;
  stop(): void;
}
export interface OpenTerminal {
  terminal: vscode.Terminal;
  transcript(): string;
}

/** A log view and a terminal on a group's `web` container, opened through the commands, each showing output. */
export async function logsAndTerminal(containerGroupId: string): Promise<{ view: OpenLogView; opened: OpenTerminal }> {
  const target = { containerGroupId, containerName: 'web' };
  const view = await vscode.commands.executeCommand<OpenLogView | undefined>('eci.streamLogs', target);
  const opened = await vscode.commands.executeCommand<OpenTerminal | undefined>('eci.openTerminal', target);
  assert.ok(view && opened);
  await until(() => (view.received > 0 ? true : undefined), 'the first lines');
  await until(() => (/[#$] /.test(opened.transcript()) ? true : undefined), 'the prompt');
  return { view, opened };
}
