// Runtime: any. Expands the demo catalog data into categories, products and goods sources with stable ids
// (uuid v5 of the outlet + SKU), so every run of the seed produces the same catalog.
import { v5 as uuidv5 } from 'uuid';
import type { Category, Product } from '../../shared/sync/protocol';
import {
  CARRIER_CATEGORY,
  CARRIER_NAMES,
  CATEGORY_TREE,
  FAMILIES,
  GAME_CARDS,
  TOPUP_FACE_YUAN,
  UTILITY_AMOUNT_YUAN,
  UTILITY_BILLS,
} from './catalog-data';
import { ean13 } from './ean13';

/** Namespace for every uuid the demo seed makes. */
export const DEMO_NAMESPACE = '5b0e4a52-6c1f-4f7e-9d55-1f3c2b7a9e10';
export const demoId = (name: string): string => uuidv5(name, DEMO_NAMESPACE);

export interface GoodsSource {
  id: string;
  /** the supplier's own id of the source (its SKU here): what it publishes changes under */
  externalId: string;
  kind: 'topup' | 'gamecard' | 'utility';
  name: string;
  carrier: 'cmcc' | 'cucc' | 'ctcc' | null;
  /** provinces a regional top-up may be sold to; null = nationwide */
  regions: string[] | null;
  /** a utility bill's biller */
  biller: string | null;
  faceValue: number;
  supplyPrice: number;
  /** the agent's markup on this source, fen */
  agentMarkup: number;
}

export interface DemoCatalog {
  categories: Category[];
  products: (Product & { sourceId: string | null })[];
  sources: GoodsSource[];
}

export function buildDemoCatalog(outletId: string): DemoCatalog {
  const categories: Category[] = [];
  const catId = new Map<string, string>();
  CATEGORY_TREE.forEach((top, i) => {
    const id = demoId(`${outletId}:category:${top.name}`);
    categories.push({ id, parentId: null, name: top.name, sort: (i + 1) * 10 });
    top.children.forEach((child, j) => {
      const cid = demoId(`${outletId}:category:${top.name}/${child}`);
      catId.set(child, cid);
      categories.push({ id: cid, parentId: id, name: child, sort: (j + 1) * 10 });
    });
  });
  const category = (name: string): string => {
    const id = catId.get(name);
    if (!id) throw new Error(`unknown demo category ${name}`);
    return id;
  };

  const products: DemoCatalog['products'] = [];
  let n = 0;
  FAMILIES.forEach((fam, fi) => {
    // A 5-digit "manufacturer" code per family and a 5-digit item code: unique 12 digits, then the check digit.
    const maker = String(20000 + fi * 13).padStart(5, '0');
    let item = 0;
    for (const v of fam.variants) {
      const [variant, variantPrice] = typeof v === 'string' ? [v, undefined] : v;
      const base = fam.sizes[0]![1];
      for (const [size, price] of fam.sizes) {
        n += 1;
        item += 1;
        const sku = `P${String(n).padStart(6, '0')}`;
        products.push({
          id: demoId(`${outletId}:product:${sku}`),
          sku,
          barcode: ean13(`69${maker}${String(item).padStart(5, '0')}`),
          name: [fam.title, variant.trim(), size].filter((s) => s.length > 0).join(' '),
          categoryId: category(fam.cat),
          kind: 'physical',
          unit: fam.unit,
          price: (variantPrice === undefined ? price : variantPrice + (price - base)) as Product['price'],
          faceValue: null,
          carrier: null,
          active: true,
          // A plausible shelf figure per item, a few of them sold out or nearly so.
          stock: demoStock(n),
          sourceId: null,
        });
      }
    }
  });

  const sources: GoodsSource[] = [];
  for (const carrier of ['cmcc', 'cucc', 'ctcc'] as const) {
    for (const yuan of TOPUP_FACE_YUAN) {
      const face = yuan * 100;
      const sku = `TOPUP-${carrier.toUpperCase()}-${yuan}`;
      const name = `${CARRIER_NAMES[carrier]} 话费充值 ${yuan}元`;
      // Supply 98.5% and agent markup 0.5% of face value (a ¥100 top-up costs the outlet ¥98.50 + ¥0.50).
      const src: GoodsSource = {
        id: demoId(`source:${sku}`),
        externalId: sku,
        kind: 'topup',
        name,
        carrier,
        regions: null,
        biller: null,
        faceValue: face,
        supplyPrice: Math.round(face * 0.985),
        agentMarkup: Math.round(face * 0.005),
      };
      sources.push(src);
      products.push({
        id: demoId(`${outletId}:product:${sku}`),
        sku,
        barcode: null,
        name,
        categoryId: category(CARRIER_CATEGORY[carrier]),
        kind: 'topup',
        unit: '笔',
        price: face as Product['price'],
        faceValue: face as Product['price'],
        carrier,
        active: true,
        stock: null,
        sourceId: src.id,
      });
    }
  }
  GAME_CARDS.forEach(([cat, title, faces, supplyRate], gi) => {
    for (const yuan of faces) {
      const face = yuan * 100;
      const sku = `CARD-${gi + 1}-${yuan}`;
      const name = `${title} ${yuan}元`;
      const src: GoodsSource = {
        id: demoId(`source:${sku}`),
        externalId: sku,
        kind: 'gamecard',
        name,
        carrier: null,
        regions: null,
        biller: null,
        faceValue: face,
        supplyPrice: Math.round(face * supplyRate),
        agentMarkup: Math.round(face * 0.005),
      };
      sources.push(src);
      products.push({
        id: demoId(`${outletId}:product:${sku}`),
        sku,
        barcode: null,
        name,
        categoryId: category(cat),
        kind: 'gamecard',
        unit: '张',
        price: face as Product['price'],
        faceValue: face as Product['price'],
        carrier: null,
        active: true,
        stock: null,
        sourceId: src.id,
      });
    }
  });
  // A regional source: cheaper, but only for Shanghai numbers (the POS offers it only to them, the cloud refuses others).
  {
    const sku = 'TOPUP-CUCC-SH-50';
    const name = '中国联通 话费充值 50元（上海专享）';
    const src: GoodsSource = {
      id: demoId(`source:${sku}`),
      externalId: sku,
      kind: 'topup',
      name,
      carrier: 'cucc',
      regions: ['上海市'],
      biller: null,
      faceValue: 5000,
      supplyPrice: 4900,
      agentMarkup: 25,
    };
    sources.push(src);
    products.push({
      id: demoId(`${outletId}:product:${sku}`),
      sku,
      barcode: null,
      name,
      categoryId: category(CARRIER_CATEGORY.cucc),
      kind: 'topup',
      unit: '笔',
      price: 5000 as Product['price'],
      faceValue: 5000 as Product['price'],
      carrier: 'cucc',
      active: true,
      stock: null,
      regions: ['上海市'],
      sourceId: src.id,
    });
  }
  UTILITY_BILLS.forEach(([cat, title, biller], ui) => {
    for (const yuan of UTILITY_AMOUNT_YUAN) {
      const face = yuan * 100;
      const sku = `BILL-${ui + 1}-${yuan}`;
      const name = `${title} ${yuan}元`;
      const src: GoodsSource = {
        id: demoId(`source:${sku}`),
        externalId: sku,
        kind: 'utility',
        name,
        carrier: null,
        regions: null,
        biller,
        faceValue: face,
        supplyPrice: Math.round(face * 0.998),
        agentMarkup: Math.round(face * 0.001),
      };
      sources.push(src);
      products.push({
        id: demoId(`${outletId}:product:${sku}`),
        sku,
        barcode: null,
        name,
        categoryId: category(cat),
        kind: 'utility',
        unit: '笔',
        price: face as Product['price'],
        faceValue: face as Product['price'],
        carrier: null,
        active: true,
        stock: null,
        biller,
        sourceId: src.id,
      });
    }
  });
  return { categories, products, sources };
}

/** Deterministic demo stock: mostly 5–120, every 17th item sold out, every 11th down to its last 2. */
export function demoStock(n: number): number {
  if (n % 17 === 0) return 0;
  if (n % 11 === 0) return 2;
  return 5 + ((n * 37) % 116);
}
