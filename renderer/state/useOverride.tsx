// Runtime: DOM. Supervisor override (主管授权) around any act: run it; when the backend refuses with
// `details.override` (the act a supervisor can approve), ask for a supervisor's username and password on this
// screen, then run the act again with the overrideId the backend granted. Cancelling keeps the refusal.
import { useCallback, useState, type ReactNode } from 'react';
import type { OverrideAct } from '../../shared/sale/overrides';
import { SupervisorDialog } from '../components/sale/SupervisorDialog';

/** The act a refusal says a supervisor could approve, or null. */
export function overrideOf(e: unknown): OverrideAct | null {
  const d = (e as { details?: unknown } | null)?.details;
  const act = d && typeof d === 'object' ? (d as { override?: unknown }).override : undefined;
  return typeof act === 'string' ? (act as OverrideAct) : null;
}

export function useOverride(): {
  withOverride: <T>(run: (overrideId?: string) => Promise<T>) => Promise<T>;
  dialog: ReactNode;
  /** the act waiting for a supervisor now (the dialog is up): nothing has been done yet */
  pending: OverrideAct | null;
} {
  const [ask, setAsk] = useState<{ act: OverrideAct; reason: unknown; done: (id: string | null) => void } | null>(null);
  const withOverride = useCallback(async <T,>(run: (overrideId?: string) => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      const act = overrideOf(e);
      if (!act) throw e;
      const id = await new Promise<string | null>((done) => setAsk({ act, reason: e, done }));
      setAsk(null);
      if (!id) throw e;
      return run(id);
    }
  }, []);
  const dialog = ask ? <SupervisorDialog act={ask.act} reason={ask.reason} onDone={ask.done} /> : null;
  return { withOverride, dialog, pending: ask?.act ?? null };
}
