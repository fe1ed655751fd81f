// Runtime: DOM. The one PosClient for the whole app, provided through React context.
import { createContext, useContext, type ReactNode } from 'react';
import type { PosClient } from '../../shared/api/client';

const PosContext = createContext<PosClient | null>(null);

export function PosProvider({ client, children }: { client: PosClient; children: ReactNode }) {
  return <PosContext.Provider value={client}>{children}</PosContext.Provider>;
}

export function usePos(): PosClient {
  const client = useContext(PosContext);
  if (!client) throw new Error('usePos outside PosProvider');
  return client;
}
