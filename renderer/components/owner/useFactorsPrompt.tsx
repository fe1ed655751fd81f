// Runtime: DOM. One pending "needs the super password" act at a time, rendered as the SuperPasswordDialog.
import { useState, type ReactNode } from 'react';
import type { ApiError, Result } from '../../../shared/errors';
import { SuperPasswordDialog, type Factors } from './SuperPasswordDialog';

interface Pending {
  title: string;
  body?: ReactNode;
  run: (f: Factors) => Promise<Result<unknown>>;
  done: (value: unknown) => void;
  describeError?: (e: ApiError) => string;
  /** the act always needs the super password (a sensitive method) */
  required?: boolean;
}

export function useFactorsPrompt() {
  const [pending, setPending] = useState<Pending | null>(null);
  const dialog = pending && (
    <SuperPasswordDialog
      title={pending.title}
      onClose={() => setPending(null)}
      required={pending.required ?? false}
      {...(pending.describeError ? { describeError: pending.describeError } : {})}
      onConfirm={async (f) => {
        const r = await pending.run(f);
        if (!r.ok) return r.error;
        pending.done(r.value);
        return null;
      }}
    >
      {pending.body}
    </SuperPasswordDialog>
  );
  return { ask: (p: Pending) => setPending(p), dialog };
}

/** The factors as a sensitive method's input wants them (the dialog has already refused an empty password). */
export function requiredFactors(f: Factors): { superPassword: string; totpCode?: string } {
  return { superPassword: f.superPassword ?? '', ...(f.totpCode ? { totpCode: f.totpCode } : {}) };
}

/** requiredFactors plus the SMS code, for the acts whose cloud route may want one (IP binding, security settings). */
export function requiredFactorsWithSms(f: Factors): { superPassword: string; totpCode?: string; smsCode?: string } {
  return { ...requiredFactors(f), ...(f.smsCode ? { smsCode: f.smsCode } : {}) };
}
