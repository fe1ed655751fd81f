// Runtime: DOM. One outlet's category tree as its editor sees it — the agent (OutletsTab, agent.* methods) or the
// outlet's own back office (商品 / Goods tab, catalogAdmin.* methods): one component, the methods passed in as `api`.
// Indented, parents before children; add a top-level category or a child, rename, move under another parent.
// One editor is open at a time, under the row it edits; Enter saves (after the super password), Esc closes it.
// The move list leaves out the category itself and everything below it (a cycle), and the cloud refuses one
// anyway. The labels (agent.cat.*) are the same for both editors.
// Long on purpose: the tree, its row editor and the move list share the rows being edited and the one open
// editor; flattenTree (pure, tested) is the only part another screen needs.
import { useCallback, useEffect, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentOutlet } from '../../../shared/api/agent-methods';
import type { Result } from '../../../shared/errors';
import type { Category } from '../../../shared/sync/protocol';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import type { Factors } from '../owner/SuperPasswordDialog';
import { requiredFactors, useFactorsPrompt } from '../owner/useFactorsPrompt';

type Saved = Result<{ category: Category; path: string[] }>;
/** the tree's reads and writes; keep the object stable (useMemo) — a new one reloads the tree */
export interface CategoryApi {
  load(): Promise<Result<{ categories: Category[] }>>;
  create(parentId: string | null, name: string, f: Factors): Promise<Saved>;
  update(id: string, change: { name: string } | { parentId: string | null }, f: Factors): Promise<Saved>;
}

type Editing = { mode: 'add'; parentId: string | null } | { mode: 'rename' | 'move'; id: string };
interface Row {
  category: Category;
  depth: number;
}

/** depth-first order from the flat list (the cloud's order is kept among siblings); orphans surface at top level */
export function flattenTree(categories: readonly Category[]): Row[] {
  const ids = new Set(categories.map((c) => c.id));
  const children = new Map<string | null, Category[]>();
  for (const c of categories) {
    const parent = c.parentId !== null && ids.has(c.parentId) ? c.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const out: Row[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const c of children.get(parent) ?? []) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push({ category: c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function descendantsOf(categories: readonly Category[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of categories) {
      if (c.parentId && out.has(c.parentId) && !out.has(c.id)) {
        out.add(c.id);
        grew = true;
      }
    }
  }
  return out;
}

/** The agent's editor of one of its outlets' trees. */
export function CategoryTree({ outlet }: { outlet: AgentOutlet }) {
  const { t } = useTranslation();
  const pos = usePos();
  const api = useMemo<CategoryApi>(
    () => ({
      load: () => pos.try('agent.categories', { outletId: outlet.id }),
      create: (parentId, name, f) =>
        pos.try('agent.createCategory', { outletId: outlet.id, parentId, name, ...requiredFactors(f) }),
      update: (id, change, f) =>
        pos.try('agent.updateCategory', { outletId: outlet.id, categoryId: id, ...change, ...requiredFactors(f) }),
    }),
    [pos, outlet.id],
  );
  return (
    <CategoryTreeEditor
      title={t('agent.cat.title', { outlet: outlet.name })}
      api={api}
      testId="agent-cat"
      panelTestId="agent-categories"
    />
  );
}

/**
 * The tree editor itself. `testId` prefixes the test ids of its parts (agent-cat-add-top, -name, -save, …);
 * `onLoaded` hears every list it loads (the Goods tab's category pickers follow the tree).
 */
export function CategoryTreeEditor({
  title,
  api,
  testId,
  panelTestId,
  onLoaded,
}: {
  title: string;
  api: CategoryApi;
  testId: string;
  panelTestId: string;
  onLoaded?: (categories: Category[]) => void;
}) {
  const { t } = useTranslation();
  const prompt = useFactorsPrompt();
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [text, setText] = useState('');
  const [parent, setParent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await api.load();
    if (r.ok) {
      setCategories(r.value.categories);
      onLoaded?.(r.value.categories);
      setError(null);
    } else setError(errorText(r.error));
  }, [api, onLoaded]);
  useEffect(() => {
    void load();
  }, [load]);

  const rows = useMemo(() => flattenTree(categories ?? []), [categories]);
  const byId = useMemo(() => new Map((categories ?? []).map((c) => [c.id, c])), [categories]);

  const open = (e: Editing) => {
    setNotice(null);
    setEditing(e);
    if (e.mode === 'rename') setText(byId.get(e.id)?.name ?? '');
    else setText('');
    if (e.mode === 'move') setParent(byId.get(e.id)?.parentId ?? '');
  };
  const close = () => setEditing(null);
  const after = (v: unknown, key: 'created' | 'updated') => {
    setNotice(t(`agent.cat.${key}`, { path: (v as { path: string[] }).path.join(' › ') }));
    setEditing(null);
    void load();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const name = text.trim();
    if (editing.mode === 'add') {
      if (!name) return;
      prompt.ask({
        title: t('agent.cat.createTitle', { name }),
        required: true,
        run: (f) => api.create(editing.parentId, name, f),
        done: (v) => after(v, 'created'),
      });
    } else if (editing.mode === 'rename') {
      const from = byId.get(editing.id)?.name ?? '';
      if (!name || name === from) return close();
      prompt.ask({
        title: t('agent.cat.renameTitle', { from, to: name }),
        required: true,
        run: (f) => api.update(editing.id, { name }, f),
        done: (v) => after(v, 'updated'),
      });
    } else {
      const c = byId.get(editing.id);
      const parentId = parent === '' ? null : parent;
      if (!c || parentId === c.parentId) return close();
      prompt.ask({
        title: t('agent.cat.moveTitle', {
          name: c.name,
          parent: parentId ? (byId.get(parentId)?.name ?? '') : t('agent.cat.top'),
        }),
        required: true,
        run: (f) => api.update(c.id, { parentId }, f),
        done: (v) => after(v, 'updated'),
      });
    }
  };
  const onEditorKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    }
  };

  const editor = (at: string | null) => {
    if (!editing) return null;
    const here = editing.mode === 'add' ? editing.parentId === at : editing.id === at;
    if (!here) return null;
    const blocked = editing.mode === 'move' ? descendantsOf(categories ?? [], editing.id) : null;
    return (
      <form
        className="owner-row agent-cat__editor"
        data-testid={`${testId}-editor`}
        onSubmit={submit}
        onKeyDown={onEditorKey}
      >
        {editing.mode === 'move' ? (
          <label>
            {t('agent.cat.parent')}
            <select
              autoFocus
              data-testid={`${testId}-parent`}
              value={parent}
              onChange={(e) => setParent(e.target.value)}
            >
              <option value="">{t('agent.cat.top')}</option>
              {rows
                .filter((r) => !blocked!.has(r.category.id))
                .map((r) => (
                  <option
                    key={r.category.id}
                    value={r.category.id}
                  >{`${'　'.repeat(r.depth)}${r.category.name}`}</option>
                ))}
            </select>
          </label>
        ) : (
          <input
            autoFocus
            aria-label={t('agent.cat.name')}
            placeholder={t('agent.cat.name')}
            maxLength={64}
            data-testid={`${testId}-name`}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
        <button type="submit" className="primary" data-testid={`${testId}-save`}>
          {t('agent.cat.save')}
        </button>
        <button type="button" className="ghost" onClick={close}>
          {t('agent.cat.cancel')}
        </button>
      </form>
    );
  };

  return (
    <section className="owner-panel" data-testid={panelTestId}>
      <div className="owner-panel__head">
        <h2>{title}</h2>
        <button type="button" data-testid={`${testId}-add-top`} onClick={() => open({ mode: 'add', parentId: null })}>
          {t('agent.cat.addTop')}
        </button>
      </div>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {notice && (
        <div className="ok-text" role="status" data-testid={`${testId}-notice`}>
          {notice}
        </div>
      )}
      {editing?.mode === 'add' && editing.parentId === null && editor(null)}
      {categories && rows.length === 0 && <p className="muted">{t('agent.cat.empty')}</p>}
      <ul className="owner-list agent-cat" role="tree" aria-label={title}>
        {rows.map(({ category: c, depth }) => (
          <li
            key={c.id}
            role="treeitem"
            aria-level={depth + 1}
            data-testid={`${testId}-${c.id}`}
            style={{ paddingInlineStart: `${depth * 1.5}em` }}
          >
            <div className="agent-cat__row">
              <span className="agent-cat__name">{c.name}</span>
              <span className="owner-actions">
                <button type="button" className="ghost" onClick={() => open({ mode: 'add', parentId: c.id })}>
                  {t('agent.cat.addChild')}
                </button>
                <button type="button" className="ghost" onClick={() => open({ mode: 'rename', id: c.id })}>
                  {t('agent.cat.rename')}
                </button>
                <button type="button" className="ghost" onClick={() => open({ mode: 'move', id: c.id })}>
                  {t('agent.cat.move')}
                </button>
              </span>
            </div>
            {editor(c.id)}
          </li>
        ))}
      </ul>
      {prompt.dialog}
    </section>
  );
}
