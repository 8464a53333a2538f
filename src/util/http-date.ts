/**
 * HTTP dates (RFC 9110's IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") written from a time's
 * UTC fields. Date#toUTCString writes the same text, but V8 looks up the host's time zone on
 * the way, and the first lookup of a process reads about 640 KB of ICU's time-zone data out of
 * the node binary, which then stays in RSS. Node's HTTP server calls it for the Date header of
 * its first response: at 50 monitors that one request was most of what a served request added
 * to serve's RSS (about 0.9 MB, measured with the pages of the node binary it touched).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (value: number): string => (value < 10 ? `0${value}` : String(value));

export function httpDate(ms: number): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return `${DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${String(year).padStart(4, '0')} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} GMT`;
}

/** Wraps a server's request handler so that responses carry a Date header written by httpDate (made once a second, as Node's own is). */
export function withDateHeader<Req extends IncomingMessage, Res extends ServerResponse>(handler: (req: Req, res: Res) => void): (req: Req, res: Res) => void {
  let second = -1;
  let value = '';
  return (req, res) => {
    const now = Date.now();
    if (Math.floor(now / 1000) !== second) {
      second = Math.floor(now / 1000);
      value = httpDate(now);
    }
    res.sendDate = false;
    res.setHeader('Date', value);
    handler(req, res);
  };
}
