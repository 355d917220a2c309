/**
 * A module loaded on first use rather than when the bundle is evaluated. Evaluating undici, yaml, ajv and ws costs
 * about 170 ms together, which the extension host would otherwise spend at activation on things a session may never
 * need (the explorer needs no YAML parser; editing a template needs no HTTP client).
 */
export function lazyModule<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}
