import { createHash, timingSafeEqual } from 'node:crypto';
import { ECI_API_VERSION, STS_API_VERSION } from '../eci/endpoints';
import { ACS3_ALGORITHM, signV1, signV3 } from '../eci/signing';
import { ApiError } from './api-error';

export interface AccessKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** For STS keys: the token that must accompany every request. */
  readonly securityToken?: string | undefined;
  /** For keys the emulator's STS issued (src/emulator/sts.ts): when they stop being accepted (ms, the emulator's clock). */
  readonly expiresAt?: number | undefined;
}

export interface AuthenticatedRequest {
  readonly accessKeyId: string;
  readonly action: string;
  readonly signatureVersion: 'v1' | 'v3';
}

export interface IncomingApiRequest {
  readonly method: string;
  readonly pathname: string;
  /** Query-string parameters only (V3 signs these). */
  readonly query: Readonly<Record<string, string>>;
  /** Query and form-body parameters merged (V1 signs the union). */
  readonly params: Readonly<Record<string, string>>;
  /** Header names lowercased; repeated headers joined by `,`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/**
 * Authenticates a request the way ECI does: V1 (`Signature` parameter, HMAC-SHA1) or V3 (`Authorization:
 * ACS3-HMAC-SHA256`), with ECI's error codes. Nonces are remembered for the 15 minutes a timestamp is valid.
 */
export class Authenticator {
  private readonly keys = new Map<string, AccessKey>();
  private readonly nonces = new Map<string, number>();
  private lastPrune = 0;

  constructor(
    keys: readonly AccessKey[],
    private readonly now: () => number = Date.now,
  ) {
    for (const key of keys) this.keys.set(key.accessKeyId, key);
  }

  /** A temporary key (from AssumeRole): accepted with its token until it expires. Keys long expired are forgotten. */
  addTemporaryKey(key: AccessKey & { readonly expiresAt: number }): void {
    const now = this.now();
    for (const [id, old] of this.keys)
      if (old.expiresAt !== undefined && old.expiresAt + MAX_CLOCK_SKEW_MS < now) this.keys.delete(id);
    this.keys.set(key.accessKeyId, key);
  }

  authenticate(request: IncomingApiRequest): AuthenticatedRequest {
    const authorization = request.headers['authorization'];
    if (authorization !== undefined && authorization.startsWith('ACS3-')) return this.verifyV3(request, authorization);
    if (request.params['Signature'] !== undefined) return this.verifyV1(request);
    if (authorization !== undefined)
      throw new ApiError(
        400,
        'IncompleteSignature',
        `The request signature algorithm of "${authorization.split(' ')[0] ?? ''}" is not supported; use ACS3-HMAC-SHA256 or the Signature parameter.`,
      );
    throw new ApiError(
      400,
      'MissingParameter',
      'The input parameter "Signature" that is mandatory for processing this request is not supplied.',
    );
  }

  private verifyV1(request: IncomingApiRequest): AuthenticatedRequest {
    const { Signature: signature = '', ...signed } = request.params;
    for (const name of ['AccessKeyId', 'SignatureNonce', 'Timestamp', 'Action', 'Version', 'SignatureMethod']) {
      if (signed[name] === undefined || signed[name] === '') {
        throw new ApiError(
          400,
          'MissingParameter',
          `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
        );
      }
    }
    if (signed['SignatureMethod'] !== 'HMAC-SHA1')
      throw new ApiError(
        400,
        'InvalidParameter',
        `The SignatureMethod "${signed['SignatureMethod']}" is not supported; use HMAC-SHA1.`,
      );
    if (signed['SignatureVersion'] !== undefined && signed['SignatureVersion'] !== '1.0') {
      throw new ApiError(
        400,
        'InvalidParameter',
        `The SignatureVersion "${signed['SignatureVersion']}" is not supported; use 1.0.`,
      );
    }
    const key = this.key(signed['AccessKeyId'] ?? '');
    this.checkVersion(signed['Action'], signed['Version']);
    this.checkTimestamp(signed['Timestamp'] ?? '');
    const { stringToSign, signature: expected } = signV1(request.method, signed, key.accessKeySecret);
    if (!sameText(expected, signature)) {
      throw new ApiError(
        400,
        'SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
      );
    }
    this.checkToken(key, signed['SecurityToken']);
    this.checkNonce(key.accessKeyId, signed['SignatureNonce'] ?? '');
    return { accessKeyId: key.accessKeyId, action: signed['Action'] ?? '', signatureVersion: 'v1' };
  }

  private verifyV3(request: IncomingApiRequest, authorization: string): AuthenticatedRequest {
    const algorithm = authorization.split(' ')[0];
    if (algorithm !== ACS3_ALGORITHM)
      throw new ApiError(
        400,
        'IncompleteSignature',
        `The signature algorithm ${algorithm ?? ''} is not supported; use ${ACS3_ALGORITHM}.`,
      );
    const match = /^ACS3-HMAC-SHA256 Credential=([^,]*),SignedHeaders=([^,]*),Signature=([0-9a-fA-F]*)$/.exec(
      authorization.trim(),
    );
    if (match === null)
      throw new ApiError(
        400,
        'IncompleteSignature',
        'The Authorization header must read "ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<h1;h2>,Signature=<hex>".',
      );
    const [, accessKeyId = '', signedHeaderList = '', signature = ''] = match;
    for (const name of [
      'x-acs-action',
      'x-acs-version',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-content-sha256',
    ]) {
      if (request.headers[name] === undefined)
        throw new ApiError(400, 'IncompleteSignature', `The header ${name} is required with ${ACS3_ALGORITHM}.`);
    }
    const signedNames = signedHeaderList === '' ? [] : signedHeaderList.split(';');
    for (const name of [
      'host',
      'x-acs-action',
      'x-acs-version',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-content-sha256',
    ]) {
      if (!signedNames.includes(name))
        throw new ApiError(400, 'IncompleteSignature', `The header ${name} must be signed (listed in SignedHeaders).`);
    }
    const key = this.key(accessKeyId);
    this.checkVersion(request.headers['x-acs-action'], request.headers['x-acs-version']);
    this.checkTimestamp(request.headers['x-acs-date'] ?? '');
    const payloadHash = createHash('sha256').update(request.body).digest('hex');
    if (request.headers['x-acs-content-sha256'] !== payloadHash) {
      throw new ApiError(
        400,
        'SignatureDoesNotMatch',
        'The x-acs-content-sha256 header does not match the SHA-256 of the request body.',
      );
    }
    const headers: Record<string, string> = {};
    for (const name of signedNames) headers[name] = request.headers[name] ?? '';
    const expected = signV3(
      { method: request.method, pathname: request.pathname, query: request.query, headers, payloadHash },
      accessKeyId,
      key.accessKeySecret,
    );
    if (!sameText(expected.signature, signature.toLowerCase())) {
      throw new ApiError(
        400,
        'SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${expected.stringToSign}`,
      );
    }
    this.checkToken(key, request.headers['x-acs-security-token']);
    this.checkNonce(key.accessKeyId, request.headers['x-acs-signature-nonce'] ?? '');
    return { accessKeyId: key.accessKeyId, action: request.headers['x-acs-action'] ?? '', signatureVersion: 'v3' };
  }

  private key(accessKeyId: string): AccessKey {
    const key = this.keys.get(accessKeyId);
    if (key === undefined) throw new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    return key;
  }

  /** ECI's version for ECI's actions; STS's for AssumeRole, which the emulator serves at the same address. */
  private checkVersion(action: string | undefined, version: string | undefined): void {
    const expected = action === 'AssumeRole' ? STS_API_VERSION : ECI_API_VERSION;
    if (version !== expected) {
      throw new ApiError(
        400,
        'InvalidVersion',
        `Specified parameter Version is not valid: "${version ?? ''}"; this API is version ${expected}.`,
      );
    }
  }

  private checkTimestamp(text: string): void {
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(text) ? Date.parse(text) : NaN;
    if (Number.isNaN(at))
      throw new ApiError(
        400,
        'InvalidTimeStamp.Format',
        `Specified time stamp "${text}" is not in the format YYYY-MM-DDThh:mm:ssZ.`,
      );
    if (Math.abs(this.now() - at) > MAX_CLOCK_SKEW_MS) {
      throw new ApiError(
        400,
        'InvalidTimeStamp.Expired',
        `Specified time stamp or date value is expired: ${text} is more than 15 minutes from the server's time ${new Date(this.now()).toISOString()}.`,
      );
    }
  }

  private checkToken(key: AccessKey, token: string | undefined): void {
    if (key.securityToken === undefined) return;
    if (key.expiresAt !== undefined && this.now() >= key.expiresAt)
      throw new ApiError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
    if (token === undefined || token === '')
      throw new ApiError(
        400,
        'InvalidSecurityToken.Malformed',
        'This AccessKey is an STS key: the SecurityToken is required.',
      );
    if (!sameText(token, key.securityToken))
      throw new ApiError(
        400,
        'InvalidSecurityToken.MismatchWithAccessKey',
        'The security token does not belong to this AccessKey.',
      );
  }

  private checkNonce(accessKeyId: string, nonce: string): void {
    const now = this.now();
    if (now - this.lastPrune > 60_000) {
      for (const [k, expires] of this.nonces) if (expires < now) this.nonces.delete(k);
      this.lastPrune = now;
    }
    const key = `${accessKeyId}\n${nonce}`;
    const expires = this.nonces.get(key);
    if (expires !== undefined && expires >= now)
      throw new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    this.nonces.set(key, now + MAX_CLOCK_SKEW_MS);
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
