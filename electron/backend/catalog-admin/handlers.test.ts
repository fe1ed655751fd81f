// The one branch the real-cloud test (catalog-admin-cloud.test.ts) cannot time: the cloud committed the write, then the
// network dropped before the till's pull. The write must still answer as saved (it is in the cloud), and the
// background loop is asked to pull the catalog later — never a second write, never a refusal shown.
import { describe, expect, it } from 'vitest';
import { cloudPath } from '../../../shared/api/cloud-routes';
import { AppError } from '../../../shared/errors';
import { catalogAdminHandlers } from './handlers';

describe('catalog-admin handlers: a pull that fails after a committed write', () => {
  it('answers the cloud’s result and kicks the background catalog pull', async () => {
    const sent: string[] = [];
    const kicks: unknown[] = [];
    const contacts: unknown[] = [];
    const product = { id: '0195f0a0-0000-7000-8000-000000000001', categoryId: null, cost: null, price: 990 };
    const handlers = catalogAdminHandlers(
      {
        catalogSync: { pull: () => Promise.reject(new AppError('OFFLINE', 'gone')) },
        kickSync: (p: unknown) => kicks.push(p),
        sync: { noteContact: (e: unknown) => contacts.push(e) },
      } as never,
      {
        cloud: {
          route: async (route, req) => {
            sent.push(`${route.method} ${cloudPath(route.path, req?.params)}`);
            return { product } as never;
          },
        },
      },
    );
    const r = await (handlers['catalogAdmin.setPrice'] as (i: unknown) => Promise<unknown>)({
      id: product.id,
      price: 990,
      superPassword: 'x',
    });
    expect(r).toEqual({ product, categoryPath: [], own: true });
    expect(sent).toEqual([`PUT /v1/catalog-admin/products/${product.id}/price`]);
    expect(kicks).toEqual([{ catalog: true }]);
    expect(contacts).toEqual([expect.objectContaining({ code: 'OFFLINE' })]);
  });
});
