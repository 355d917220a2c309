import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_PAYLOAD_SHA256, sha256Hex, signV1, signV3, v1StringToSign } from '../../src/eci/signing';

// Every vector below is an official one from docs/reference/eci-api.md §1 (A, C, D, F, G, H),
// plus the two self-computed ECI fixtures of the same document.

describe('signature V1 (HMAC-SHA1)', () => {
  it('vector A: the documented DescribeRegions example', () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    const { stringToSign, signature } = signV1('GET', params, 'testsecret');
    assert.equal(
      stringToSign,
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    assert.equal(signature, 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('vector B: the older revision with the key spelled TimeStamp', () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      TimeStamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    assert.equal(signV1('GET', params, 'testsecret').signature, 'CT9X0VtwR86fNWSnsc6v8YGOjuE=');
  });

  const goSdkParams = {
    AccessKeyId: 'accessKeyId',
    Action: '',
    Format: 'JSON',
    RegionId: 'regionId',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: 'MOCK_UUID',
    SignatureType: '',
    SignatureVersion: '1.0',
    Timestamp: 'mock date',
    Version: '',
  };

  it('vector C: the Go SDK unit test, empty values signed as k=', () => {
    assert.equal(signV1('GET', goSdkParams, 'accessKeySecret').signature, '7loPmFjvDnzOVnQeQNj85S6nFGY=');
  });

  it('vector C with an STS token', () => {
    const params = { ...goSdkParams, SecurityToken: 'accessKeyStsToken' };
    assert.equal(signV1('GET', params, 'accessKeySecret').signature, '5Nxdcler+ihqWqv0Hr2On4PsBf4=');
  });

  it('vector D: the canonical string is percent-encoded a second time', () => {
    assert.equal(
      v1StringToSign('GET', { key: 'value', q: 'http://domain/?q=value&q2=value2' }),
      'GET&%2F&key%3Dvalue%26q%3Dhttp%253A%252F%252Fdomain%252F%253Fq%253Dvalue%2526q2%253Dvalue2',
    );
  });

  it('vector E: openapi-util with an empty method', () => {
    assert.equal(signV1('', { test: 'ok' }, 'accessKeySecret').signature, 'jHx/oHoHNrbVfhncHEvPdHXZwHU=');
  });

  it('self-computed ECI fixture: POST DescribeContainerGroups', () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeContainerGroups',
      Format: 'JSON',
      Limit: '20',
      RegionId: 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: 'd41d8cd98f00b204e9800998ecf8427e',
      SignatureVersion: '1.0',
      Timestamp: '2024-01-01T00:00:00Z',
      Version: '2018-08-08',
    };
    const { stringToSign, signature } = signV1('POST', params, 'testsecret');
    assert.equal(
      stringToSign,
      'POST&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeContainerGroups%26Format%3DJSON%26Limit%3D20%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dd41d8cd98f00b204e9800998ecf8427e%26SignatureVersion%3D1.0%26Timestamp%3D2024-01-01T00%253A00%253A00Z%26Version%3D2018-08-08',
    );
    assert.equal(signature, 'PPqXosIJCxo3wuMfaGXCnTUfCJA=');
  });
});

describe('signature V3 (ACS3-HMAC-SHA256)', () => {
  const runInstances = (date: string, nonce: string) => ({
    method: 'POST',
    pathname: '/',
    query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
    headers: {
      host: 'ecs.cn-shanghai.aliyuncs.com',
      'x-acs-action': 'RunInstances',
      'x-acs-version': '2014-05-26',
      'x-acs-date': date,
      'x-acs-signature-nonce': nonce,
      'x-acs-content-sha256': EMPTY_PAYLOAD_SHA256,
      // Not signed: only host, content-type and x-acs-* are.
      'user-agent': 'test',
      accept: 'application/json',
    },
    payloadHash: EMPTY_PAYLOAD_SHA256,
  });

  it('vector F: the documented RunInstances example, every intermediate string', () => {
    const result = signV3(
      runInstances('2023-10-26T10:22:32Z', '3156853299f313e23d1673dc12e1703d'),
      'YourAccessKeyId',
      'YourAccessKeySecret',
    );
    assert.equal(
      result.canonicalRequest,
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        `x-acs-content-sha256:${EMPTY_PAYLOAD_SHA256}`,
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
        EMPTY_PAYLOAD_SHA256,
      ].join('\n'),
    );
    assert.equal(
      result.stringToSign,
      'ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
    );
    assert.equal(
      result.authorization,
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
  });

  it('vector G: the same request with the other date and nonce', () => {
    const result = signV3(
      runInstances('2023-10-26T09:01:01Z', 'd410180a5abf7fe235dd9b74aca91fc0'),
      'YourAccessKeyId',
      'YourAccessKeySecret',
    );
    assert.equal(result.signature, 'e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804');
  });

  const utilPayload = '55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23';

  it('vector H (TS): duplicate header names merged, values sorted', () => {
    const result = signV3(
      {
        method: 'undefined',
        pathname: '',
        query: { test: 'ok', empty: '' },
        headers: { 'x-acs-TEST': 'https', 'x-acs-test': 'http' },
        payloadHash: utilPayload,
      },
      'acesskey',
      'secret',
    );
    assert.equal(
      result.authorization,
      'ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=0f2d549523cf082c83bb8135b5863614f7fe16ca7c2c7fc537e74d67374eeeac',
    );
  });

  it('vector H (TS): no query and no headers', () => {
    const result = signV3(
      { method: 'undefined', pathname: '', query: {}, headers: {}, payloadHash: utilPayload },
      'acesskey',
      'secret',
    );
    assert.equal(
      result.authorization,
      'ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=,Signature=608b887e491f3e88e85276b188a4d24e29230a559464685ccbf2dcc458e1fde8',
    );
  });

  it('vector H (Go): empty method, URI /', () => {
    const result = signV3(
      {
        method: '',
        pathname: '/',
        query: { test: 'ok', empty: '' },
        headers: { 'x-acs-TEST': 'https', 'x-acs-test': 'http' },
        payloadHash: utilPayload,
      },
      'acesskey',
      'secret',
    );
    assert.equal(result.signature, '4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3');
  });

  it('self-computed ECI fixture: DescribeContainerGroups', () => {
    const result = signV3(
      {
        method: 'POST',
        pathname: '/',
        query: { Limit: '20', RegionId: 'cn-hangzhou' },
        headers: {
          host: 'eci.cn-hangzhou.aliyuncs.com',
          'x-acs-action': 'DescribeContainerGroups',
          'x-acs-version': '2018-08-08',
          'x-acs-date': '2024-01-01T00:00:00Z',
          'x-acs-signature-nonce': 'd41d8cd98f00b204e9800998ecf8427e',
          'x-acs-content-sha256': EMPTY_PAYLOAD_SHA256,
        },
        payloadHash: EMPTY_PAYLOAD_SHA256,
      },
      'testid',
      'testsecret',
    );
    assert.equal(result.signature, 'd009b6264f81e27dd88ffe6b89b5e3bdea54563b034e10c728a7416415e60d1f');
  });

  it('hashes payloads as lowercase hex SHA-256', () => {
    assert.equal(sha256Hex(''), EMPTY_PAYLOAD_SHA256);
    assert.equal(sha256Hex('test'), '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08');
  });
});
