// What one renderer↔backend method is: its input and output schemas, who may call it. Every domain's
// method file (shared/api/*-methods.ts) declares its methods with `method()`; contract.ts joins them.
import { z } from 'zod';
import type { Permission } from '../permissions';

export type AuthLevel = 'none' | 'device' | 'session';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** none: callable before registration; device: needs a registered device; session: needs a logged-in employee */
  auth: AuthLevel;
  permission?: Permission;
  /** needs the super password at the time of use (security issue) and is always audited */
  sensitive?: boolean;
  /** called by a screen on a timer, not by a person: does not count as use (the idle lock, the background
   *  refresh of the cloud session) */
  polled?: boolean;
}

/** Declares one method; keeps the schemas' exact types for the contract. */
export const method = <I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>) => spec;

/** The input of a method that takes nothing. */
export const empty = z.object({}).strict();
