/**
 * The Date header of every response, written by httpDate (src/util/time.ts) rather than by
 * Node's HTTP server, whose own header comes from Date#toUTCString and so loads ICU's time-zone
 * data into the process (see time.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpDate } from './time.js';

/** Wraps a server's request handler so that responses carry a Date header written by httpDate (made once a second, as Node's own is). */
export function withDateHeader<Req extends IncomingMessage, Res extends ServerResponse>(handler: (req: Req, res: Res) => void): (req: Req, res: Res) => void {
  let second = -1;
  let value = '';
  return (req, res) => {
    const now = Date.now();
    const thisSecond = Math.floor(now / 1000);
    if (thisSecond !== second) {
      second = thisSecond;
      value = httpDate(now);
    }
    res.sendDate = false;
    res.setHeader('Date', value);
    handler(req, res);
  };
}
