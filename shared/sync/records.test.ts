// The registry's own promises: one route per kind, each id key a field of the kind's wire, verdict
// schemas named by the kind's keys.
import { describe, expect, it } from 'vitest';
import { type z } from 'zod';
import { batchRequestSchema, clientIdOf, RECORD_KIND_NAMES, RECORDS, resultSchema, verdictOf } from './records';

describe('record-kind registry', () => {
  it('gives each kind its own route and batch key, and ids the wire carries', () => {
    const routes = RECORD_KIND_NAMES.map((k) => RECORDS[k].route);
    expect(new Set(routes).size).toBe(routes.length);
    for (const k of RECORD_KIND_NAMES) {
      const spec = RECORDS[k];
      expect(spec.batchMax).toBeGreaterThan(0);
      expect(Object.keys((spec.wire as unknown as z.ZodObject).shape)).toContain(spec.clientIdKey);
    }
  });

  it('derives batch and verdict schemas from the kind’s keys', () => {
    expect(batchRequestSchema('shift').safeParse({ shifts: [{}] }).success).toBe(true);
    expect(batchRequestSchema('shift').safeParse({ orders: [{}] }).success).toBe(false);
    expect(batchRequestSchema('order').safeParse({ orders: new Array(201).fill({}) }).success).toBe(false);
    const r = resultSchema('shift').parse({
      clientShiftId: 'a',
      status: 'accepted',
      serverShiftId: '0190f5a0-0000-7000-8000-000000000001',
    });
    expect(verdictOf('shift', r)).toEqual({
      id: 'a',
      status: 'accepted',
      serverId: '0190f5a0-0000-7000-8000-000000000001',
    });
    expect(clientIdOf('order', { clientOrderId: 'x' })).toBe('x');
    expect(clientIdOf('order', null)).toBe('');
  });
});
