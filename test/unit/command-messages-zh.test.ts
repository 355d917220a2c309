import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const BUNDLE = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;

/** What vscode.l10n.t() says in 简体中文: the bundle's Chinese of the English, its {n} placeholders filled. */
function t(english: string, ...args: readonly string[]): string {
  const chinese = BUNDLE[english];
  assert.ok(chinese !== undefined, `no Chinese for ${JSON.stringify(english)}`);
  return chinese.replace(/\{(\d+)\}/g, (_, n: string) => args[Number(n)] ?? `{${n}}`);
}

/**
 * The 简体中文 of the commands' messages that are put together from parts (src/vscode/commands/provider-words.ts: a
 * provider's words in a sentence, lists with "or"), part by part as the commands put them: whole sentences, in the
 * clouds' own terms (docs/l10n/glossary.md).
 */
describe("the commands' messages in 简体中文", () => {
  it("say that a provider has no profile yet, with the cloud's own name and the commands' Chinese titles", () => {
    assert.equal(
      t(
        'No {0} profile yet: {1}.',
        t('Alibaba Cloud ECI'),
        t('add one (ECI: Add Profile), import the aliyun CLI ones, or use the local emulator'),
      ),
      '阿里云弹性容器实例 ECI：还没有配置。请添加一个（ECI: 添加配置）、导入 aliyun CLI 的配置，或使用本地模拟器。',
    );
    const ways = [
      t(
        'for {0}, {1}',
        t('Alibaba Cloud ECI'),
        t('add one (ECI: Add Profile), import the aliyun CLI ones, or use the local emulator'),
      ),
      t('for {0}, {1}', t('JD Cloud Native Container'), t('add one (JD Cloud: Add Profile) or use the local emulator')),
    ];
    assert.equal(
      t('No profile yet: {0}.', ways.join(t('; '))),
      '还没有配置：对于阿里云弹性容器实例 ECI，请添加一个（ECI: 添加配置）、导入 aliyun CLI 的配置，或使用本地模拟器；' +
        '对于京东云原生容器，请添加一个（京东云: 添加配置），或使用本地模拟器。',
    );
  });

  it('name the workloads of both providers in one list', () => {
    const kinds = t('{0} or {1}', t('container groups'), t('containers'));
    assert.equal(
      t('No running {0} in the regions the explorer shows.', kinds),
      '资源视图显示的地域中没有运行中的容器组或容器。',
    );
    const each = [t('A {0} ({1})', t('container group'), 'ECI'), t('A {0} ({1})', t('container'), 'JD')];
    assert.equal(
      t('{0}, by name, status or ID', t('{0} or {1}', each[0] ?? '', each[1] ?? '')),
      '容器组（ECI）或容器（JD），可按名称、状态或 ID 搜索',
    );
    assert.equal(t('{0} in {1} ({2})', t('container groups'), 'cn-hangzhou', 'prod'), 'cn-hangzhou（prod）中的容器组');
  });

  it("use the clouds' own terms: 弹性公网IP, 镜像仓库 Secret, 地域", () => {
    for (const [english, chinese] of Object.entries(BUNDLE)) {
      if (/\belastic IP\b|\bEIP\b/i.test(english)) assert.match(chinese, /弹性公网IP/, english);
      if (/\bregistry secrets?\b/i.test(english)) assert.match(chinese, /镜像仓库 Secret/, english);
      if (/\bregions?\b/i.test(english)) assert.doesNotMatch(chinese, /区域/, english);
    }
  });
});
