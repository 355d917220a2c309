import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ERROR_HINTS, hintFor } from '../../src/eci/error-hints';
import { EciError, networkFailureText } from '../../src/eci/errors';

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
    const sources = ['jdcloud/native-container.ts', 'server.ts']
      .map((file) => readFileSync(join(__dirname, '..', '..', 'src', 'emulator', file), 'utf8'))
      .join('\n');
    const statuses = new Set(
      [...sources.matchAll(/(?:JdError\(\d+, |status: |\[\d{3}, )'([A-Z_]{5,})'/g)].map((m) => m[1] ?? ''),
    );
    assert.ok(statuses.has('TOO_MANY_REQUESTS') && statuses.size >= 9, [...statuses].join());
    assert.deepEqual(
      [...statuses].filter((status) => hintFor(status) === undefined),
      [],
    );
  });

  it('has a hint of its own for every error code in the ECI API reference', () => {
    const missing = SEED_CODES.filter((code) => !Object.prototype.hasOwnProperty.call(ERROR_HINTS, code));
    assert.deepEqual(missing, []);
  });

  it('the list above is every code of the seed document', () => {
    const table = join(__dirname, '..', 'fixtures', 'reference', 'eci-2020-error-codes.tsv');
    const codes = new Set(
      readFileSync(table, 'utf8')
        .split('\n')
        .filter((line) => /^\d{3}\t/.test(line))
        .map((line) => (line.split('\t')[1] ?? '').replace(/ /g, '')),
    );
    assert.deepEqual([...codes].filter((code) => !SEED_CODES.includes(code)).sort(), []);
  });

  it('covers code families the table does not spell out', () => {
    assert.match(hintFor('Throttling.Resource') ?? '', /Too many requests/);
    assert.match(hintFor('ServiceUnavailable.Other') ?? '', /temporary/);
    assert.equal(hintFor('Something.Unheard.Of'), undefined);
  });

  it('describes an error in one line with code, message, hint and request ID', () => {
    const error = new EciError({
      code: 'OperationDenied.VswZoneMismatch',
      message: 'The specified VSwitchId is not in the specified Zone.',
      requestId: 'R-1',
    });
    assert.equal(
      error.describe(),
      'OperationDenied.VswZoneMismatch: The specified VSwitchId is not in the specified Zone. The vSwitch is not in the zone given by ZoneId. Leave ZoneId out or pick a vSwitch in that zone. (request ID R-1)',
    );
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
