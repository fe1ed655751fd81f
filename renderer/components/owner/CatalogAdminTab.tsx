// Runtime: DOM. 商品 / Goods (back office, product.edit): find a product with the till's own search (or list
// those off sale), and for the chosen one set the retail price — with the cost beside it when a goods source
// serves it, and a warning (never a block) when the price is below cost — and its category; an own product
// (no goods source: the cloud's rule, cloud/catalog-admin/products.ts) also gets name, barcode, unit and
// 下架 / 上架. 新增自有商品 adds one. Below, the outlet's category tree (the same editor the agent uses).
// Every write asks the super password and goes to the cloud; the till pulls the catalog before the answer
// comes back, so what this screen saved is what the counter sells.
// Long on purpose: the product finder, the price and category editor and the own-product form share the chosen
// product; the form is the next thing to move out.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogAdminProductAnswer } from '../../../shared/api/catalog-admin-methods';
import type { CatalogItem, MethodOutput, Session } from '../../../shared/api/contract';
import type { ApiError, Result } from '../../../shared/errors';
import { priceNeedsConfirm } from '../../../shared/limits';
import { parseYuan } from '../../../shared/money';
import type { Category } from '../../../shared/sync/protocol';
import { money, plainYuan } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { CategoryTreeEditor, flattenTree, type CategoryApi } from '../agent/CategoryTree';
import { can } from './access';
import type { Factors } from './SuperPasswordDialog';
import { requiredFactors, useFactorsPrompt } from './useFactorsPrompt';

const BARCODE = /^\d{8,14}$/;

/** the cloud's refusals of a product edit (a barcode or SKU taken, a sourced product's name) in words */
const describeCatalogAdminError = (e: ApiError): string => errorText(e);

export function CatalogAdminTab({ session }: { session: Session }) {
  const { t } = useTranslation();
  const pos = usePos();
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [picked, setPicked] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  // bumped after every save: the search list and the product re-read what the till now holds
  const [changed, setChanged] = useState(0);
  const onSaved = useCallback((id: string) => {
    setPicked(id);
    setChanged((n) => n + 1);
  }, []);

  // The first read of the tab (a new network address is settled once for the whole screen by AddressGate).
  const first = useCallback((r: Result<MethodOutput<'catalogAdmin.categories'>>) => {
    if (!r.ok) return setError(errorText(r.error));
    setError(null);
    setCategories(r.value.categories);
    setReady(true);
  }, []);
  useEffect(() => {
    void pos.try('catalogAdmin.categories', {}).then(first);
  }, [pos, first]);

  const api = useMemo<CategoryApi>(
    () => ({
      load: () => pos.try('catalogAdmin.categories', {}),
      create: (parentId, name, f) => pos.try('catalogAdmin.createCategory', { parentId, name, ...requiredFactors(f) }),
      update: (id, change, f) =>
        pos.try('catalogAdmin.updateCategory', { categoryId: id, ...change, ...requiredFactors(f) }),
    }),
    [pos],
  );

  if (!can(session, 'product.edit')) return <p className="muted">{t('errors.FORBIDDEN')}</p>;
  if (!ready) {
    return (
      <section className="owner-panel">
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        {!error && <p className="muted">{t('catalogAdmin.loading')}</p>}
      </section>
    );
  }
  return (
    <>
      <div className="owner-split">
        <SearchPanel
          picked={picked}
          changed={changed}
          onPick={(id) => {
            setAdding(false);
            setPicked(id);
          }}
          onAdd={() => {
            setAdding(true);
            setPicked(null);
          }}
        />
        {adding ? (
          <AddPanel
            categories={categories}
            onSaved={(id) => {
              setAdding(false);
              onSaved(id);
            }}
            onCancel={() => setAdding(false)}
          />
        ) : picked ? (
          <ProductPanel key={picked} id={picked} changed={changed} categories={categories} onSaved={onSaved} />
        ) : (
          <section className="owner-panel">
            <p className="muted">{t('catalogAdmin.pickHint')}</p>
          </section>
        )}
      </div>
      <CategoryTreeEditor
        title={t('catalogAdmin.tree')}
        api={api}
        testId="catalog-admin-cat"
        panelTestId="catalog-admin-categories"
        onLoaded={setCategories}
      />
    </>
  );
}

function SearchPanel({
  picked,
  changed,
  onPick,
  onAdd,
}: {
  picked: string | null;
  changed: number;
  onPick: (id: string) => void;
  onAdd: () => void;
}) {
  const { t } = useTranslation();
  const pos = usePos();
  const [query, setQuery] = useState('');
  const [offSale, setOffSale] = useState(false);
  const [items, setItems] = useState<CatalogItem[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    if (!offSale && !query.trim()) {
      setItems([]);
      return;
    }
    void pos.try('catalogAdmin.search', { query, offSale, limit: 50 }).then((r) => {
      if (!live) return;
      setError(r.ok ? null : errorText(r.error));
      setItems(r.ok ? r.value.items : []);
    });
    return () => {
      live = false;
    };
  }, [pos, query, offSale, changed]);

  return (
    <section className="owner-panel" data-testid="catalog-admin-search-panel">
      <div className="owner-panel__head">
        <h2>{t('catalogAdmin.title')}</h2>
        <button type="button" className="primary" data-testid="catalog-admin-add" onClick={onAdd}>
          {t('catalogAdmin.add')}
        </button>
      </div>
      <input
        autoFocus
        type="search"
        data-testid="catalog-admin-search"
        aria-label={t('catalogAdmin.search')}
        placeholder={t('catalogAdmin.search')}
        maxLength={100}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <label className="owner-row">
        <input
          type="checkbox"
          data-testid="catalog-admin-offsale"
          checked={offSale}
          onChange={(e) => setOffSale(e.target.checked)}
        />
        {t('catalogAdmin.offSaleOnly')}
      </label>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {(offSale || query.trim()) && items.length === 0 && !error && <p className="muted">{t('catalogAdmin.none')}</p>}
      <ul className="owner-list" data-testid="catalog-admin-results">
        {items.map((i) => (
          <li key={i.id}>
            <button
              type="button"
              className={picked === i.id ? 'agent-pick on' : 'agent-pick'}
              aria-pressed={picked === i.id}
              data-testid={`catalog-admin-item-${i.id}`}
              onClick={() => onPick(i.id)}
            >
              <strong>{i.name}</strong>
              <span className="muted small">
                {money(i.price)} · {i.sku}
                {i.categoryName ? ` · ${i.categoryName}` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** category options, indented by depth */
function CategoryOptions({ categories }: { categories: Category[] }) {
  const { t } = useTranslation();
  return (
    <>
      <option value="">{t('catalogAdmin.noCategory')}</option>
      {flattenTree(categories).map((r) => (
        <option key={r.category.id} value={r.category.id}>{`${'　'.repeat(r.depth)}${r.category.name}`}</option>
      ))}
    </>
  );
}

function ProductPanel({
  id,
  changed,
  categories,
  onSaved,
}: {
  id: string;
  changed: number;
  categories: Category[];
  onSaved: (id: string) => void;
}) {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [a, setA] = useState<CatalogAdminProductAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** the unusual price (¥0, above ¥100,000) the owner was asked about: pressing save again with it saves it */
  const [askedPrice, setAskedPrice] = useState<number | null>(null);
  const [price, setPrice] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [name, setName] = useState('');
  const [barcode, setBarcode] = useState('');
  const [unit, setUnit] = useState('');

  const take = useCallback((v: CatalogAdminProductAnswer) => {
    setA(v);
    setPrice(plainYuan(v.product.price));
    setCategoryId(v.product.categoryId ?? '');
    setName(v.product.name);
    setBarcode(v.product.barcode ?? '');
    setUnit(v.product.unit);
  }, []);
  useEffect(() => {
    void pos.try('catalogAdmin.product', { id }).then((r) => {
      if (r.ok) take(r.value);
      setError(r.ok ? null : errorText(r.error));
    });
  }, [pos, id, changed, take]);

  if (!a)
    return (
      <section className="owner-panel">
        {error ? (
          <div className="error" role="alert">
            {error}
          </div>
        ) : (
          <p className="muted">{t('catalogAdmin.loading')}</p>
        )}
      </section>
    );
  const p = a.product;
  const parsed = parseYuan(price);
  const below = parsed !== null && p.cost !== null && parsed < p.cost;
  const asking = parsed !== null && parsed !== p.price && askedPrice === parsed;
  const save = (title: string, run: (f: Factors) => Promise<Result<CatalogAdminProductAnswer>>, done: string) =>
    prompt.ask({
      title,
      required: true,
      describeError: describeCatalogAdminError,
      run,
      done: (v) => {
        take(v as CatalogAdminProductAnswer);
        setNotice(done);
        onSaved(p.id);
      },
    });

  const savePrice = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    if (parsed === null) return setError(t('catalogAdmin.badPrice'));
    setError(null);
    if (parsed === p.price) return;
    // ¥0 or above ¥100,000: said back to the owner first, saved on the second press (shared/limits.ts)
    if (priceNeedsConfirm(parsed) && askedPrice !== parsed) return setAskedPrice(parsed);
    save(
      t('catalogAdmin.priceTitle', { name: p.name, from: money(p.price), to: money(parsed) }),
      (f) => pos.try('catalogAdmin.setPrice', { id: p.id, price: parsed, ...requiredFactors(f) }),
      t('catalogAdmin.savedPrice', { price: money(parsed) }),
    );
  };
  const saveCategory = () => {
    setNotice(null);
    const next = categoryId === '' ? null : categoryId;
    if (next === p.categoryId) return;
    const label = next ? (categories.find((c) => c.id === next)?.name ?? '') : t('catalogAdmin.noCategory');
    save(
      t('catalogAdmin.categoryTitle', { name: p.name, category: label }),
      (f) => pos.try('catalogAdmin.update', { id: p.id, categoryId: next, ...requiredFactors(f) }),
      t('catalogAdmin.saved'),
    );
  };
  const saveOwn = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    const b = barcode.trim();
    if (b && !BARCODE.test(b)) return setError(t('catalogAdmin.badBarcode'));
    if (!name.trim() || !unit.trim()) return setError(t('catalogAdmin.required'));
    setError(null);
    const change = {
      ...(name.trim() !== p.name ? { name: name.trim() } : {}),
      ...(b !== (p.barcode ?? '') ? { barcode: b || null } : {}),
      ...(unit.trim() !== p.unit ? { unit: unit.trim() } : {}),
    };
    if (Object.keys(change).length === 0) return;
    save(
      t('catalogAdmin.editTitle', { name: p.name }),
      (f) => pos.try('catalogAdmin.update', { id: p.id, ...change, ...requiredFactors(f) }),
      t('catalogAdmin.saved'),
    );
  };
  const toggleActive = () => {
    setNotice(null);
    save(
      t(p.active ? 'catalogAdmin.offTitle' : 'catalogAdmin.onTitle', { name: p.name }),
      (f) => pos.try('catalogAdmin.update', { id: p.id, active: !p.active, ...requiredFactors(f) }),
      t(p.active ? 'catalogAdmin.wentOff' : 'catalogAdmin.wentOn'),
    );
  };

  return (
    <section className="owner-panel" data-testid="catalog-admin-product">
      <h2>
        {p.name}
        {a.own && (
          <span className="tag" data-testid="catalog-admin-own">
            {t('catalogAdmin.own')}
          </span>
        )}
        {!p.active && (
          <span className="tag" data-testid="catalog-admin-inactive">
            {t('catalogAdmin.inactive')}
          </span>
        )}
      </h2>
      <p className="muted small">
        {t(`catalogAdmin.kind.${p.kind}`, { defaultValue: p.kind })} · SKU {p.sku}
        {p.barcode ? ` · ${p.barcode}` : ''} · {p.unit}
        {a.categoryPath.length > 0 ? ` · ${a.categoryPath.join(' › ')}` : ''}
      </p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {notice && (
        <div className="ok-text" role="status" data-testid="catalog-admin-notice">
          {notice}
        </div>
      )}

      <form className="owner-row" onSubmit={savePrice}>
        <label>
          {t('catalogAdmin.price')}
          <input
            inputMode="decimal"
            data-testid="catalog-admin-price"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" data-testid="catalog-admin-price-save">
          {asking ? t('catalogAdmin.priceConfirm', { price: money(parsed!) }) : t('catalogAdmin.savePrice')}
        </button>
      </form>
      {asking && (
        <p className="warn" role="alert" data-testid="catalog-admin-price-ask" data-kind={priceNeedsConfirm(parsed!)}>
          {t(`catalogAdmin.priceAsk.${priceNeedsConfirm(parsed!)}`, { price: money(parsed!) })}
        </p>
      )}
      {p.cost !== null && (
        <p data-testid="catalog-admin-cost">
          {t('catalogAdmin.cost', { cost: money(p.cost) })}
          {parsed !== null && !below && (
            <span className="muted"> · {t('catalogAdmin.margin', { margin: money(parsed - p.cost) })}</span>
          )}
        </p>
      )}
      {below && (
        <p className="warn" role="alert" data-testid="catalog-admin-below-cost">
          {t('catalogAdmin.belowCost', { cost: money(p.cost!) })}
        </p>
      )}

      <div className="owner-row">
        <label>
          {t('catalogAdmin.category')}
          <select
            data-testid="catalog-admin-category"
            value={categoryId}
            onChange={(e) => setCategoryId(e.target.value)}
          >
            <CategoryOptions categories={categories} />
          </select>
        </label>
        <button type="button" data-testid="catalog-admin-category-save" onClick={saveCategory}>
          {t('catalogAdmin.saveCategory')}
        </button>
      </div>

      {a.own ? (
        <form className="owner-form" onSubmit={saveOwn}>
          <div className="owner-grid">
            <label>
              {t('catalogAdmin.name')}
              <input
                data-testid="catalog-admin-name"
                maxLength={200}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            <label>
              {t('catalogAdmin.barcode')}
              <input
                inputMode="numeric"
                data-testid="catalog-admin-barcode"
                maxLength={14}
                value={barcode}
                onChange={(e) => setBarcode(e.target.value)}
              />
            </label>
            <label>
              {t('catalogAdmin.unit')}
              <input
                data-testid="catalog-admin-unit"
                maxLength={8}
                value={unit}
                onChange={(e) => setUnit(e.target.value)}
              />
            </label>
          </div>
          <div className="owner-row">
            <button type="submit" className="primary" data-testid="catalog-admin-own-save">
              {t('catalogAdmin.saveOwn')}
            </button>
            <button type="button" data-testid="catalog-admin-active" onClick={toggleActive}>
              {t(p.active ? 'catalogAdmin.takeOff' : 'catalogAdmin.putOn')}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted small" data-testid="catalog-admin-sourced">
          {t('catalogAdmin.sourced')}
        </p>
      )}
      {prompt.dialog}
    </section>
  );
}

function AddPanel({
  categories,
  onSaved,
  onCancel,
}: {
  categories: Category[];
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [f, setF] = useState({ sku: '', name: '', price: '', barcode: '', unit: '件', categoryId: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const price = parseYuan(f.price);
    if (!f.sku.trim() || !f.name.trim() || !f.unit.trim()) return setError(t('catalogAdmin.required'));
    if (price === null) return setError(t('catalogAdmin.badPrice'));
    if (f.barcode.trim() && !BARCODE.test(f.barcode.trim())) return setError(t('catalogAdmin.badBarcode'));
    setError(null);
    const input = {
      sku: f.sku.trim(),
      name: f.name.trim(),
      price,
      unit: f.unit.trim(),
      ...(f.barcode.trim() ? { barcode: f.barcode.trim() } : {}),
      ...(f.categoryId ? { categoryId: f.categoryId } : {}),
    };
    prompt.ask({
      title: t('catalogAdmin.addTitle', { name: input.name, price: money(price) }),
      required: true,
      describeError: describeCatalogAdminError,
      run: (x) => pos.try('catalogAdmin.addProduct', { ...input, ...requiredFactors(x) }),
      done: (v) => onSaved((v as CatalogAdminProductAnswer).product.id),
    });
  };

  return (
    <section className="owner-panel" data-testid="catalog-admin-add-panel">
      <h2>{t('catalogAdmin.add')}</h2>
      <p className="muted small">{t('catalogAdmin.addHint')}</p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <form className="owner-form" onSubmit={submit}>
        <div className="owner-grid">
          <label>
            {t('catalogAdmin.name')}
            <input
              autoFocus
              data-testid="catalog-admin-new-name"
              maxLength={200}
              value={f.name}
              onChange={set('name')}
            />
          </label>
          <label>
            SKU
            <input data-testid="catalog-admin-new-sku" maxLength={64} value={f.sku} onChange={set('sku')} />
          </label>
          <label>
            {t('catalogAdmin.price')}
            <input inputMode="decimal" data-testid="catalog-admin-new-price" value={f.price} onChange={set('price')} />
          </label>
          <label>
            {t('catalogAdmin.barcode')}
            <input
              inputMode="numeric"
              data-testid="catalog-admin-new-barcode"
              maxLength={14}
              value={f.barcode}
              onChange={set('barcode')}
            />
          </label>
          <label>
            {t('catalogAdmin.unit')}
            <input data-testid="catalog-admin-new-unit" maxLength={8} value={f.unit} onChange={set('unit')} />
          </label>
          <label>
            {t('catalogAdmin.category')}
            <select data-testid="catalog-admin-new-category" value={f.categoryId} onChange={set('categoryId')}>
              <CategoryOptions categories={categories} />
            </select>
          </label>
        </div>
        <div className="owner-row">
          <button type="submit" className="primary" data-testid="catalog-admin-new-save">
            {t('catalogAdmin.addSave')}
          </button>
          <button type="button" className="ghost" onClick={onCancel}>
            {t('agent.cat.cancel')}
          </button>
        </div>
      </form>
      {prompt.dialog}
    </section>
  );
}
