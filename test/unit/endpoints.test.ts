import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloudError } from '../../src/core/errors';
import { EciClient } from '../../src/eci/client';
import {
  describeEndpoint,
  endpointHost,
  endpointTypeOf,
  parseEndpoint,
  resolveEndpoint,
} from '../../src/eci/endpoints';
import { describeRegions } from '../../src/eci/operations';
import { DEMO_KEY } from '../../src/emulator/server';
import { EmulatorFixture } from '../helpers/emulator';

/** Where ECI requests go: a region's public or VPC endpoint, or an override (the emulator, a finance region's). */
describe('ECI endpoints', () => {
  it('resolves the public endpoint by default and the VPC endpoint when asked, for every region', () => {
    assert.equal(resolveEndpoint('cn-hangzhou').href, 'https://eci.cn-hangzhou.aliyuncs.com/');
    assert.equal(resolveEndpoint('cn-hangzhou', undefined, 'public').href, 'https://eci.cn-hangzhou.aliyuncs.com/');
    assert.equal(resolveEndpoint('cn-hangzhou', undefined, 'vpc').href, 'https://eci-vpc.cn-hangzhou.aliyuncs.com/');
    assert.equal(resolveEndpoint('ap-southeast-1', '  ', 'vpc').href, 'https://eci-vpc.ap-southeast-1.aliyuncs.com/');
    assert.equal(endpointHost('eu-central-1', 'vpc'), 'eci-vpc.eu-central-1.aliyuncs.com');
  });

  it('lets an override win over the type, and still refuses a region ID that is not one', () => {
    assert.equal(resolveEndpoint('cn-hangzhou', 'http://127.0.0.1:9000', 'vpc').href, 'http://127.0.0.1:9000/');
    assert.equal(
      resolveEndpoint('cn-shanghai-finance-1', 'eci.cn-shanghai-finance-1.aliyuncs.com', 'vpc').href,
      'https://eci.cn-shanghai-finance-1.aliyuncs.com/',
    );
    assert.throws(() => resolveEndpoint('cn hangzhou', undefined, 'vpc'), CloudError);
  });

  it('says why an endpoint or region is refused, in English and in 简体中文', () => {
    const refusal = (make: () => unknown): CloudError => {
      try {
        make();
      } catch (error) {
        assert.ok(error instanceof CloudError);
        return error;
      }
      assert.fail('expected a refusal');
    };
    const region = refusal(() => resolveEndpoint('cn hangzhou'));
    assert.equal(region.message, '"cn hangzhou" is not a region ID (for example cn-hangzhou).');
    assert.equal(region.messageIn('zh-cn'), '"cn hangzhou" 不是地域 ID（例如 cn-hangzhou）。');
    const plain = refusal(() => parseEndpoint('http://eci.example.com'));
    assert.equal(plain.code, 'InsecureEndpoint');
    assert.equal(
      plain.message,
      'The endpoint http://eci.example.com uses plain HTTP, which would send signed requests unencrypted; only loopback endpoints may use http://.',
    );
    assert.equal(
      plain.messageIn('zh-cn'),
      '接入点 http://eci.example.com 使用明文 HTTP，签名的请求将不加密地发送；只有本机回环地址的接入点可以使用 http://。',
    );
    const userInfo = refusal(() => parseEndpoint('https://user:pw@eci.example.com'));
    assert.equal(userInfo.messageIn('zh-cn'), '接入点 URL 不能包含用户名或密码。');
    assert.ok(!userInfo.messageIn('zh-cn').includes('pw'));
  });

  it('reads a saved type as VPC only when it says vpc, and says where calls go in words', () => {
    assert.equal(endpointTypeOf('vpc'), 'vpc');
    for (const other of [undefined, 'public', 'VPC ', 42, null]) assert.equal(endpointTypeOf(other), 'public');
    assert.equal(describeEndpoint('cn-beijing', undefined, 'vpc'), 'eci-vpc.cn-beijing.aliyuncs.com (VPC)');
    assert.equal(describeEndpoint('cn-beijing', undefined), 'eci.cn-beijing.aliyuncs.com (public)');
    assert.equal(describeEndpoint('cn-beijing', 'http://127.0.0.1:1', 'vpc'), 'http://127.0.0.1:1 (override)');
  });

  it("gives the client's every region the profile's endpoint type", () => {
    const client = new EciClient({
      credentials: { ...DEMO_KEY, source: 'test' },
      regionId: 'cn-hangzhou',
      endpointType: 'vpc',
    });
    assert.equal(client.endpointFor('cn-hangzhou').host, 'eci-vpc.cn-hangzhou.aliyuncs.com');
    assert.equal(client.endpointFor('cn-shenzhen').host, 'eci-vpc.cn-shenzhen.aliyuncs.com');
  });

  it('calls the override with a VPC type (the emulator stands for any endpoint)', async () => {
    const fixture = await EmulatorFixture.start();
    try {
      const client = fixture.client({ endpointType: 'vpc' });
      assert.ok((await describeRegions(client)).Regions.length > 0);
    } finally {
      await fixture.close();
    }
  });
});
