import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { describeRegions } from '../../src/eci/operations';
import { EMPTY_PAYLOAD_SHA256, signV3 } from '../../src/eci/signing';
import { apiError, EmulatorFixture } from '../helpers/emulator';

let fixture: EmulatorFixture;
before(async () => {
  fixture = await EmulatorFixture.start({
    keys: [
      { accessKeyId: 'LTAI5tEmulatorDemo01', accessKeySecret: 'eci-emulator-demo-secret' },
      { accessKeyId: 'STS.EmulatorTest0001', accessKeySecret: 'sts-secret', securityToken: 'sts-token-1' },
    ],
  });
});
after(() => fixture.close());

for (const signatureVersion of ['v1', 'v3'] as const) {
  describe(`emulator authentication (${signatureVersion})`, () => {
    it('accepts a correctly signed request', async () => {
      const result = await describeRegions(fixture.client({ signatureVersion }));
      assert.ok(result.Regions.some((r) => r.RegionId === 'cn-hangzhou'));
    });

    it('refuses an unknown AccessKey ID with InvalidAccessKeyId.NotFound (404)', async () => {
      const error = await apiError(
        describeRegions(
          fixture.client({
            signatureVersion,
            credentials: { accessKeyId: 'LTAI-nobody', accessKeySecret: 'x', source: 't' },
          }),
        ),
      );
      assert.equal(error.code, 'InvalidAccessKeyId.NotFound');
      assert.equal(error.httpStatus, 404);
    });

    it('refuses a wrong secret with SignatureDoesNotMatch, naming the server string-to-sign', async () => {
      const error = await apiError(
        describeRegions(
          fixture.client({
            signatureVersion,
            credentials: { accessKeyId: 'LTAI5tEmulatorDemo01', accessKeySecret: 'wrong', source: 't' },
          }),
        ),
      );
      assert.equal(error.code, 'SignatureDoesNotMatch');
      assert.equal(error.httpStatus, 400);
      assert.match(
        error.message,
        signatureVersion === 'v1'
          ? /server string to sign is:POST&%2F&AccessKeyId%3D/
          : /server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}/,
      );
      assert.ok(error.requestId !== undefined && error.hostId !== undefined && error.recommend !== undefined);
    });

    it('refuses a reused nonce with SignatureNonceUsed', async () => {
      const client = fixture.client({ signatureVersion, nonce: () => `fixed-nonce-${signatureVersion}` });
      await describeRegions(client);
      const error = await apiError(describeRegions(client));
      assert.equal(error.code, 'SignatureNonceUsed');
    });

    it('refuses a timestamp more than 15 minutes off with InvalidTimeStamp.Expired', async () => {
      const error = await apiError(
        describeRegions(fixture.client({ signatureVersion, now: () => new Date(Date.now() - 16 * 60_000) })),
      );
      assert.equal(error.code, 'InvalidTimeStamp.Expired');
    });

    it('refuses an unknown action with InvalidAction', async () => {
      const error = await apiError(fixture.client({ signatureVersion }).callRaw('DescribeEverything', {}));
      assert.equal(error.code, 'InvalidAction');
      assert.equal(error.httpStatus, 403);
    });

    it('requires the STS token of an STS key', async () => {
      const sts = { accessKeyId: 'STS.EmulatorTest0001', accessKeySecret: 'sts-secret', source: 't' };
      assert.equal(
        (await apiError(describeRegions(fixture.client({ signatureVersion, credentials: sts })))).code,
        'InvalidSecurityToken.Malformed',
      );
      assert.equal(
        (
          await apiError(
            describeRegions(fixture.client({ signatureVersion, credentials: { ...sts, securityToken: 'other' } })),
          )
        ).code,
        'InvalidSecurityToken.MismatchWithAccessKey',
      );
      const ok = await describeRegions(
        fixture.client({ signatureVersion, credentials: { ...sts, securityToken: 'sts-token-1' } }),
      );
      assert.ok(ok.Regions.length > 0);
    });
  });
}

describe('emulator authentication: malformed requests', () => {
  const post = async (path: string, headers: Record<string, string>, body?: string) => {
    const response = await request(`${fixture.emulator.url}${path}`, { method: 'POST', headers, body });
    return {
      status: response.statusCode,
      body: (await response.body.json()) as {
        Code: string;
        Message: string;
        RequestId: string;
        HostId: string;
        Recommend: string;
      },
    };
  };

  it('answers a request with no signature with MissingParameter, in ECI error shape', async () => {
    const { status, body } = await post('/?Action=DescribeRegions&Version=2018-08-08', {});
    assert.equal(status, 400);
    assert.equal(body.Code, 'MissingParameter');
    assert.match(body.Message, /Signature/);
    assert.ok(body.RequestId && body.HostId && body.Recommend);
  });

  it('answers a V1 request missing its nonce with MissingParameter', async () => {
    const { body } = await post(
      '/',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'Action=DescribeRegions&Version=2018-08-08&AccessKeyId=LTAI5tEmulatorDemo01&SignatureMethod=HMAC-SHA1&Timestamp=2026-01-01T00:00:00Z&Signature=abc',
    );
    assert.equal(body.Code, 'MissingParameter');
    assert.match(body.Message, /SignatureNonce/);
  });

  it('answers a truncated Authorization header with IncompleteSignature', async () => {
    const { body } = await post('/', { authorization: 'ACS3-HMAC-SHA256 Credential=LTAI5tEmulatorDemo01' });
    assert.equal(body.Code, 'IncompleteSignature');
  });

  it('refuses an unsupported API version with InvalidVersion', async () => {
    const host = new URL(fixture.emulator.url).host;
    const headers: Record<string, string> = {
      'x-acs-action': 'DescribeRegions',
      'x-acs-version': '2014-05-26',
      'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'x-acs-signature-nonce': `version-test-${Date.now()}`,
      'x-acs-content-sha256': EMPTY_PAYLOAD_SHA256,
    };
    const signed = signV3(
      { method: 'POST', pathname: '/', query: {}, headers: { ...headers, host }, payloadHash: EMPTY_PAYLOAD_SHA256 },
      'LTAI5tEmulatorDemo01',
      'eci-emulator-demo-secret',
    );
    const { status, body } = await post('/', { ...headers, authorization: signed.authorization });
    assert.equal(status, 400);
    assert.equal(body.Code, 'InvalidVersion');
  });
});
