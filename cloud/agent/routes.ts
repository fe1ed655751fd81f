// Runtime: Node. The agent's (区代) back office, called from a PC registered to the agent organisation
// (security/org-kind.ts: these routes refuse outlet devices; outlet routes refuse agent devices):
//   GET  /v1/agent/outlets                               product.edit   the agent's outlets
//   GET  /v1/agent/sources                               product.edit   goods sources: supply price, current markup, rule
//   PUT  /v1/agent/markup-rules                          product.edit + super password   {scope, target, basis, value}
//   GET  /v1/agent/outlets/:id/categories                product.edit   the outlet's whole category tree (flat, parentId)
//   POST /v1/agent/outlets/:id/categories                product.edit + super password   {parentId|null, name, sort?}
//   PUT  /v1/agent/outlets/:id/categories/:categoryId    product.edit + super password   {parentId?, name?, sort?}
//   GET  /v1/agent/outlets/:id/sources                   product.edit   every source with the outlet's choice (chosen, productId, retailPrice)
//   PUT  /v1/agent/outlets/:id/sources/:sourceId         product.edit + super password   {enabled}   choose / drop a source
// Writes go through the same functions as the outlet's own (catalog-admin/): a markup rule rewrites the
// resolved markups and republishes the affected products of every outlet of the agent; a category edit
// is checked (assertCanEdit: only the outlet's own agent) and reaches the outlet's change feed. Choosing an
// outlet's sources (outlet-sources.ts) turns the outlet's products for them on and off, repoints a top-up
// to another supplier's source, or creates the product; every change reaches the outlet's feed.
// Every /v1/agent/outlets/:id route first checks that :id is one of this agent's outlets (FORBIDDEN).
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AGENT_METHODS } from '../../shared/api/agent-methods';
import { fen } from '../../shared/money';
import { zText } from '../../shared/text';
import { categoryPath, createCategory, updateCategory } from '../catalog-admin/categories';
import { setMarkupRule } from '../catalog-admin/prices';
import { auditOk } from '../security/audit-helpers';
import type { SecurityContext } from '../security/context';
import { withoutFactors } from '../security/employee-routes';
import { zIdParam } from '../security/employees';
import { actorOf } from '../security/session-auth';
import { chooseOutletSource, outletSources } from './outlet-sources';
import { agentOutlets, agentSources, assertAgentsOutlet, outletCategories } from './queries';
import { AGENT_PATHS } from '../../shared/api/agent-routes';

const zName = zText().trim().min(1).max(64);
const zNewCategory = z
  .object({ parentId: z.uuid().nullable(), name: zName, sort: z.number().int().optional() })
  .strict();
const zCategoryUpdate = z
  .object({ parentId: z.uuid().nullable().optional(), name: zName.optional(), sort: z.number().int().optional() })
  .strict();
const zCategoryParams = z.object({ id: z.uuid(), categoryId: z.uuid() });
const zSourceParams = z.object({ id: z.uuid(), sourceId: z.uuid() });
const zSourceChoice = z.object({ enabled: z.boolean() }).strict();
/** fixed: fen (≤ ¥10,000); bps: basis points of the supply price (≤ 100 %) */
export const zMarkupRule = z.discriminatedUnion('basis', [
  z
    .object({
      scope: z.enum(['source', 'kind']),
      target: zText().min(1).max(64),
      basis: z.literal('fixed'),
      value: z.number().int().min(0).max(1_000_000),
    })
    .strict(),
  z
    .object({
      scope: z.enum(['source', 'kind']),
      target: zText().min(1).max(64),
      basis: z.literal('bps'),
      value: z.number().int().min(0).max(10_000),
    })
    .strict(),
]);

export function agentRoutes(ctx: SecurityContext) {
  return async (scope: FastifyInstance): Promise<void> => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const read = { permission: 'product.edit' as const, orgKinds: ['agent'] as const };
    const edit = { ...read, sensitive: true };
    app.get(
      AGENT_PATHS.outlets,
      { config: read, schema: { response: { 200: AGENT_METHODS['agent.outlets'].output } } },
      async (request) => ({
        outlets: await agentOutlets(ctx.db, actorOf(request).employee.org_id),
      }),
    );
    app.get(
      AGENT_PATHS.sources,
      { config: read, schema: { response: { 200: AGENT_METHODS['agent.sources'].output } } },
      async (request) => ({
        // amounts in fen, as the shared schema types them
        sources: (await agentSources(ctx.db, actorOf(request).employee.org_id)).map((s) => ({
          ...s,
          faceValue: s.faceValue === null ? null : fen(s.faceValue),
          supplyPrice: fen(s.supplyPrice),
          markup: fen(s.markup),
          cost: fen(s.cost),
        })),
      }),
    );
    app.get(AGENT_PATHS.outletCategories, { schema: { params: zIdParam }, config: read }, async (request) => {
      const { id: outletId } = request.params;
      return { categories: await outletCategories(ctx.db, actorOf(request).employee.org_id, outletId) };
    });
    app.get(AGENT_PATHS.outletSources, { schema: { params: zIdParam }, config: read }, async (request) => {
      const { id: outletId } = request.params;
      return { sources: await outletSources(ctx.db, actorOf(request).employee.org_id, outletId) };
    });
    app.put(
      AGENT_PATHS.outletSource,
      {
        schema: { params: zSourceParams, body: withoutFactors(zSourceChoice) },
        config: { ...edit, action: 'agent.outlet_source' },
      },
      async (request) => {
        const { id: outletId, sourceId } = request.params;
        const { enabled } = request.body;
        const agentId = actorOf(request).employee.org_id;
        return ctx.db.tx(async (q) => {
          const r = await chooseOutletSource(q, agentId, outletId, sourceId, enabled, ctx.now());
          await auditOk(q, ctx, request, {
            target: sourceId,
            before: r.before,
            after: {
              outletId,
              enabled,
              chosen: r.source.chosen,
              productId: r.source.productId,
              replacedSourceId: r.replacedSourceId,
            },
            details: { changedProductIds: r.changedProductIds },
          });
          return { source: r.source, replacedSourceId: r.replacedSourceId };
        });
      },
    );
    app.put(
      AGENT_PATHS.markupRules,
      { schema: { body: withoutFactors(zMarkupRule) }, config: { ...edit, action: 'agent.markup_rule' } },
      async (request) => {
        const rule = request.body;
        const agentId = actorOf(request).employee.org_id;
        return ctx.db.tx(async (q) => {
          const applied = await setMarkupRule(q, agentId, rule, ctx.now());
          await auditOk(q, ctx, request, { target: `${rule.scope}:${rule.target}`, after: rule, details: applied });
          return { rule, ...applied };
        });
      },
    );
    app.post(
      AGENT_PATHS.outletCategories,
      {
        schema: { params: zIdParam, body: withoutFactors(zNewCategory) },
        config: { ...edit, action: 'agent.category.create' },
      },
      async (request) => {
        const { id: outletId } = request.params;
        const body = request.body;
        const agentId = actorOf(request).employee.org_id;
        return ctx.db.tx(async (q) => {
          await assertAgentsOutlet(q, agentId, outletId);
          const category = await createCategory(q, agentId, outletId, body, ctx.now());
          await auditOk(q, ctx, request, { target: category.id, after: { outletId, ...category } });
          return { category, path: await categoryPath(q, outletId, category.id) };
        });
      },
    );
    app.put(
      AGENT_PATHS.outletCategory,
      {
        schema: { params: zCategoryParams, body: withoutFactors(zCategoryUpdate) },
        config: { ...edit, action: 'agent.category.update' },
      },
      async (request) => {
        const { id: outletId, categoryId } = request.params;
        const body = request.body;
        const agentId = actorOf(request).employee.org_id;
        return ctx.db.tx(async (q) => {
          await assertAgentsOutlet(q, agentId, outletId);
          const category = await updateCategory(q, agentId, outletId, categoryId, body, ctx.now());
          await auditOk(q, ctx, request, { target: categoryId, after: { outletId, ...category } });
          return { category, path: await categoryPath(q, outletId, categoryId) };
        });
      },
    );
  };
}
