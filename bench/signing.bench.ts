import { canonicalQueryString } from '../src/eci/encoding';
import { EMPTY_PAYLOAD_SHA256, signV1, signV3, v1Parameters } from '../src/eci/signing';
import type { Figure } from './harness';
import { median, opsPerSecond, spread } from './harness';

// A realistic request: DescribeContainerGroups with filters, signed as the client signs it.
const query = {
  RegionId: 'cn-hangzhou',
  Limit: '20',
  Status: 'Running',
  NextToken: 'bWFya2VyLTEyMzQ1Njc4OTA=',
  'Tag.1.Key': 'app',
  'Tag.1.Value': 'web',
};

function v1(): void {
  // Exactly what the client does per V1 request: assemble the parameters, then sign them.
  const params = v1Parameters(query, {
    action: 'DescribeContainerGroups',
    version: '2018-08-08',
    accessKeyId: 'LTAI5tBenchKey000000',
    nonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    timestamp: '2026-11-22T00:00:00Z',
  });
  signV1('POST', params, 'bench-secret');
}

function v3(): void {
  signV3(
    {
      method: 'POST',
      pathname: '/',
      query,
      headers: {
        host: 'eci.cn-hangzhou.aliyuncs.com',
        'x-acs-action': 'DescribeContainerGroups',
        'x-acs-version': '2018-08-08',
        'x-acs-date': '2026-11-22T00:00:00Z',
        'x-acs-signature-nonce': '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
        'x-acs-content-sha256': EMPTY_PAYLOAD_SHA256,
      },
      payloadHash: EMPTY_PAYLOAD_SHA256,
    },
    'LTAI5tBenchKey000000',
    'bench-secret',
  );
}

export async function run(): Promise<Figure[]> {
  const rounds = 7;
  const figures: Figure[] = [];
  // Anchor: the canonical query string alone, the floor of any signature over these parameters.
  const floor: number[] = [];
  const results = { v1: [] as number[], v3: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    floor.push(opsPerSecond(() => canonicalQueryString(query), 300));
    results.v1.push(opsPerSecond(v1, 300));
    results.v3.push(opsPerSecond(v3, 300));
  }
  const floorMedian = median(floor);
  for (const version of ['v1', 'v3'] as const) {
    const m = median(results[version]);
    figures.push({
      name: `${version.toUpperCase()} signatures per second`,
      unit: 'signatures/s',
      median: m,
      spread: spread(results[version]),
      anchor: { name: 'canonical query string alone (per second)', median: floorMedian },
      ratio: m / floorMedian,
      target: '≥ 50,000/s',
      met: m >= 50_000,
    });
  }
  return figures;
}
