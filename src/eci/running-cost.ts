import type { EciClient } from './client';
import { describeContainerGroupPrice } from './operations';
import type { ContainerGroup } from './records';

/** What a group has cost so far: its pay-as-you-go price per hour (DescribeContainerGroupPrice) times its age. */
export interface RunningCost {
  readonly perHour: number;
  readonly hours: number;
  readonly total: number;
  /** `¥`, or the currency code and a space. */
  readonly currency: string;
}

/**
 * An estimate of what a running group has cost, for its tooltip: its pay-as-you-go price now times the time since it
 * was created (a price that changed meanwhile, a discount or a spot price are not known here). Undefined when the
 * group is not running (an ended group's record does not say when it stopped costing), says neither its size nor
 * its instance type, has no creation time, or the API gives no price.
 */
export async function runningCost(
  client: EciClient,
  regionId: string,
  group: ContainerGroup,
  now: number = Date.now(),
): Promise<RunningCost | undefined> {
  const created = group.CreationTime === undefined ? NaN : Date.parse(group.CreationTime);
  if (Number.isNaN(created) || group.Status !== 'Running') return undefined;
  if (group.InstanceType === undefined && (group.Cpu === undefined || group.Memory === undefined)) return undefined;
  const { PriceInfo } = await describeContainerGroupPrice(
    client,
    {
      Cpu: group.InstanceType === undefined ? group.Cpu : undefined,
      Memory: group.InstanceType === undefined ? group.Memory : undefined,
      InstanceType: group.InstanceType,
      ZoneId: group.ZoneId,
    },
    { regionId },
  );
  const perHour = PriceInfo.Price.TradePrice ?? PriceInfo.Price.OriginalPrice;
  if (perHour === undefined) return undefined;
  const hours = Math.max(0, now - created) / 3_600_000;
  const currency =
    PriceInfo.Price.Currency === 'CNY' || PriceInfo.Price.Currency === undefined ? '¥' : `${PriceInfo.Price.Currency} `;
  return { perHour, hours, total: perHour * hours, currency };
}
