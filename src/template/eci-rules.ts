import { CPU_MEMORY_SPECS, isSupportedSpec } from '../eci/specs';
import type { ParsedDocument, ParsedFile, TemplateDiagnostic } from './document';
import { at, closest } from './diagnostic';
import { message } from '../core/messages/messages';

// ECI templates' own checks, beyond their schema: the rules of the ECI_TEMPLATE dialect (dialects.ts).

interface Probe {
  exec?: unknown;
  tcpSocket?: unknown;
  httpGet?: unknown;
  successThreshold?: unknown;
}
interface Container {
  name?: unknown;
  image?: unknown;
  resources?: { cpu?: unknown; memory?: unknown };
  volumeMounts?: { name?: unknown }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}
interface Template {
  resources?: { cpu?: unknown; memory?: unknown };
  spec?: {
    containers?: Container[];
    initContainers?: Container[];
    volumes?: { name?: unknown; nfs?: unknown; emptyDir?: unknown; configFile?: { items?: { content?: unknown }[] } }[];
  };
}

const list = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);
const IMAGE_REFERENCE =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/**
 * What the schema cannot say about an ECI template: unique volume and container names, one kind per volume and
 * one handler per probe, image references, config-file sizes, and the group's vCPU/memory against the offered
 * specs and against what its containers ask for.
 */

/** The kinds of volume a template may declare (one each): the 2020 three and today's disk, flexVolume and hostPath. */
const VOLUME_KINDS = ['nfs', 'emptyDir', 'configFile', 'disk', 'flexVolume', 'hostPath'];
export function eciTemplateDiagnostics(
  file: ParsedFile,
  document: ParsedDocument,
  template: Template,
): TemplateDiagnostic[] {
  const out: TemplateDiagnostic[] = [];
  const spec = template.spec;
  if (spec === null || typeof spec !== 'object') return out;
  const volumes = list(spec.volumes);
  const volumeNames = volumes.map((v) => v?.name);

  const seenVolumes = new Set<unknown>();
  volumes.forEach((volume, i) => {
    if (volume === null || typeof volume !== 'object') return;
    if (seenVolumes.has(volume.name))
      out.push(
        at(
          file,
          document,
          `/spec/volumes/${i}/name`,
          'error',
          'duplicate-volume-name',
          message('template.duplicateVolume', { name: String(volume.name) }),
        ),
      );
    seenVolumes.add(volume.name);
    const kinds = VOLUME_KINDS.filter((kind) => (volume as Record<string, unknown>)[kind] !== undefined);
    if (kinds.length !== 1) {
      out.push(
        at(
          file,
          document,
          `/spec/volumes/${i}`,
          'error',
          'volume-kind',
          kinds.length === 0
            ? `A volume needs one of ${VOLUME_KINDS.slice(0, -1).join(', ')} or ${VOLUME_KINDS.at(-1) ?? ''}.`
            : `A volume is one kind only; this one has ${kinds.join(' and ')}.`,
        ),
      );
    }
    list(volume.configFile?.items).forEach((item, j) => {
      if (typeof item?.content === 'string' && Buffer.byteLength(item.content) > 32 * 1024) {
        out.push(
          at(
            file,
            document,
            `/spec/volumes/${i}/configFile/items/${j}/content`,
            'error',
            'config-file-too-large',
            message('template.configFileTooLarge', { kb: Math.ceil(Buffer.byteLength(item.content) / 1024) }),
          ),
        );
      }
    });
  });

  const seenContainers = new Set<unknown>();
  let cpuSum = 0;
  let memorySum = 0;
  for (const [kind, containers] of [
    ['containers', list(spec.containers)],
    ['initContainers', list(spec.initContainers)],
  ] as const) {
    containers.forEach((container, i) => {
      if (container === null || typeof container !== 'object') return;
      const base = `/spec/${kind}/${i}`;
      if (container.name !== undefined && seenContainers.has(container.name))
        out.push(
          at(
            file,
            document,
            `${base}/name`,
            'error',
            'duplicate-container-name',
            message('template.duplicateContainer', { name: String(container.name) }),
          ),
        );
      seenContainers.add(container.name);
      if (typeof container.image === 'string' && container.image !== '' && !IMAGE_REFERENCE.test(container.image)) {
        out.push(
          at(
            file,
            document,
            `${base}/image`,
            'error',
            'invalid-image',
            message('template.badImage', { image: container.image }),
          ),
        );
      }
      list(container.volumeMounts).forEach((mount, j) => {
        if (typeof mount?.name === 'string' && !volumeNames.includes(mount.name)) {
          const suggestion = closest(
            mount.name,
            volumeNames.filter((n): n is string => typeof n === 'string'),
          );
          out.push(
            at(
              file,
              document,
              `${base}/volumeMounts/${j}/name`,
              'error',
              'unknown-volume',
              message('template.unknownVolumeMount', {
                name: mount.name,
                hint: suggestion === undefined ? '' : message('template.hint.didYouMeanQuoted', { suggestion }),
              }),
            ),
          );
        }
      });
      for (const probeName of ['readinessProbe', 'livenessProbe'] as const) {
        const probe = container[probeName];
        if (probe === null || typeof probe !== 'object') continue;
        const handlers = ['exec', 'tcpSocket', 'httpGet'].filter(
          (h) => (probe as Record<string, unknown>)[h] !== undefined,
        );
        if (handlers.length !== 1) {
          out.push(
            at(
              file,
              document,
              `${base}/${probeName}`,
              'error',
              'probe-handlers',
              handlers.length === 0
                ? message('template.probeNeedsHandler')
                : `A probe has one handler only; this one has ${handlers.join(' and ')}.`,
            ),
          );
        }
        if (
          probeName === 'livenessProbe' &&
          typeof probe.successThreshold === 'number' &&
          probe.successThreshold !== 1
        ) {
          out.push(
            at(
              file,
              document,
              `${base}/livenessProbe/successThreshold`,
              'error',
              'liveness-success-threshold',
              message('template.livenessSuccessThreshold'),
            ),
          );
        }
      }
      if (kind === 'containers') {
        if (typeof container.resources?.cpu === 'number') cpuSum += container.resources.cpu;
        if (typeof container.resources?.memory === 'number') memorySum += container.resources.memory;
      }
    });
  }

  const cpu = template.resources?.cpu;
  const memory = template.resources?.memory;
  if (typeof cpu === 'number' && typeof memory === 'number') {
    if (!isSupportedSpec(cpu, memory)) {
      const offered = CPU_MEMORY_SPECS.get(cpu);
      out.push(
        at(
          file,
          document,
          '/resources',
          'error',
          'unsupported-spec',
          offered === undefined
            ? message('template.cpuNotOffered', { cpu, offered: [...CPU_MEMORY_SPECS.keys()].join(', ') })
            : message('template.memoryNotOffered', { cpu, offered: offered.join(', '), memory }),
        ),
      );
    } else if (cpuSum > cpu + 1e-9 || memorySum > memory + 1e-9) {
      out.push(
        at(
          file,
          document,
          '/resources',
          'error',
          'resources-too-small',
          message('template.containersExceedGroup', {
            cpu: round(cpuSum),
            memory: round(memorySum),
            groupCpu: cpu,
            groupMemory: memory,
          }),
        ),
      );
    }
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
