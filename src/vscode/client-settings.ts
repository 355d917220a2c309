import * as vscode from './vscode-api';

/** The client options the user controls through settings: the signature version (V3 by default) and timeout. */
export function clientSettings(): { readonly signatureVersion: 'v1' | 'v3'; readonly timeoutMs: number } {
  const config = vscode.workspace.getConfiguration('eci');
  const signature = config.get<string>('signatureVersion', 'v3');
  return {
    signatureVersion: signature === 'v1' ? 'v1' : 'v3',
    timeoutMs: Math.max(1000, config.get<number>('requestTimeoutMs', 30_000)),
  };
}
