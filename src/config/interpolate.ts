/**
 * `${VAR}` interpolation, applied to the string values of the parsed YAML (never to the raw
 * text, so a value cannot inject YAML structure and line numbers stay right).
 * `${VAR:-fallback}` supplies a fallback; `$${` is a literal `${`.
 */
const PATTERN = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export type Env = Readonly<Record<string, string | undefined>>;

/** Returns the interpolated text, or the names of the variables that are not set. */
export function interpolate(text: string, env: Env, placeholderForMissing = false): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(PATTERN, (whole, escaped: string, name: string, fallback: string | undefined) => {
    if (escaped) return whole.slice(1);
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return placeholderForMissing ? `missing-env-${name}` : '';
  });
  return { value, missing };
}
