// The regions each provider is known to serve: read by the provider table (providers.ts) and by the template
// dialects (src/template/dialects.ts), which offer them for `regionId`.

/** The regions ECI is known to serve (offered in templates and when a profile is added). */
export const KNOWN_REGIONS = [
  'cn-hangzhou',
  'cn-shanghai',
  'cn-beijing',
  'cn-qingdao',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-shenzhen',
  'cn-heyuan',
  'cn-guangzhou',
  'cn-chengdu',
  'cn-hongkong',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-south-1',
  'eu-central-1',
  'eu-west-1',
  'us-east-1',
  'us-west-1',
  'me-east-1',
  'me-central-1',
];

/**
 * JD Cloud's regions as its Go SDK's models enumerate them (elite's OrderPriceProtocolVo: "cn-north-1, cn-east-1,
 * cn-east-2, cn-south-1"; lb's ElasticIpSpec names the same four). Native Container's API has no region list, so the
 * explorer's is a setting too.
 */
export const JDCLOUD_REGIONS = ['cn-north-1', 'cn-east-1', 'cn-east-2', 'cn-south-1'];
