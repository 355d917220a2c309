/** Shared by the benchmarks and the reader tests, so both measure and check the same document. */

/** A 2,000-line template: 20 containers with many variables, a few mistakes for both validators to find. */
export function largeTemplate(): string {
  const lines = [
    'containerGroupName: large-template',
    'regionId: cn-hangzhou',
    'resources: {cpu: 64, memory: 256}',
    'spec:',
    '  restartPolicy: Always',
    '  containers:',
  ];
  for (let c = 0; c < 20; c++) {
    lines.push(
      `    - name: app-${c}`,
      `      image: registry.cn-hangzhou.aliyuncs.com/team/app-${c}:1.${c}.0`,
      '      imagePullPolicy: IfNotPresent',
      '      resources: {cpu: 1, memory: 2}',
    );
    lines.push('      ports:', `        - containerPort: ${c === 7 ? 70000 : 8000 + c}`, '          protocol: TCP');
    if (c === 11) lines.push('      imagee: typo');
    lines.push('      env:');
    for (let e = 0; e < 46; e++) lines.push(`        - name: SETTING_${c}_${e}`, `          value: "value-${e}"`);
  }
  return `${lines.join('\n')}\n`;
}
