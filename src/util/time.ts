/**
 * Times as text, written from a Date's UTC fields. Date#toISOString and Date#toUTCString (and
 * JSON.stringify of a Date, and Node's own HTTP Date header) write the same text, but V8 looks
 * up the host's time zone on the way: the first lookup of a process reads about 640 KB of ICU's
 * time-zone data out of the node binary, and those pages stay in RSS (at 50 monitors, one
 * served request raised serve's RSS by 0.9 MB for good). Nothing in serve needs local time, so
 * nothing should pay for it.
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));
const pad3 = (value: number): string => (value < 10 ? `00${value}` : value < 100 ? `0${value}` : String(value));

/** ISO 8601 text for a time in ms since the epoch, as Date#toISOString writes it ("2026-11-26T09:05:07.000Z"); throws RangeError for an invalid time, as it does. */
export function isoString(ms: number): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  // Years past 9999 (or before 0) take a sign and six digits: rare enough to leave to V8.
  if (!(year >= 0 && year <= 9999)) return date.toISOString();
  return `${String(year).padStart(4, '0')}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}T${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}.${pad3(date.getUTCMilliseconds())}Z`;
}

/** An HTTP date (RFC 9110's IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"), as Date#toUTCString writes it. */
export function httpDate(ms: number): string {
  const date = new Date(ms);
  return `${DAYS[date.getUTCDay()]}, ${pad2(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCFullYear()).padStart(4, '0')} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())} GMT`;
}

/** ISO 8601 text for a time in ms since the epoch, null for null: how the API writes times. */
export function iso(ms: number | null): string | null {
  return ms === null ? null : isoString(ms);
}
