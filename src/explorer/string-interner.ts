/**
 * One copy of each short string that records repeat: zones, vSwitches, security groups, statuses, event types and
 * reasons, timestamps (a group's events mostly share a second). JSON.parse gives every value a string of its own,
 * so 10,000 groups held by the explorer would keep hundreds of thousands of identical strings.
 */
const MAX_LENGTH = 64;
/** Past this many distinct strings the table starts again, so that it never grows without bound. */
const MAX_ENTRIES = 100_000;

export class StringInterner {
  private strings = new Map<string, string>();

  /** How many distinct short strings are shared. */
  get size(): number {
    return this.strings.size;
  }

  /** The value with its short strings replaced by their shared copies, in place (records are ours once decoded). */
  intern<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.string(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.walk(value[i]);
      return value;
    }
    if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (item !== undefined && item !== null && typeof item !== 'number' && typeof item !== 'boolean')
          record[key] = this.walk(item);
      }
    }
    return value;
  }

  private string(text: string): string {
    if (text.length > MAX_LENGTH) return text;
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    if (this.strings.size >= MAX_ENTRIES) this.strings = new Map();
    this.strings.set(text, text);
    return text;
  }
}
