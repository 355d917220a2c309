import type { ParsedDocument, ParsedFile, TemplateDiagnostic } from './document';
import type { DiskSizes } from '../jdcloud/disk-sizes';
import { DATA_DISK_SIZES, fitsDiskSize, SYSTEM_DISK_SIZES } from '../jdcloud/disk-sizes';
import { at } from './diagnostic';

/** A Native Container spec file as the rules read it (createContainers' body, already checked by the schema). */
export interface JdcloudSpec {
  readonly maxCount?: unknown;
  readonly containerSpec?: {
    readonly rootVolume?: { readonly cloudDiskSpec?: { readonly diskType?: unknown; readonly diskSizeGB?: unknown } };
    readonly dataVolumes?: readonly ({
      readonly cloudDiskSpec?: { readonly diskType?: unknown; readonly diskSizeGB?: unknown };
      readonly mountPath?: unknown;
    } | null)[];
    readonly primaryNetworkInterface?: { readonly networkInterface?: { readonly primaryIpAddress?: unknown } };
  };
}

/** What the schema cannot say about a Native Container spec: disk sizes by type and role, a fixed IP with maxCount. */
export function jdcloudSpecDiagnostics(
  file: ParsedFile,
  document: ParsedDocument,
  spec: JdcloudSpec,
): TemplateDiagnostic[] {
  const out: TemplateDiagnostic[] = [];
  const container = spec.containerSpec;
  if (container === null || typeof container !== 'object') return out;
  const disk = (
    value: { diskType?: unknown; diskSizeGB?: unknown } | undefined,
    path: string,
    sizes: DiskSizes,
    role: string,
  ): void => {
    if (
      value === null ||
      typeof value !== 'object' ||
      typeof value.diskType !== 'string' ||
      typeof value.diskSizeGB !== 'number'
    )
      return;
    const range = sizes[value.diskType];
    if (range === undefined) return;
    const size = value.diskSizeGB;
    if (!fitsDiskSize(range, size)) {
      out.push(
        at(
          file,
          document,
          `${path}/diskSizeGB`,
          'error',
          'disk-size',
          `A ${role} of type ${value.diskType} is ${range[0]}–${range[1]} GB in steps of 10, not ${size}.`,
        ),
      );
    }
  };
  disk(
    container.rootVolume?.cloudDiskSpec,
    '/containerSpec/rootVolume/cloudDiskSpec',
    SYSTEM_DISK_SIZES,
    'system disk',
  );
  const mountPaths = new Set<unknown>();
  (Array.isArray(container.dataVolumes) ? container.dataVolumes : []).forEach((volume, i) => {
    if (volume === null || typeof volume !== 'object') return;
    disk(volume.cloudDiskSpec, `/containerSpec/dataVolumes/${i}/cloudDiskSpec`, DATA_DISK_SIZES, 'data disk');
    if (typeof volume.mountPath === 'string') {
      if (mountPaths.has(volume.mountPath))
        out.push(
          at(
            file,
            document,
            `/containerSpec/dataVolumes/${i}/mountPath`,
            'error',
            'duplicate-mount-path',
            `Another data volume is mounted at ${volume.mountPath} already.`,
          ),
        );
      mountPaths.add(volume.mountPath);
    }
  });
  const fixedIp = container.primaryNetworkInterface?.networkInterface?.primaryIpAddress;
  if (typeof fixedIp === 'string' && typeof spec.maxCount === 'number' && spec.maxCount > 1) {
    out.push(
      at(
        file,
        document,
        '/containerSpec/primaryNetworkInterface/networkInterface/primaryIpAddress',
        'error',
        'fixed-ip-with-count',
        `A fixed primaryIpAddress can be given only when maxCount is 1 (it is ${spec.maxCount}): ${spec.maxCount} containers cannot share one address.`,
      ),
    );
  }
  return out;
}
