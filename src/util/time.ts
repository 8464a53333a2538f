/** ISO 8601 text for a time in ms since the epoch, null for null: how the API writes times. */
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
