import type { JdcloudContainerModel, SecretModel } from './model';
import type { VolumeSettings } from './spec';

/**
 * Records as JD Cloud's API shows them (the Go SDK's nativecontainer models Container and Secret, which
 * jdcloud-sdk-js returns as they come): what only the emulator keeps (its region, instances, times of its phases)
 * is left out, and what JD Cloud returns beside the seed's fields is there (the primary network interface, its VPC
 * and subnet, volumes, run settings, log configuration, charge).
 */
export function containerView(container: JdcloudContainerModel): Record<string, unknown> {
  const settings = container.settings;
  const primaryIp = {
    privateIpAddress: container.privateIpAddress,
    elasticIpId: container.elasticIpId,
    elasticIpAddress: container.elasticIpAddress,
  };
  return {
    containerId: container.containerId,
    status: container.status,
    instanceType: container.instanceType,
    az: container.az,
    name: container.name,
    hostAliases: [],
    hostname: container.hostname,
    command: settings?.command ?? [],
    args: settings?.args ?? [],
    envs: settings?.envs ?? [],
    image: container.image,
    secret: settings?.secret ?? '',
    tty: settings?.tty ?? false,
    workingDir: settings?.workingDir ?? '',
    rootVolume: settings === undefined ? undefined : volumeView(container, settings.rootVolume, 0),
    dataVolumes: (settings?.dataVolumes ?? []).map((volume, i) => volumeView(container, volume, i + 1)),
    vpcId: container.vpcId ?? '',
    subnetId: container.subnetId ?? '',
    privateIpAddress: container.privateIpAddress,
    elasticIpId: container.elasticIpId,
    elasticIpAddress: container.elasticIpAddress,
    primaryNetworkInterface: {
      autoDelete: true,
      deviceIndex: 1,
      attachStatus: 'attached',
      attachTime: container.launchTime,
      networkInterface: {
        networkInterfaceId: container.networkInterfaceId ?? '',
        macAddress: container.macAddress ?? '',
        vpcId: container.vpcId ?? '',
        subnetId: container.subnetId ?? '',
        description: '',
        securityGroups: (container.securityGroups ?? []).map((groupId) => ({ groupId, groupName: groupId })),
        sanityCheck: true,
        primaryIp,
        secondaryIps: [],
      },
    },
    secondaryNetworkInterfaces: [],
    logConfiguration: { logDriver: settings?.logDriver ?? 'default' },
    tags: [],
    charge: { chargeMode: 'postpaid_by_duration', chargeStatus: 'normal', chargeStartTime: container.launchTime },
    launchTime: container.launchTime,
    reason: '',
    description: container.description,
  };
}

/** A volume with its cloud disk: a new disk is named after the container and the volume's place. */
function volumeView(container: JdcloudContainerModel, volume: VolumeSettings, index: number): Record<string, unknown> {
  const suffix = container.containerId.replace(/^c-/, '');
  return {
    category: volume.category,
    autoDelete: volume.autoDelete,
    mountPath: volume.mountPath,
    readOnly: volume.readOnly,
    cloudDisk: {
      diskId: volume.cloudDiskId ?? `vol-${suffix}${index}`,
      az: container.az,
      name: `${container.name}-${index === 0 ? 'root' : `data${index}`}`,
      description: '',
      diskType: volume.diskType ?? '',
      diskSize: volume.diskSizeGB ?? 0,
      iops: volume.iops ?? 0,
      status: 'in-use',
      createTime: container.launchTime,
    },
    fsType: volume.fsType,
  };
}

/** A secret as the API shows it: `createdAt`, and the registry password never leaves the server. */
export function secretView(secret: SecretModel): Record<string, unknown> {
  return {
    name: secret.name,
    secretType: secret.secretType,
    createdAt: secret.createdTime,
    data: { server: secret.data.server, username: secret.data.username, email: secret.data.email },
  };
}
