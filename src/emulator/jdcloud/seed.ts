import type { JdcloudApi } from './api';
import { runFrom } from './lifecycle';

/**
 * Demo data: in cn-north-1 a web server with an elastic IP, an API, a stopped worker, a registry secret and a spare
 * elastic IP; in cn-east-2 one more container. Running for ten minutes already (no `pending`), so that their logs
 * have history.
 */
export function seedDemo(api: JdcloudApi, now: number): void {
  const create = (
    regionId: string,
    az: string,
    name: string,
    image: string,
    extra: Record<string, unknown> = {},
  ): string => {
    const [id = ''] = api.createContainers(regionId, {
      containerSpec: {
        instanceType: 'n.c1.medium',
        az,
        name,
        image,
        hostname: name,
        primaryNetworkInterface: { networkInterface: { subnetId: `subnet-${az}`, securityGroups: ['sg-demo'] } },
        ...extra,
      },
    }).containerIds;
    const container = api.records.containers.get(id);
    if (container !== undefined) runFrom(container, now - 600_000);
    return id;
  };
  create('cn-north-1', 'cn-north-1a', 'web', 'nginx:1.27-alpine', { elasticIp: { bandwidthMbps: 5 } });
  create('cn-north-1', 'cn-north-1a', 'api', 'node:20-alpine');
  const worker = api.records.containers.get(create('cn-north-1', 'cn-north-1b', 'worker', 'busybox:1.36'));
  if (worker !== undefined) {
    worker.status = 'stopped';
    worker.stoppedAt = worker.startedAt + 120_000;
  }
  create('cn-east-2', 'cn-east-2a', 'shop', 'nginx:1.27-alpine');
  // An elastic IP of the account's on no container, to associate (only the account's own can be).
  api.records.newElasticIp('cn-north-1', 'fip-demo-spare');
  api.createSecret('cn-north-1', {
    name: 'demo-registry',
    secretType: 'docker-registry',
    data: { server: 'registry.example.com', username: 'demo', password: 'demo-password' },
  });
}
