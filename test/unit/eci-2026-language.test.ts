import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complete, hover } from '../../src/template/language';

/** Completion and hover of today's fields, which come from the schema alone (src/template/language.ts). */
function at(text: string): [string, number] {
  const offset = text.indexOf('|');
  return [text.slice(0, offset) + text.slice(offset + 1), offset];
}

describe("completion and hover of today's fields", () => {
  it('offers spotStrategy at the top level and its values with their descriptions', () => {
    const [top, topOffset] = at('containerGroupName: web\n|');
    const keys = complete(top, topOffset).map((item) => item.label);
    assert.ok(keys.includes('spotStrategy') && keys.includes('ephemeralStorage') && keys.includes('ramRoleName'));
    const [value, valueOffset] = at('containerGroupName: web\nspotStrategy: |\n');
    const items = complete(value, valueOffset);
    assert.deepEqual(
      items.map((i) => i.label),
      ['NoSpot', 'SpotAsPriceGo', 'SpotWithPriceLimit'],
    );
  });

  it("offers a container's lifecycle and hovers its preStop handler", () => {
    const [text, offset] = at('containerGroupName: web\nspec:\n  containers:\n    - name: app\n      |\n');
    assert.ok(complete(text, offset).some((item) => item.label === 'lifecycle'));
    const yaml = 'spec:\n  containers:\n    - name: app\n      lifecycle:\n        preStop:\n          exec: {}\n';
    const result = hover(yaml, yaml.indexOf('preStop') + 2);
    assert.match(result?.markdown ?? '', /before the container is stopped/);
  });
});
