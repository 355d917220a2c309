#!/bin/sh
# An executable that @vscode/test-electron's runTests() can start as if it were VS Code: the extension tests then run
# in code-server (see code-server-test-host.mjs). ECI_TEST_NODE is the Node that started the runner.
exec "${ECI_TEST_NODE:-node}" "$(dirname "$0")/code-server-test-host.mjs" "$@"
