import type { EciClient } from './client';
import { describeContainerGroupEvents } from './operations';
import type { ContainerGroupEvent, DescribeContainerGroupEventsResponse, GroupEvent } from './records';

/**
 * A group's event history from DescribeContainerGroupEvents (today's API, Kubernetes-shaped), in the shape the tree
 * and Show Events have always shown: DescribeContainerGroups' `Events` records. The Kubernetes event names no
 * container, only the object it is about (`involvedObject`): that is the event's `Name`.
 */
export function toContainerGroupEvent(event: GroupEvent, groupName: string | undefined): ContainerGroupEvent {
  return {
    Count: event.Count,
    Type: event.Type,
    Name: event.involvedObject?.Name ?? groupName,
    Reason: event.Reason,
    Message: event.Message,
    FirstTimestamp: event.FirstTimestamp,
    LastTimestamp: event.LastTimestamp,
  };
}

/** One group's events out of an answer (none when the answer does not name the group), in the API's order. */
export function eventsOf(
  answer: DescribeContainerGroupEventsResponse,
  containerGroupId: string,
): ContainerGroupEvent[] {
  const entry = answer.Data.find((d) => d.ContainerGroupId === containerGroupId);
  return entry === undefined ? [] : entry.Events.map((e) => toContainerGroupEvent(e, entry.Name));
}

/** A group's events, fresh: one DescribeContainerGroupEvents call for its ID. A group with none (or gone) has none. */
export async function loadGroupEvents(
  client: EciClient,
  regionId: string,
  containerGroupId: string,
): Promise<ContainerGroupEvent[]> {
  const answer = await describeContainerGroupEvents(client, { ContainerGroupIds: [containerGroupId] }, { regionId });
  return eventsOf(answer, containerGroupId);
}
