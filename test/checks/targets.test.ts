/** The test targets other test files rely on: behaviours per path, sequences, and a close() that never hangs. */
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpChecker } from '../../src/checks/http.js';
import { hang, hugeBody, respond, sequence, specFor, startTarget, type Target } from '../helpers/targets.js';

const checker = createHttpChecker();
const started: Target[] = [];

async function target(...args: Parameters<typeof startTarget>): Promise<Target> {
  const made = await startTarget(...args);
  started.push(made);
  return made;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((made) => made.close()));
});

describe('test targets', () => {
  it('plays a sequence in order and then repeats its last step', async () => {
    const flapping = await target({ behaviour: sequence(respond(200), respond(500), respond(503)) });
    const statuses: (number | null)[] = [];
    for (let index = 0; index < 4; index++) statuses.push((await checker.run(specFor({ url: flapping.url }))).httpStatus);
    expect(statuses).toEqual([200, 500, 503, 503]);
  });

  it('answers a path by its own behaviour, others by the global one, until reset', async () => {
    const site = await target({ paths: { '/down': respond(503) } });
    site.setBehaviour(respond(204, ''));
    expect((await checker.run(specFor({ url: site.urlFor('/down') }))).httpStatus).toBe(503);
    expect((await checker.run(specFor({ url: site.urlFor('/other') }))).httpStatus).toBe(204);
    site.resetBehaviours();
    expect((await checker.run(specFor({ url: site.urlFor('/down') }))).httpStatus).toBe(200);
    expect(site.requests.map((request) => request.path)).toEqual(['/down', '/other', '/down']);
  });

  it('closes at once, ending hung and streaming connections', async () => {
    const stuck = await target({ paths: { '/hang': hang(), '/huge': hugeBody(200 * 1024 * 1024) } });
    const hung = checker.run(specFor({ url: stuck.urlFor('/hang'), timeout: '10s' }));
    const streaming = createHttpChecker({ bodyCapBytes: 1024 * 1024 * 1024 }).run(specFor({ url: stuck.urlFor('/huge'), timeout: '10s' }));
    await stuck.waitForRequests(2);
    const closing = Date.now();
    await stuck.close();
    const results = await Promise.all([hung, streaming]);
    expect(Date.now() - closing).toBeLessThan(1000);
    for (const result of results) expect(result).toMatchObject({ status: 'down', reason: expect.stringMatching(/connection/) });
  });
});
