import type { EmulatorApi } from './api';
import type { Clock } from './lifecycle';
import type { EmulatorStateData } from './model';

/**
 * Realistic demo data: groups in several regions and statuses (Running, a crash loop with restarts, Succeeded,
 * Failed, ScheduleFailed, one still pulling a large image, one just created), and image caches Ready and being
 * created. Groups are backdated so that they show their status at once.
 */
export function seedDemo(api: EmulatorApi, state: EmulatorStateData, clock: Clock): void {
  const create = (
    regionId: string,
    zone: string,
    name: string,
    containers: Record<string, string>[],
    extra: Record<string, string> = {},
    ageSeconds = 3600,
  ): void => {
    const params: Record<string, string> = {
      RegionId: regionId,
      ZoneId: zone,
      ContainerGroupName: name,
      SecurityGroupId: `sg-${regionId}-demo`,
      VSwitchId: `vsw-${zone}-demo`,
      ...extra,
    };
    containers.forEach((container, i) => {
      for (const [key, value] of Object.entries(container)) params[`Container.${i + 1}.${key}`] = value;
    });
    void api.handle('CreateContainerGroup', params, 'account').then((result) => {
      const group = state.groups[String(result['ContainerGroupId'])];
      if (group === undefined) return;
      // Backdate: replaying the lifecycle from an hour ago lands the group in its settled state.
      const shift = clock.span(ageSeconds);
      group.createdAt -= shift;
      group.statusSince -= shift;
      if (group.phaseEndsAt !== undefined) group.phaseEndsAt -= shift;
      for (const event of group.events) {
        event.FirstTimestamp -= shift;
        event.LastTimestamp -= shift;
      }
    });
  };
  const web = {
    Name: 'nginx',
    Image: 'nginx:1.27-alpine',
    Cpu: '1',
    Memory: '2',
    'Port.1.Port': '80',
    'Port.1.Protocol': 'TCP',
  };
  create(
    'cn-hangzhou',
    'cn-hangzhou-h',
    'shop-frontend',
    [
      web,
      {
        Name: 'log-agent',
        Image: 'busybox:1.36',
        Cpu: '0.5',
        Memory: '1',
        'Command.1': 'sh',
        'Command.2': '-c',
        'Command.3': 'tail -f /var/log/app.log',
      },
    ],
    { Cpu: '2', Memory: '4', 'Tag.1.Key': 'app', 'Tag.1.Value': 'shop' },
  );
  create(
    'cn-hangzhou',
    'cn-hangzhou-i',
    'orders-api',
    [
      {
        Name: 'api',
        Image: 'registry.cn-hangzhou.aliyuncs.com/demo/orders-api:2.3.1',
        Cpu: '2',
        Memory: '4',
        'EnvironmentVar.1.Key': 'POD_IP',
        'EnvironmentVar.1.FieldRef.FieldPath': 'status.podIP',
      },
    ],
    { 'Tag.1.Key': 'app', 'Tag.1.Value': 'orders' },
  );
  create(
    'cn-hangzhou',
    'cn-hangzhou-h',
    'report-job',
    [
      {
        Name: 'report',
        Image: 'python:3.12-slim',
        'Command.1': 'sh',
        'Command.2': '-c',
        'Command.3': 'python report.py && exit 0',
      },
    ],
    { RestartPolicy: 'Never' },
  );
  create(
    'cn-hangzhou',
    'cn-hangzhou-j',
    'migrate-db',
    [
      {
        Name: 'migrate',
        Image: 'flyway/flyway:10',
        'Command.1': 'sh',
        'Command.2': '-c',
        'Command.3': 'flyway migrate || exit 3',
      },
    ],
    { RestartPolicy: 'Never' },
  );
  create(
    'cn-hangzhou',
    'cn-hangzhou-i',
    'worker-crashloop',
    [{ Name: 'worker', Image: 'demo/worker-crash:1.0', Cpu: '0.5', Memory: '1' }],
    { RestartPolicy: 'Always' },
    600,
  );
  create(
    'cn-shanghai',
    'cn-shanghai-b',
    'analytics',
    [{ Name: 'spark', Image: 'apache/spark:3.5.1', Cpu: '4', Memory: '8' }],
    { Cpu: '4', Memory: '8' },
  );
  create('cn-shanghai', 'cn-shanghai-l', 'cache', [
    { Name: 'redis', Image: 'redis:7-alpine', Cpu: '1', Memory: '2', 'Port.1.Port': '6379' },
  ]);
  create('ap-southeast-1', 'ap-southeast-1a', 'edge-proxy', [web], {}, 0);
  // Still pulling a 9 GB image for the next quarter of an hour, and one that cannot be placed (no GPU stock).
  create(
    'cn-beijing',
    'cn-beijing-h',
    'ml-training',
    [{ Name: 'trainer', Image: 'pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime', Cpu: '4', Memory: '16' }],
    { Cpu: '4', Memory: '16' },
    120,
  );
  create(
    'cn-beijing',
    'cn-beijing-k',
    'gpu-inference',
    [{ Name: 'server', Image: 'vllm/vllm-openai:v0.6.3', Gpu: '1', Cpu: '8', Memory: '32' }],
    { Cpu: '8', Memory: '32' },
    300,
  );
  void api
    .handle(
      'CreateImageCache',
      {
        RegionId: 'cn-hangzhou',
        ImageCacheName: 'base-images',
        'Image.1': 'nginx:1.27-alpine',
        'Image.2': 'python:3.12-slim',
        SecurityGroupId: 'sg-cn-hangzhou-demo',
        VSwitchId: 'vsw-cn-hangzhou-h-demo',
      },
      'account',
    )
    .then((result) => {
      const cache = state.imageCaches[String(result['ImageCacheId'])];
      if (cache === undefined) return;
      cache.createdAt -= clock.span(3600);
      cache.readyAt -= clock.span(3600);
    });
  void api.handle(
    'CreateImageCache',
    {
      RegionId: 'cn-shanghai',
      ImageCacheName: 'spark-images',
      'Image.1': 'apache/spark:3.5.1',
      SecurityGroupId: 'sg-cn-shanghai-demo',
      VSwitchId: 'vsw-cn-shanghai-b-demo',
      ImageCacheSize: '40',
    },
    'account',
  );
}
