// The lists of kinds sales.db checks its rows against (sales 0008: the `kinds` table and its triggers),
// copied from where they are declared in shared/ at every open, right after the migrations. A kind added in
// shared/ is therefore known to the database the first time a build that has it opens the file: no CHECK
// list, no migration, no table rebuild. Kinds are never deleted (old rows keep naming them).
import { CASH_MOVEMENT_KINDS } from '../../../shared/cash';
import { PAYMENT_METHOD_DEFS, type PaymentMethodKind } from '../../../shared/payments/methods';
import { RECORD_KIND_NAMES } from '../../../shared/sync/records';
import type { Db } from './open';

const PAYMENT_SPEC: Record<PaymentMethodKind, Record<string, true>> = {
  cash: {},
  member: { member: true },
  code: { code: true },
  static: { static: true },
};

export type KindList = 'record' | 'cash_movement' | 'payment_method';

/** Every entry of every list, as the `kinds` table holds it: [list, name, spec JSON]. */
export function declaredKinds(): [KindList, string, string][] {
  return [
    ...RECORD_KIND_NAMES.map((k): [KindList, string, string] => ['record', k, '{}']),
    ...Object.entries(CASH_MOVEMENT_KINDS).map(([k, spec]): [KindList, string, string] => [
      'cash_movement',
      k,
      JSON.stringify(spec),
    ]),
    // what backs a payment line in sales.db: the paying member (member_id, sales 0008), the cloud payment of a
    // payment code (payment_id) or the employee who confirmed a static QR code (confirmed_by, sales 0011)
    ...Object.entries(PAYMENT_METHOD_DEFS).map(([k, def]): [KindList, string, string] => [
      'payment_method',
      k,
      JSON.stringify(PAYMENT_SPEC[def.kind]),
    ]),
  ];
}

/** Brings the `kinds` table up to shared/'s lists; writes only when something differs. */
export function syncKinds(db: Db): void {
  const held = new Map(
    (db.prepare('SELECT list, name, spec FROM kinds').all() as { list: string; name: string; spec: string }[]).map(
      (r) => [`${r.list}/${r.name}`, r.spec],
    ),
  );
  const missing = declaredKinds().filter(([list, name, spec]) => held.get(`${list}/${name}`) !== spec);
  if (missing.length === 0) return;
  const upsert = db.prepare(
    'INSERT INTO kinds (list, name, spec) VALUES (?, ?, ?) ON CONFLICT (list, name) DO UPDATE SET spec = excluded.spec',
  );
  db.transaction(() => {
    for (const k of missing) upsert.run(...k);
  })();
}
