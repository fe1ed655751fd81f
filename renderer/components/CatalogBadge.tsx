// Runtime: DOM. How many products the local catalog holds. An empty catalog right after login asks the
// backend to pull it from the cloud; progress events keep the count current.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../state/pos';

export function CatalogBadge({ initial }: { initial: number }) {
  const { t } = useTranslation();
  const pos = usePos();
  const [count, setCount] = useState(initial);
  const [syncing, setSyncing] = useState(false);

  useEffect(() => {
    let alive = true;
    const reload = () => pos.try('app.status', {}).then((r) => alive && r.ok && setCount(r.value.catalog.products));
    const off = pos.on('catalog.progress', (p) => {
      if (p.done) void reload();
    });
    if (initial === 0) {
      setSyncing(true);
      void pos.try('catalog.sync', {}).then((r) => {
        if (!alive) return;
        setSyncing(false);
        if (r.ok) setCount(r.value.products);
      });
    }
    return () => {
      alive = false;
      off();
    };
  }, [pos, initial]);

  return (
    <span className="muted" data-testid="catalog-count" data-count={syncing ? '' : count}>
      {syncing ? t('app.catalogSyncing') : t('app.catalogCount', { count })}
    </span>
  );
}
