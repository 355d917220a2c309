import type * as Yaml from 'yaml';
import { lazyModule } from '../lazy-module';

/** The `yaml` package, loaded when a template first needs it (see lazy-module.ts); block YAML and JSON mostly do not. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the point is to require it late
export const yaml = lazyModule(() => require('yaml') as typeof Yaml);
