// The agent's (区代) back office on an agent PC: each method is one cloud route of cloud/agent/routes.ts,
// forwarded with the device signature and the session (owner/owner-cloud.ts). The router has already refused
// these on an outlet's till (shared/api/agent-methods.ts: orgKindsOf) and checked product.edit; the cloud
// checks the agent's ownership of the outlet, the super password and audits. Nothing is kept: answers pass
// through to the router's output check, the super password goes out as a header only.
import type { HandlerGroup } from '../api';
import type { BackendContext } from '../context';
import { createOwnerCloud, type Factors, type OwnerCloud } from '../owner/owner-cloud';

const enc = encodeURIComponent;
type Out = never;

/** the second factors of an input, split from the act's own fields (which go in the body) */
function split<T extends Factors>(input: T): [Omit<T, 'superPassword' | 'totpCode'>, Factors] {
  const { superPassword, totpCode, ...rest } = input;
  return [rest, { superPassword, totpCode }];
}

export function agentHandlers(
  ctx: Pick<BackendContext, 'cloudUrl' | 'device' | 'cloud' | 'session'>,
  deps: { cloud?: OwnerCloud } = {},
): HandlerGroup {
  const c = deps.cloud ?? createOwnerCloud(ctx);
  const s = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, f?: Factors) =>
    (await c.session(method, path, body, f)) as Out;

  return {
    'agent.outlets': (f) => s('GET', '/v1/agent/outlets', undefined, f),
    'agent.sources': (f) => s('GET', '/v1/agent/sources', undefined, f),
    'agent.setMarkupRule': (input) => {
      const [body, f] = split(input);
      return s('PUT', '/v1/agent/markup-rules', body, f);
    },
    'agent.outletSources': ({ outletId }) => s('GET', `/v1/agent/outlets/${enc(outletId)}/sources`),
    'agent.setOutletSource': (input) => {
      const [{ outletId, sourceId, ...body }, f] = split(input);
      return s('PUT', `/v1/agent/outlets/${enc(outletId)}/sources/${enc(sourceId)}`, body, f);
    },
    'agent.categories': ({ outletId }) => s('GET', `/v1/agent/outlets/${enc(outletId)}/categories`),
    'agent.createCategory': (input) => {
      const [{ outletId, ...body }, f] = split(input);
      return s('POST', `/v1/agent/outlets/${enc(outletId)}/categories`, body, f);
    },
    'agent.updateCategory': (input) => {
      const [{ outletId, categoryId, ...body }, f] = split(input);
      return s('PUT', `/v1/agent/outlets/${enc(outletId)}/categories/${enc(categoryId)}`, body, f);
    },
  };
}
