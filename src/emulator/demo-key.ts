import type { AccessKey } from './auth';

/**
 * The emulator's demo AccessKey: public on purpose (printed at start, in the README), accepted only by the local
 * emulator. A module of its own so that the extension can use it without bundling the emulator.
 */
export const DEMO_KEY: AccessKey = { accessKeyId: 'LTAI5tEmulatorDemo01', accessKeySecret: 'eci-emulator-demo-secret' };
