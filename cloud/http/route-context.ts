// Runtime: Node. What every route module receives: the database and the clock.
import type { CloudDb } from '../db/types';

export interface RouteContext {
  db: CloudDb;
  now: () => number;
}
