// Runtime: DOM. A full-screen back office with a tab bar: the owner's (店长后台) and the agent's (区代后台).
// The tabs are a WAI-ARIA tablist: ←/→ move between them, Home/End jump to the ends, the first tab has focus
// when the screen opens. Which tabs a session sees is the caller's decision; this only lays them out.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export function TabbedScreen<T extends string>(p: {
  /** prefix of the ids and test ids: `${idPrefix}-screen`, `${idPrefix}-tab-${tab}`, `${idPrefix}-tabpanel` */
  idPrefix: string;
  title: string;
  tabs: readonly T[];
  label: (tab: T) => string;
  render: (tab: T) => ReactNode;
  /** beside the tabs (a back button) */
  extra?: ReactNode;
  onKeyDown?: (e: KeyboardEvent) => void;
}) {
  const { idPrefix, tabs } = p;
  const [tab, setTab] = useState<T | undefined>(tabs[0]);
  const refs = useRef(new Map<T, HTMLButtonElement | null>());

  useEffect(() => {
    if (tab !== undefined) refs.current.get(tab)?.focus();
    // focus the first tab when the screen opens
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onTabKey = (e: KeyboardEvent) => {
    const i = tab === undefined ? -1 : tabs.indexOf(tab);
    let next: T | undefined;
    if (e.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
    else if (e.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
    else if (e.key === 'Home') next = tabs[0];
    else if (e.key === 'End') next = tabs[tabs.length - 1];
    if (next === undefined) return;
    e.preventDefault();
    setTab(next);
    refs.current.get(next)?.focus();
  };

  return (
    <div className="owner" data-testid={`${idPrefix}-screen`} onKeyDown={p.onKeyDown}>
      <div className="owner__bar">
        <h1 className="owner__title">{p.title}</h1>
        <div className="owner-tabs" role="tablist" aria-label={p.title} onKeyDown={onTabKey}>
          {tabs.map((x) => (
            <button
              key={x}
              type="button"
              role="tab"
              id={`${idPrefix}-tab-${x}`}
              aria-selected={tab === x}
              aria-controls={`${idPrefix}-tabpanel`}
              tabIndex={tab === x ? 0 : -1}
              className={tab === x ? 'on' : ''}
              data-testid={`${idPrefix}-tab-${x}`}
              ref={(el) => {
                refs.current.set(x, el);
              }}
              onClick={() => setTab(x)}
            >
              {p.label(x)}
            </button>
          ))}
        </div>
        {p.extra}
      </div>
      <div
        className="owner__body"
        role="tabpanel"
        id={`${idPrefix}-tabpanel`}
        aria-labelledby={tab === undefined ? undefined : `${idPrefix}-tab-${tab}`}
      >
        {tab !== undefined && p.render(tab)}
      </div>
    </div>
  );
}
