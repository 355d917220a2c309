import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalPath, canonicalQuery, jdcloudDate, signJdcloudRequest } from '../../src/jdcloud/signing';

describe('JDCLOUD2-HMAC-SHA256 signing', () => {
  it("reproduces the official vector of JD Cloud's C++ signer test byte for byte", () => {
    const signed = signJdcloudRequest(
      {
        method: 'GET',
        url: new URL('http://vm.cn-north-1.jdcloud.net/'),
        regionId: 'cn-north-1',
        service: 'vm',
        date: new Date(1234567890000),
        nonce: 'uuid',
      },
      { accessKeyId: 'ak', accessKeySecret: 'sk' },
    );
    assert.equal(
      signed.canonicalRequest,
      'GET\n/\n\nhost:vm.cn-north-1.jdcloud.net\nx-jdcloud-date:20090213T233130Z\nx-jdcloud-nonce:uuid\n\nhost;x-jdcloud-date;x-jdcloud-nonce\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    assert.equal(
      signed.headers['authorization'],
      'JDCLOUD2-HMAC-SHA256 Credential=ak/20090213/cn-north-1/vm/jdcloud2_request, SignedHeaders=host;x-jdcloud-date;x-jdcloud-nonce, Signature=43a76892222031f847c00c56cac8d4d2dc179a4e75a37868d09a5300435f4054',
    );
  });

  it('signs a Native Container action with a JSON body as the reference computes it', () => {
    const signed = signJdcloudRequest(
      {
        method: 'POST',
        url: new URL('https://nativecontainer.jdcloud-api.com/v1/regions/cn-north-1/containers/c-abc123:execCreate'),
        headers: { 'content-type': 'application/json' },
        body: '{"command":["/bin/sh"],"tty":true}',
        regionId: 'cn-north-1',
        service: 'nativecontainer',
        date: new Date(Date.UTC(2024, 0, 1)),
        nonce: '11111111-2222-3333-4444-555555555555',
      },
      { accessKeyId: 'AKTEST', accessKeySecret: 'SKTEST' },
    );
    assert.match(
      signed.canonicalRequest,
      /^POST\n\/v1\/regions\/cn-north-1\/containers\/c-abc123%3AexecCreate\n\ncontent-type:application\/json\n/,
    );
    assert.match(
      signed.headers['authorization'] ?? '',
      /Signature=6fab169b119a92fd9dcea21c35fdd0738641094aa6ff73ad600986af378f6f36$/,
    );
  });

  it('escapes paths and queries as the SDKs do', () => {
    assert.equal(
      canonicalPath('/v1/regions/cn-north-1/containers/c-1:stopContainer'),
      '/v1/regions/cn-north-1/containers/c-1%3AstopContainer',
    );
    assert.equal(canonicalPath('/v1/a%3Ab'), '/v1/a%3Ab');
    assert.equal(canonicalPath(''), '/');
    assert.equal(
      canonicalQuery(new URLSearchParams('pageSize=20&filters.1.name=name&filters.1.values.1=a b&pageNumber=1')),
      'filters.1.name=name&filters.1.values.1=a%20b&pageNumber=1&pageSize=20',
    );
    assert.equal(jdcloudDate(new Date(Date.UTC(2024, 0, 1, 2, 3, 4, 567))), '20240101T020304Z');
  });

  it('sends a security token base64-encoded, and signs it', () => {
    const signed = signJdcloudRequest(
      {
        method: 'GET',
        url: new URL('https://nativecontainer.jdcloud-api.com/v1/regions/cn-north-1/containers'),
        regionId: 'cn-north-1',
        service: 'nativecontainer',
        date: new Date(0),
        nonce: 'n',
      },
      { accessKeyId: 'ak', accessKeySecret: 'sk', securityToken: 'token' },
    );
    assert.equal(signed.headers['x-jdcloud-security-token'], Buffer.from('token').toString('base64'));
    assert.match(
      signed.headers['authorization'] ?? '',
      /SignedHeaders=host;x-jdcloud-date;x-jdcloud-nonce;x-jdcloud-security-token,/,
    );
  });
});
