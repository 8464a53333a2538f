/** Query-string parsing with 400s that name the parameter at fault. */
import { HttpError } from './errors.js';

/** A 400 shaped as a body's: details list the field and what is wrong with it. */
function invalid(name: string, problem: string): HttpError {
  return new HttpError(400, 'invalid', `${name}: ${problem}`, [{ field: name, message: problem }]);
}

type Query = Record<string, string | string[] | undefined>;

/** One value: a parameter given twice (`?tag=a&tag=b`) is refused rather than one of them silently taken. */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw invalid(name, `given ${value.length} times; give it once`);
  return value;
}

/** A time as ISO 8601 or milliseconds since the epoch. */
export function timeParam(query: Query, name: string): number | undefined {
  const value = single(query, name);
  if (value === undefined || value === '') return undefined;
  const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(parsed)) {
    throw invalid(name, `expected an ISO 8601 time or milliseconds since the epoch, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

export function intParam(query: Query, name: string, fallback: number, min: number, max: number): number {
  const value = single(query, name);
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw invalid(name, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

export function stringParam(query: Query, name: string): string | undefined {
  const value = single(query, name);
  return value === '' ? undefined : value;
}

export function enumParam<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined {
  const value = stringParam(query, name);
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw invalid(name, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** `?monitor=` naming a monitor that exists (or once existed: history is kept); 404 otherwise. */
export function monitorParam(query: Query, exists: (id: string) => boolean): string | undefined {
  const monitorId = stringParam(query, 'monitor');
  if (monitorId !== undefined && !exists(monitorId)) {
    const message = `no monitor with id "${monitorId}"`;
    throw new HttpError(404, 'not_found', message, [{ field: 'monitor', message }]);
  }
  return monitorId;
}
