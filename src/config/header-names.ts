/**
 * HTTP header names are case-insensitive: `authorization` and `Authorization` are one header.
 * Maps of headers (defaults and a monitor's own, a stored monitor and a PATCH) are combined by
 * name in any case, the later spelling winning, so that a check never sends a header twice with
 * the stale value winning. Pure.
 */

/** The names of `headers` that another name of it repeats in another case, each once. */
export function caseDuplicates(headers: Readonly<Record<string, unknown>>): string[] {
  const seen = new Map<string, string>();
  const repeated: string[] = [];
  for (const name of Object.keys(headers)) {
    const first = seen.get(name.toLowerCase());
    if (first === undefined) seen.set(name.toLowerCase(), name);
    else repeated.push(`${first}" and "${name}`);
  }
  return repeated;
}

/** `base` overlaid by `over`, by name in any case: a name of `over` replaces `base`'s in any spelling. */
export function overlayHeaders<T>(base: Readonly<Record<string, T>> | undefined, over: Readonly<Record<string, T>> | undefined): Record<string, T> {
  if (!over) return { ...base };
  const replaced = new Set(Object.keys(over).map((name) => name.toLowerCase()));
  const out: Record<string, T> = {};
  for (const [name, value] of Object.entries(base ?? {})) if (!replaced.has(name.toLowerCase())) out[name] = value;
  return Object.assign(out, over);
}

/**
 * A merge patch of headers made case-blind against the stored ones: a name given in another
 * case than stored also removes the stored spelling (`{"authorization": "Bearer new"}` replaces
 * `Authorization`, `{"x-api-key": null}` removes `X-Api-Key`).
 */
export function headersPatch(stored: Readonly<Record<string, unknown>> | undefined, patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(patch)) {
    for (const storedName of Object.keys(stored ?? {})) if (storedName !== name && storedName.toLowerCase() === name.toLowerCase()) out[storedName] = null;
    out[name] = value;
  }
  return out;
}
