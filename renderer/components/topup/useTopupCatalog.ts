// Runtime: DOM. What the top-up panel offers, from the till's local catalog (works offline): the carrier of
// the number as it is typed (from 3 digits, debounced) and that carrier's face values for that number, the
// game cards, the billers with their amounts. Looked up again when a catalog pull completes (the first one
// runs right after login, maybe while the cashier is already typing a number).
import { useEffect, useRef, useState } from 'react';
import type { PHONE_CARRIERS } from '../../../shared/sync/protocol';
import { usePos } from '../../state/pos';
import type { TopupMode, TopupProduct } from '../../state/topupFlow';

export type Carrier = (typeof PHONE_CARRIERS)[number];
export interface CarrierHit {
  carrier: Carrier | null;
  province: string | null;
  city: string | null;
  tableLoaded: boolean;
}
export interface Biller {
  biller: string;
  items: TopupProduct[];
}

const LOOKUP_DEBOUNCE_MS = 120;

export function useTopupCatalog(mode: TopupMode, phone: string) {
  const pos = usePos();
  const [hit, setHit] = useState<CarrierHit | null>(null);
  const [products, setProducts] = useState<TopupProduct[]>([]);
  const [cards, setCards] = useState<TopupProduct[]>([]);
  const [billers, setBillers] = useState<Biller[]>([]);
  const lookupSeq = useRef(0);
  const [catalogVersion, setCatalogVersion] = useState(0);
  useEffect(() => pos.on('catalog.progress', (p) => p.done && setCatalogVersion((v) => v + 1)), [pos]);

  useEffect(() => {
    const digits = phone.replace(/\D/g, '');
    const seq = ++lookupSeq.current;
    if (digits.length < 3) {
      setHit(null);
      setProducts([]);
      return;
    }
    const timer = setTimeout(async () => {
      const r = await pos.try('topup.carrierOf', { phone: digits.slice(0, 11) });
      if (seq !== lookupSeq.current || !r.ok) return;
      setHit(r.value);
      const carrier = r.value.carrier;
      // With the number: a regional source is offered only when the number's province is one of its regions.
      const p = carrier ? await pos.try('topup.products', { carrier, phone: digits.slice(0, 11) }) : null;
      if (seq !== lookupSeq.current) return;
      setProducts(p?.ok ? p.value.items : []);
    }, LOOKUP_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [phone, pos, catalogVersion]);

  useEffect(() => {
    if (mode === 'card') void pos.try('virtual.cards', {}).then((r) => r.ok && setCards(r.value.items));
    if (mode === 'bill') void pos.try('utility.billers', {}).then((r) => r.ok && setBillers(r.value.billers));
  }, [mode, pos, catalogVersion]);

  return { hit, products, cards, billers };
}
