import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nearestNames, orList, orListMessage, TLS_FAILURE_HINT } from '../../src/core/error-hints';
import { ECI_ACTIONS, ECI_ERROR_HINTS, eciError, eciHints, TEMPLATE_ACTIONS } from '../../src/eci/error-hints';
import { jdcloudHints } from '../../src/jdcloud/error-hints';
import {
  isPermanentNetworkFailure,
  networkFailureMessage,
  networkFailureText,
  redactError,
} from '../../src/core/errors';
import type { Locale, Message } from '../../src/core/messages/messages';
import { message, say } from '../../src/core/messages/messages';
import { ProxyError } from '../../src/core/proxy';

const hintIn = (hint: Message | undefined, locale: Locale): string => (hint === undefined ? '' : say(hint, locale));
const hintText = (hint: Message | undefined): string => hintIn(hint, 'en');

// Every error code of the ECI API reference (the seed), with the spaces its PDF extraction put inside some codes
// removed ("Idempotent ParameterM ismatch" is IdempotentParameterMismatch).
const SEED_CODES = [
  'Account.Arrearage',
  'DiskNumber.LimitExceed',
  'DiskVolume.NotInSameZone',
  'DiskVolume.NotSupport',
  'DryRunOperation',
  'Forbidden.AccessKeyDisabled',
  'Forbidden.NotSupportRAM',
  'Forbidden.OnlyForInvitedTest',
  'Forbidden.RAM',
  'Forbidden.RamRoleNotExist',
  'Forbidden.RiskControl',
  'Forbidden.SubUser',
  'Forbidden.Unauthorized',
  'Forbidden.UserBusinessStatus',
  'Forbidden.UserBussinessStatus',
  'Forbidden.UserNotRealNameAuthentication',
  'IdempotentParameterMismatch',
  'ImageCache.IncorrectStatus',
  'ImageCacheNotSupport',
  'ImageSnapshot.IncorrectStatus',
  'ImageSnapshot.NotFound',
  'ImageSnapshot.NotSupport',
  'IncorrectOperation',
  'IncorrectStatus',
  'IncorrectUserTemplateFormat',
  'InternalServerError',
  'InvalidAction',
  'InvalidDiskId.NotFound',
  'InvalidParam.CpuOrMemorySpec',
  'InvalidParameter',
  'InvalidParameter.CPU.Memory',
  'InvalidParameter.DuplicatedName',
  'InvalidParameter.DuplicatedVolumeName',
  'InvalidParameter.LengthExceeded',
  'InvalidParameter.NotFound',
  'InvalidParameter.ValueExceeded',
  'InvalidPaymentMethod.InsufficientBalance',
  'InvalidUser.PassRoleForbidden',
  'InvalidVSwitchId.IpNotEnough',
  'LastTokenProcessing',
  'MissingParameter',
  'NoNeedUpdate',
  'NoPermission',
  'OperationConflict',
  'OperationDenied.NoStock',
  'OperationDenied.SecurityGroupMismatch',
  'OperationDenied.VswZoneMismatch',
  'QuotaExceeded',
  'RamRole.NotSupport',
  'RealNameAuthenticationError',
  'RegionNotSupported',
  'ServiceNotEnabled',
  'ServiceUnavailable',
  'ServiceUnavailable.RegionMaintaining',
  'SignatureNonceUsed',
  'Throttling',
  'Throttling.Vcpu.PerDay',
  'UnknownError',
  'UnsupportedHTTPMethod',
  'Zone.NotOnSale',
  'containerRepositoryAuthorizationFailed',
];

describe('error hints', () => {
  it("has a hint for every JD Cloud status the emulator's Native Container API answers with", () => {
    const emulator = join(__dirname, '..', '..', 'src', 'emulator');
    const sources = [...readdirSync(join(emulator, 'jdcloud')).map((file) => join('jdcloud', file)), 'server.ts']
      .map((file) => readFileSync(join(emulator, file), 'utf8'))
      .join('\n');
    const statuses = new Set(
      [...sources.matchAll(/(?:JdcloudError\(\d+, |status: |\[\d{3}, )'([A-Z_]{5,})'/g)].map((m) => m[1] ?? ''),
    );
    assert.ok(statuses.has('TOO_MANY_REQUESTS') && statuses.size >= 9, [...statuses].join());
    assert.deepEqual(
      [...statuses].filter((status) => jdcloudHints(status) === undefined),
      [],
    );
  });

  it('has a hint of its own for every error code in the ECI API reference', () => {
    const missing = SEED_CODES.filter((code) => !Object.prototype.hasOwnProperty.call(ECI_ERROR_HINTS, code));
    assert.deepEqual(missing, []);
  });

  it('the list above is every code of the seed document', () => {
    // The codes of its error table (§4 and each operation's), one per line, spaces its PDF extraction put inside
    // some codes removed.
    const table = join(__dirname, '..', 'fixtures', 'reference', 'eci-2020-error-codes.txt');
    const codes = new Set(
      readFileSync(table, 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    );
    assert.deepEqual([...codes].filter((code) => !SEED_CODES.includes(code)).sort(), []);
  });

  it('covers code families the table does not spell out', () => {
    assert.match(hintText(eciHints('Throttling.Resource')), /Too many requests/);
    assert.match(hintText(eciHints('ServiceUnavailable.Other')), /temporary/);
    assert.equal(eciHints('Something.Unheard.Of'), undefined);
  });

  it('describes an error in one line with code, message, hint and request ID', () => {
    const error = eciError({
      code: 'OperationDenied.VswZoneMismatch',
      message: 'The specified VSwitchId is not in the specified Zone.',
      requestId: 'R-1',
    });
    assert.equal(
      error.describe(),
      'OperationDenied.VswZoneMismatch: The specified VSwitchId is not in the specified Zone. Hint: The vSwitch is not in the zone given by ZoneId. Leave ZoneId out or pick a vSwitch in that zone. (request ID R-1)',
    );
  });

  it('ends a message that has no full stop before its hint starts, so that the two never run together', () => {
    const error = eciError({ code: 'InvalidParameter', message: 'The parameter Cpu is invalid' });
    assert.equal(
      error.describe(),
      'InvalidParameter: The parameter Cpu is invalid. Hint: A parameter has an invalid value. The message names it.',
    );
    assert.equal(eciError({ code: 'Odd.Code', message: 'No hint here' }).describe(), 'Odd.Code: No hint here.');
    // An API that answers in Chinese (Accept-Language) gets a Chinese full stop.
    assert.equal(eciError({ code: 'Odd.Code', message: '参数不合法' }).describe(), 'Odd.Code: 参数不合法。');
  });

  it('says a network failure in words, keeps a system error code and never shows a library one', () => {
    const failure = (code: string, message: string): Error => Object.assign(new Error(message), { code });
    assert.equal(
      networkFailureText(failure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')),
      'connection refused: nothing listens at that address (ECONNREFUSED)',
    );
    assert.equal(
      networkFailureText(failure('UND_ERR_DESTROYED', 'The client is destroyed')),
      'the connection was closed on this side; the next try opens a new one',
    );
    assert.equal(networkFailureText(failure('UND_ERR_SOMETHING_NEW', 'odd')), 'the connection failed');
    assert.equal(networkFailureText(new Error('plain')), 'plain');
  });
});

describe('the hint for an action the endpoint does not know', () => {
  const invalidAction = (
    action: string,
    code = 'InvalidAction',
    message = `The specified action "${action}" is invalid.`,
  ) => eciError({ code, message, action, httpStatus: 403 }).hint ?? '';

  it('speaks of the template actions leaving the public API only for those three actions', () => {
    for (const action of TEMPLATE_ACTIONS) {
      assert.match(invalidAction(action), /template actions, which were removed from the public ECI API in 2022/);
      assert.match(invalidAction(action), /CreateContainerGroup/);
    }
    for (const action of ['DescribeContainerGroup', 'FooBar', 'DescribeVirtualNodes', 'CreateContainerGroupX'])
      assert.doesNotMatch(invalidAction(action), /template|2022/i, action);
    assert.doesNotMatch(hintText(eciHints('InvalidAction')), /template|2022/i);
  });

  it('says a mistyped action is not an ECI action and names the nearest ones', () => {
    assert.equal(
      invalidAction('DescribeContainerGroup'),
      'DescribeContainerGroup is not an ECI action. Did you mean DescribeContainerGroups?',
    );
    assert.match(invalidAction('DescirbeRegions'), /not an ECI action\. Did you mean DescribeRegions\?/);
    assert.match(invalidAction('DeleteContainerGroups'), /Did you mean DeleteContainerGroup\?/);
    assert.match(invalidAction('DescribeImageCache'), /Did you mean DescribeImageCaches\?$/);
    assert.equal(
      invalidAction('FooBar'),
      'FooBar is not an ECI action (API 2018-08-08). Action names are case-sensitive, e.g. DescribeContainerGroups.',
    );
  });

  it("says so when the action is ECI's but not this endpoint's", () => {
    assert.match(invalidAction('DescribeVirtualNodes'), /is an ECI action, but this endpoint does not offer it/);
  });

  it("reads the API gateway's own answer, InvalidAction.NotFound / Specified api is not found", () => {
    const message = 'Specified api is not found, please check your url and method.';
    assert.match(invalidAction('DescribeContainerGroup', 'InvalidAction.NotFound', message), /Did you mean/);
    assert.match(invalidAction('DescribeContainerGroup', 'InvalidApi.NotFound', message), /Did you mean/);
    assert.match(invalidAction('DescribeContainerGroup', 'NotFound', message), /Did you mean/);
  });

  it('knows every action the project calls or emulates', () => {
    const source = (file: string) => readFileSync(join(__dirname, '..', '..', 'src', file), 'utf8');
    const called = [...source('eci/operations.ts').matchAll(/client\.call\(\s*'([A-Za-z]+)'/g)].map((m) => m[1] ?? '');
    const table = /this\.handlers = \{([\s\S]*?)\n {4}\};/.exec(source('emulator/api.ts'))?.[1] ?? '';
    const emulated = [...table.matchAll(/^\s+([A-Z][A-Za-z]+):/gm)].map((m) => m[1] ?? '');
    assert.ok(called.length >= 15 && emulated.length >= 15, `${called.length} called, ${emulated.length} emulated`);
    const known = new Set([...ECI_ACTIONS, ...TEMPLATE_ACTIONS]);
    assert.deepEqual(
      [...called, ...emulated].filter((action) => !known.has(action)),
      [],
    );
    assert.equal(ECI_ACTIONS.length, 36);
  });

  it('suggests only names near enough to be a typo', () => {
    assert.deepEqual(nearestNames('vaildate', ['call', 'emulator', 'faults', 'validate']), ['validate']);
    assert.deepEqual(nearestNames('ListContainers', ECI_ACTIONS), []);
    assert.deepEqual(nearestNames('describecontainergroups', ECI_ACTIONS), ['DescribeContainerGroups']);
  });
});

describe('a TLS failure', () => {
  const tls = (code: string, message: string): Error => Object.assign(new Error(message), { code });
  const wrongVersion = tls(
    'ERR_SSL_WRONG_VERSION_NUMBER',
    '80CC82DB617F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:',
  );

  it("is said in words, not in OpenSSL's", () => {
    const text = networkFailureText(wrongVersion);
    assert.doesNotMatch(text, /SSL routines|ssl3_get_record|openssl/);
    assert.match(text, /does not speak HTTPS.*http:\/\/ endpoint \(ERR_SSL_WRONG_VERSION_NUMBER\)$/);
    assert.match(
      networkFailureText(tls('CERT_HAS_EXPIRED', 'certificate has expired')),
      /certificate was not accepted/,
    );
    assert.match(networkFailureText(tls('ERR_TLS_CERT_ALTNAME_INVALID', 'Hostname/IP does not match')), /certificate/);
  });

  it('is permanent, and its hint says that trying again cannot help', () => {
    assert.equal(isPermanentNetworkFailure(wrongVersion), true);
    assert.equal(isPermanentNetworkFailure(tls('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in chain')), true);
    assert.equal(isPermanentNetworkFailure(Object.assign(new Error('socket'), { cause: wrongVersion })), true);
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'UND_ERR_SOCKET'])
      assert.equal(isPermanentNetworkFailure(tls(code, code)), false, code);
    const error = eciError({ code: 'NetworkError', message: 'Could not complete X.', cause: wrongVersion });
    assert.match(error.hint ?? '', /trying again cannot fix that.*http:\/\//);
    const refused = eciError({ code: 'NetworkError', message: 'x', cause: tls('ECONNREFUSED', 'refused') });
    assert.equal(refused.hint, ECI_ERROR_HINTS['NetworkError']);
  });
});

describe('hints in 简体中文', () => {
  it('says an error with its hint and request ID in Chinese, and in the same English as before otherwise', () => {
    const error = eciError({
      code: 'OperationDenied.VswZoneMismatch',
      message: 'The specified VSwitchId is not in the specified Zone.',
      requestId: 'R-1',
    });
    assert.equal(
      error.describe('zh-cn'),
      'OperationDenied.VswZoneMismatch: The specified VSwitchId is not in the specified Zone. 提示：交换机不在 ZoneId 指定的可用区中。请去掉 ZoneId，或选择该可用区中的交换机。（请求 ID：R-1）',
    );
    assert.equal(error.describe('en'), error.describe());
    assert.match(error.describe(), /Hint: The vSwitch is not in the zone given by ZoneId\./);
    assert.equal(error.bodyIn('zh-cn')['Hint'], error.hintIn('zh-cn'));
    assert.equal(error.toJSON()['Hint'], error.hint);
  });

  it('has a Chinese hint for every code of both tables, other than its English', () => {
    for (const [code, english] of Object.entries(ECI_ERROR_HINTS)) {
      const chinese = hintIn(eciHints(code), 'zh-cn');
      assert.notEqual(chinese, english, code);
      assert.match(chinese, /[\u4e00-\u9fff]/, code);
    }
    for (const code of ['UNAUTHENTICATED', 'QUOTA_EXCEEDED', 'NetworkError'])
      assert.match(hintIn(jdcloudHints(code), 'zh-cn'), /[\u4e00-\u9fff]/, code);
  });

  it("names the nearest actions with Chinese's 、 and 或, and keeps a hint of its own text as it is", () => {
    const error = eciError({ code: 'InvalidAction', message: 'x', action: 'DescribeContainerGroup' });
    assert.equal(error.hintIn('zh-cn'), 'DescribeContainerGroup 不是 ECI 的操作。是否要写 DescribeContainerGroups？');
    assert.equal(say(orListMessage(['a', 'b', 'c']), 'zh-cn'), 'a、b 或 c');
    assert.equal(orList(['a', 'b', 'c']), 'a, b or c');
    assert.equal(orList(['a']), 'a');
    const own = eciError({ code: 'Odd.Code', message: 'x', hint: 'A hint of its own.' });
    assert.equal(own.hintIn('zh-cn'), 'A hint of its own.');
  });

  it('says the proxy and TLS hints in Chinese', () => {
    const tlsError = Object.assign(new Error('wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' });
    const error = eciError({ code: 'NetworkError', message: 'Could not complete X.', cause: tlsError });
    assert.match(error.hintIn('zh-cn') ?? '', /重试也无法解决.*NODE_EXTRA_CA_CERTS/);
    assert.equal(error.hint, TLS_FAILURE_HINT);
  });
});

describe("the client's own messages in 简体中文", () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  const networkError = (failure: Error) =>
    eciError({
      code: 'NetworkError',
      message: message('error.network', {
        action: 'DescribeRegions',
        host: '127.0.0.1:1',
        failure: networkFailureMessage(failure),
      }),
      cause: failure,
    });

  it('says a network failure in Chinese, and the same English as before otherwise', () => {
    const error = networkError(refused);
    assert.equal(
      error.describe(),
      'NetworkError: Could not complete DescribeRegions at 127.0.0.1:1: connection refused: nothing listens at that address (ECONNREFUSED). Hint: The endpoint could not be reached. Check the network, proxy settings and the endpoint URL.',
    );
    assert.equal(error.message, `Could not complete DescribeRegions at 127.0.0.1:1: ${networkFailureText(refused)}.`);
    assert.equal(
      error.describe('zh-cn'),
      'NetworkError: 无法在 127.0.0.1:1 完成 DescribeRegions：连接被拒绝：该地址上没有监听的服务（ECONNREFUSED）。提示：无法连接接入点。请检查网络、代理设置和接入点 URL。',
    );
    // An API's own message is said as it came, whatever the language.
    assert.equal(eciError({ code: 'X', message: 'As the API said.' }).messageIn('zh-cn'), 'As the API said.');
  });

  it("says a proxy's failure in its own words, with the proxy's hint", () => {
    const proxied = networkError(
      new ProxyError(message('proxy.refused', { proxy: 'http://127.0.0.1:9' }), 'ECONNREFUSED', false),
    );
    assert.match(
      proxied.describe(),
      /: the proxy at http:\/\/127\.0\.0\.1:9 refused the connection \(ECONNREFUSED\)\. Hint: The proxy/,
    );
    assert.match(
      proxied.describe('zh-cn'),
      /：位于 http:\/\/127\.0\.0\.1:9 的代理拒绝了连接（ECONNREFUSED）。提示：失败的是代理/,
    );
  });

  it('keeps the Chinese only while redacting finds nothing in the English', () => {
    const leaky = networkError(Object.assign(new Error('refused by SECRETXYZ'), { code: 'EPROTO_X' }));
    const clean = redactError(leaky, (text) => text.split('SECRETXYZ').join('<redacted>'));
    assert.equal(clean.messageSaid, undefined);
    assert.doesNotMatch(clean.describe('zh-cn'), /SECRETXYZ/);
    const untouched = redactError(networkError(refused), (text) => text);
    assert.equal(untouched.messageIn('zh-cn'), networkError(refused).messageIn('zh-cn'));
  });
});
