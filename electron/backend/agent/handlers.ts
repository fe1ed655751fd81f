// The agent's (区代) back office on an agent PC: each method is one cloud route declared in shared/api/
// agent-routes.ts (AGENT_ROUTES), called through owner/owner-cloud.ts with the device signature and the session.
// The router has already refused these on an outlet's till (shared/api/agent-methods.ts: orgKindsOf) and checked
// product.edit; the cloud checks the agent's ownership of the outlet, the super password and audits. Nothing is
// kept: the answer is parsed with the route's schema and returned, the super password goes out as a header only.
import { AGENT_ROUTES as R } from '../../../shared/api/agent-routes';
import type { HandlerGroup } from '../api';
import type { BackendContext } from '../context';
import { createOwnerCloud, splitFactors as split, type OwnerCloud } from '../owner/owner-cloud';

export function agentHandlers(
  ctx: Pick<BackendContext, 'cloudUrl' | 'device' | 'cloud' | 'session'>,
  deps: { cloud?: OwnerCloud } = {},
): HandlerGroup {
  const c = deps.cloud ?? createOwnerCloud(ctx);

  return {
    'agent.outlets': (f) => c.route(R['agent.outlets'], {}, f),
    'agent.sources': (f) => c.route(R['agent.sources'], {}, f),
    'agent.setMarkupRule': (input) => {
      const [body, f] = split(input);
      return c.route(R['agent.setMarkupRule'], { body }, f);
    },
    'agent.outletSources': ({ outletId }) => c.route(R['agent.outletSources'], { params: { id: outletId } }),
    'agent.setOutletSource': (input) => {
      const [{ outletId, sourceId, ...body }, f] = split(input);
      return c.route(R['agent.setOutletSource'], { params: { id: outletId, sourceId }, body }, f);
    },
    'agent.categories': ({ outletId }) => c.route(R['agent.categories'], { params: { id: outletId } }),
    'agent.createCategory': (input) => {
      const [{ outletId, ...body }, f] = split(input);
      return c.route(R['agent.createCategory'], { params: { id: outletId }, body }, f);
    },
    'agent.updateCategory': (input) => {
      const [{ outletId, categoryId, ...body }, f] = split(input);
      return c.route(R['agent.updateCategory'], { params: { id: outletId, categoryId }, body }, f);
    },
  };
}
