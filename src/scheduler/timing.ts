/** Where in its interval each monitor fires: a stable offset from its id. */

/** FNV-1a: the same id gets the same offset on every start, on every machine. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

export function stableOffset(id: string, intervalMs: number): number {
  return Math.floor((hash(id) / 0x1_0000_0000) * intervalMs);
}

/** The first slot of this monitor strictly after `after`. */
export function nextSlot(after: number, intervalMs: number, offsetMs: number): number {
  const slots = Math.floor((after - offsetMs) / intervalMs) + 1;
  return offsetMs + slots * intervalMs;
}
