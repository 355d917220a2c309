import type { CloudError } from '../core/errors';

/** Where in a template an API error of a deploy or update points, so the editor can mark the field. */
const TOP_LEVEL: Readonly<Record<string, string>> = {
  ContainerGroupName: '/containerGroupName',
  SecurityGroupId: '/securityGroupId',
  VSwitchId: '/vSwitchId',
  ZoneId: '/zoneId',
  RegionId: '/regionId',
  InstanceType: '/instanceType',
  Cpu: '/resources',
  Memory: '/resources',
  ImageSnapshotId: '/imageSnapshotId',
  EipInstanceId: '/eipInstanceId',
};

/**
 * The template field an API error message names (`Container.1.Image`, `VSwitchId`, `cpu and memory`, or a template
 * path such as `spec.containers[0].image`, as the template actions name them), if any.
 */
export function fieldOf(error: CloudError): string | undefined {
  const text = `${error.code} ${error.message}`;
  const path = /\b((?:spec|resources|tags)(?:\.[A-Za-z]\w*|\[\d+\])*)/.exec(text);
  if (path !== null && /[.[]/.test(path[1] ?? ''))
    return `/${(path[1] ?? '')
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .join('/')}`;
  const container = /\b(Init)?Container\.(\d+)\.([A-Z]\w*)/.exec(text);
  if (container !== null) {
    const field = (container[3] ?? '')
      .replace(/^Arg$/, 'Args')
      .replace(/^EnvironmentVar$/, 'Env')
      .replace(/^Port$/, 'Ports')
      .replace(/^VolumeMount$/, 'VolumeMounts');
    return `/spec/${container[1] === undefined ? 'containers' : 'initContainers'}/${Number(container[2]) - 1}/${field.charAt(0).toLowerCase()}${field.slice(1)}`;
  }
  if (/CPU\.Memory|cpu and memory|CpuOrMemory/i.test(text)) return '/resources';
  if (/VswZoneMismatch/.test(error.code)) return '/vSwitchId';
  if (/SecurityGroup/.test(error.code)) return '/securityGroupId';
  for (const [name, pointer] of Object.entries(TOP_LEVEL)) if (new RegExp(`\\b${name}\\b`).test(text)) return pointer;
  return undefined;
}
