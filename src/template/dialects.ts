import type { SpecDialect } from './schema';
import { NATIVE_SPEC_SCHEMA, TEMPLATE_SCHEMA } from './schema';

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

/** JD Cloud's regions (the API has no region list; eci-api.md lists it as unconfirmed, so the explorer's is a setting too). */
export const NATIVE_CONTAINER_REGIONS = ['cn-north-1', 'cn-east-1', 'cn-east-2', 'cn-south-1'];

export const ECI_TEMPLATE: SpecDialect = {
  id: 'eci-template',
  schema: TEMPLATE_SCHEMA,
  noun: 'template',
  notThis:
    'This is not an ECI container group template: a template is an object with keys such as containerGroupName and spec.',
  regions: KNOWN_REGIONS,
};

export const NATIVE_CONTAINER_SPEC: SpecDialect = {
  id: 'native-container-spec',
  schema: NATIVE_SPEC_SCHEMA,
  noun: 'spec',
  notThis:
    'This is not a Native Container spec: a spec is an object with containerSpec (and maybe regionId and maxCount).',
  regions: NATIVE_CONTAINER_REGIONS,
};
