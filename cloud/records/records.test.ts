// The cloud serves one route per kind of the record-kind registry (shared/sync/records.ts), each judging
// every record on its own with the kind's wire schema and naming its verdicts by the kind's id keys, and
// refusing a batch above the kind's batchMax as a whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchResponseSchema, RECORD_KIND_NAMES, RECORDS } from '../../shared/sync/records';
import { registerDevice, signedInject, type TestDevice } from '../test-support/device';
import { createWorld, type TestWorld } from '../test-support/world';

let w: TestWorld;
let dev: TestDevice;
beforeAll(async () => {
  w = await createWorld();
  dev = await registerDevice(w.app);
});
afterAll(async () => {
  await w.close();
});

const post = (url: string, body: unknown) =>
  signedInject(w.app, dev, { method: 'POST', url, body: body as object, now: w.clock.now });

describe('record routes from the registry', () => {
  it.each(RECORD_KIND_NAMES)(
    '%s: a record failing the wire schema is rejected by id, others unharmed',
    async (kind) => {
      const spec = RECORDS[kind];
      const id = '0190f5a0-0000-7000-8000-00000000abcd';
      const res = await post(spec.route, { [spec.batchKey]: [{ [spec.clientIdKey]: id }] });
      expect(res.statusCode, res.body).toBe(200);
      const { results } = batchResponseSchema(kind).parse(res.json());
      expect(results).toEqual([
        { [spec.clientIdKey]: id, status: 'rejected', error: expect.objectContaining({ code: 'VALIDATION' }) },
      ]);
    },
  );

  it.each(RECORD_KIND_NAMES)('%s: more than batchMax records are refused whole', async (kind) => {
    const spec = RECORDS[kind];
    const res = await post(spec.route, { [spec.batchKey]: Array.from({ length: spec.batchMax + 1 }, () => ({})) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION' } });
  });
});
