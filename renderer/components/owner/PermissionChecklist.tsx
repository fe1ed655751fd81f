// Runtime: DOM. The permission catalog as a checklist, with what saving will change spelled out: each
// permission that will be granted or taken away is listed, and the sensitive ones (which need the super
// password and are always audited) carry a mark. Permissions the actor does not hold cannot be ticked —
// nobody grants what they do not hold (the cloud enforces it; this only saves a refusal).
import { useTranslation } from 'react-i18next';
import { PERMISSIONS, type Permission } from '../../../shared/permissions';
import { isSensitive } from './access';

export function PermLabel({ p }: { p: Permission }) {
  const { t } = useTranslation();
  return (
    <span className={isSensitive(p) ? 'perm perm--sensitive' : 'perm'}>
      {t(`perm.${p.replace('.', '_')}`)}
      {isSensitive(p) && (
        <span className="perm__mark" title={t('owner.perm.sensitive')}>
          {t('owner.perm.sensitiveShort')}
        </span>
      )}
    </span>
  );
}

export function PermDiff({ added, removed }: { added: readonly Permission[]; removed: readonly Permission[] }) {
  const { t } = useTranslation();
  if (!added.length && !removed.length)
    return (
      <p className="muted" data-testid="perm-diff">
        {t('owner.perm.noChange')}
      </p>
    );
  return (
    <div className="perm-diff" data-testid="perm-diff">
      {added.length > 0 && (
        <div>
          <strong>{t('owner.perm.willGrant')}</strong>
          <ul>
            {added.map((p) => (
              <li key={p} data-testid={`grant-${p}`}>
                <PermLabel p={p} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {removed.length > 0 && (
        <div>
          <strong>{t('owner.perm.willRevoke')}</strong>
          <ul>
            {removed.map((p) => (
              <li key={p} data-testid={`revoke-${p}`}>
                <PermLabel p={p} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {added.some(isSensitive) && <p className="notice">{t('owner.perm.needsSuper')}</p>}
    </div>
  );
}

export function PermissionChecklist({
  value,
  onChange,
  grantable,
}: {
  value: readonly Permission[];
  onChange: (next: Permission[]) => void;
  grantable: (p: Permission) => boolean;
}) {
  const toggle = (p: Permission, on: boolean) =>
    onChange(PERMISSIONS.filter((x) => (x === p ? on : value.includes(x))));
  return (
    <div className="perm-list" role="group">
      {PERMISSIONS.map((p) => (
        <label key={p} className="perm-item">
          <input
            type="checkbox"
            data-testid={`perm-${p}`}
            checked={value.includes(p)}
            disabled={!grantable(p)}
            onChange={(e) => toggle(p, e.target.checked)}
          />
          <PermLabel p={p} />
        </label>
      ))}
    </div>
  );
}

export function diffOf(before: readonly Permission[], after: readonly Permission[]) {
  return { added: after.filter((p) => !before.includes(p)), removed: before.filter((p) => !after.includes(p)) };
}
