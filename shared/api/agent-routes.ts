// The cloud routes behind the agent's (区代) back office (agent.*), declared once: cloud/agent/routes.ts registers
// each path and the till calls it through AGENT_ROUTES (electron/backend/agent/handlers.ts), parsing the answer
// with the method's own output schema (the cloud answers what the method returns).
import { cloudRoute, type CloudRoute } from './cloud-routes';
import { AGENT_METHODS } from './agent-methods';

export const AGENT_PATHS = {
  outlets: '/v1/agent/outlets',
  sources: '/v1/agent/sources',
  markupRules: '/v1/agent/markup-rules',
  outletCategories: '/v1/agent/outlets/:id/categories',
  outletCategory: '/v1/agent/outlets/:id/categories/:categoryId',
  outletSources: '/v1/agent/outlets/:id/sources',
  outletSource: '/v1/agent/outlets/:id/sources/:sourceId',
} as const;

const M = AGENT_METHODS;

/** The cloud route behind each method of AGENT_METHODS. */
export const AGENT_ROUTES = {
  'agent.outlets': cloudRoute('GET', AGENT_PATHS.outlets, M['agent.outlets'].output),
  'agent.sources': cloudRoute('GET', AGENT_PATHS.sources, M['agent.sources'].output),
  'agent.setMarkupRule': cloudRoute('PUT', AGENT_PATHS.markupRules, M['agent.setMarkupRule'].output),
  'agent.outletSources': cloudRoute('GET', AGENT_PATHS.outletSources, M['agent.outletSources'].output),
  'agent.setOutletSource': cloudRoute('PUT', AGENT_PATHS.outletSource, M['agent.setOutletSource'].output),
  'agent.categories': cloudRoute('GET', AGENT_PATHS.outletCategories, M['agent.categories'].output),
  'agent.createCategory': cloudRoute('POST', AGENT_PATHS.outletCategories, M['agent.createCategory'].output),
  'agent.updateCategory': cloudRoute('PUT', AGENT_PATHS.outletCategory, M['agent.updateCategory'].output),
} as const satisfies Record<keyof typeof AGENT_METHODS, CloudRoute>;
