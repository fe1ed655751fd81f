// Runtime: DOM. 员工与权限: the outlet's accounts; create one from a role template; edit permissions with
// exactly what will be granted shown first; copy another account's permissions (previewed by the cloud);
// per-employee limits; IP binding (with 'security.manage'). Acts that need the super password go through the SuperPasswordDialog.
// Long on purpose: the account list, its editor and the super-password acts share the chosen employee; splitting the
// editor out is the next step when it grows.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../../shared/api/contract';
import type { CopyPreview, OwnerEmployee } from '../../../shared/api/owner-methods';
import { parseYuan } from '../../../shared/money';
import { BPS, parsePercent } from '../../../shared/sale/pricing';
import { ROLE_TEMPLATES, type Permission, type RoleTemplate } from '../../../shared/permissions';
import { plainYuan, money } from '../../format';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { can, isSensitive } from './access';
import { IpAllowlistPanel } from './IpAllowlistPanel';
import { StaffCardPanel } from './StaffCardPanel';
import { diffOf, PermDiff, PermissionChecklist, PermLabel } from './PermissionChecklist';
import { useFactorsPrompt } from './useFactorsPrompt';

const ROLES = Object.keys(ROLE_TEMPLATES) as RoleTemplate[];

export function EmployeesTab({ session }: { session: Session }) {
  const { t } = useTranslation();
  const pos = usePos();
  const prompt = useFactorsPrompt();
  const [list, setList] = useState<OwnerEmployee[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await pos.try('owner.employees', {});
    if (r.ok) setList(r.value.employees);
    else setError(errorText(r.error));
  }, [pos]);
  useEffect(() => {
    void load();
  }, [load]);

  const grantable = (p: Permission) => can(session, p);
  const selected = list.find((e) => e.id === selectedId) ?? null;
  const done = (text: string) => {
    setNotice(text);
    setError(null);
    void load();
  };

  return (
    <div className="owner-split owner-split--fit-list">
      <section className="owner-panel">
        <div className="owner-panel__head">
          <h2>{t('owner.emp.title')}</h2>
          <button
            type="button"
            className="primary"
            data-testid="emp-new"
            onClick={() => {
              setCreating(true);
              setSelectedId(null);
              setNotice(null);
            }}
          >
            {t('owner.emp.new')}
          </button>
        </div>
        <table className="owner-table" data-testid="emp-list">
          <thead>
            <tr>
              <th>{t('owner.emp.username')}</th>
              <th>{t('owner.emp.name')}</th>
              <th>{t('owner.emp.perms')}</th>
              <th>{t('owner.card.column')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <tr key={e.id} className={e.id === selectedId ? 'on' : ''} data-testid={`emp-row-${e.username}`}>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      setSelectedId(e.id);
                      setCreating(false);
                      setNotice(null);
                    }}
                  >
                    {e.username}
                  </button>
                </td>
                <td>
                  {e.name}
                  {e.isMaster && <span className="tag">{t('owner.emp.master')}</span>}
                  {e.disabled && <span className="tag">{t('owner.emp.disabled')}</span>}
                </td>
                {/* what the account may do, by name (a count said nothing) */}
                <td className="small" data-testid="emp-perms">
                  {e.isMaster
                    ? t('owner.emp.all')
                    : e.permissions.map((p) => t(`perm.${p.replace('.', '_')}`)).join('、') || t('owner.emp.none')}
                </td>
                {/* the last 4 digits only (the sentence made the table wider than its panel in English at 1024) */}
                <td
                  className="small"
                  data-testid="emp-card"
                  title={e.cardHint ? t('owner.card.has', { hint: e.cardHint }) : undefined}
                >
                  {e.cardHint || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="owner-panel owner-panel--wide">
        {error && (
          <div className="error" role="alert" data-testid="owner-error">
            {error}
          </div>
        )}
        {notice && (
          <div className="ok-text" data-testid="owner-notice">
            {notice}
          </div>
        )}
        {creating && (
          <CreateEmployee
            grantable={grantable}
            ask={prompt.ask}
            onError={setError}
            onCreated={(e) => {
              setCreating(false);
              setSelectedId(e.id);
              done(t('owner.emp.created', { name: e.username }));
            }}
          />
        )}
        {selected && !selected.isMaster && (
          <EmployeeEditor
            key={selected.id}
            emp={selected}
            others={list.filter((e) => e.id !== selected.id)}
            grantable={grantable}
            ask={prompt.ask}
            onError={setError}
            onDone={done}
          />
        )}
        {/* the owner may carry a card too (their own); nobody else edits the master account */}
        {selected && (!selected.isMaster || selected.id === session.employee.id) && (
          <StaffCardPanel key={`card-${selected.id}`} emp={selected} ask={prompt.ask} onDone={done} />
        )}
        {selected && !selected.isMaster && can(session, 'security.manage') && (
          <IpAllowlistPanel key={`ip-${selected.id}`} emp={selected} onSaved={() => void load()} />
        )}
        {selected?.isMaster && <p className="muted">{t('owner.emp.masterHint')}</p>}
        {!creating && !selected && <p className="muted">{t('owner.emp.pick')}</p>}
      </section>
      {prompt.dialog}
    </div>
  );
}

type Ask = ReturnType<typeof useFactorsPrompt>['ask'];

function CreateEmployee({
  grantable,
  ask,
  onError,
  onCreated,
}: {
  grantable: (p: Permission) => boolean;
  ask: Ask;
  onError: (s: string | null) => void;
  onCreated: (e: OwnerEmployee) => void;
}) {
  const { t } = useTranslation();
  const pos = usePos();
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<RoleTemplate>('cashier');
  const [perms, setPerms] = useState<Permission[]>([...ROLE_TEMPLATES.cashier]);

  const pickRole = (r: RoleTemplate) => {
    setRole(r);
    setPerms([...ROLE_TEMPLATES[r]]);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    onError(null);
    // The template's permissions, plus whatever was ticked on top of it (never fewer: untick → no template).
    const template = ROLE_TEMPLATES[role] as readonly Permission[];
    const fromTemplate = template.every((p) => perms.includes(p));
    const input = {
      username: username.trim(),
      name: name.trim(),
      password,
      ...(fromTemplate ? { role } : {}),
      permissions: fromTemplate ? perms.filter((p) => !template.includes(p)) : perms,
    };
    const run = (f: { superPassword?: string; totpCode?: string }) =>
      pos.try('owner.employeeCreate', { ...input, ...f });
    if (perms.some(isSensitive)) {
      ask({
        title: t('owner.emp.createTitle'),
        body: <PermDiff added={perms} removed={[]} />,
        run,
        done: (v) => onCreated((v as { employee: OwnerEmployee }).employee),
      });
      return;
    }
    const r = await run({});
    if (r.ok) onCreated(r.value.employee);
    else onError(errorText(r.error));
  };

  return (
    <form className="owner-form" onSubmit={(e) => void submit(e)} data-testid="emp-create">
      <h3>{t('owner.emp.createTitle')}</h3>
      <div className="owner-grid">
        <label>
          {t('owner.emp.username')}
          <input
            data-testid="emp-username"
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label>
          {t('owner.emp.name')}
          <input data-testid="emp-name" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          {t('owner.emp.password')}
          <input
            data-testid="emp-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <label>
          {t('owner.emp.template')}
          <select data-testid="emp-role" value={role} onChange={(e) => pickRole(e.target.value as RoleTemplate)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`owner.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <PermissionChecklist value={perms} onChange={setPerms} grantable={grantable} />
      <PermDiff added={perms} removed={[]} />
      <div className="owner-actions">
        <button type="submit" className="primary" data-testid="emp-create-submit">
          {t('owner.emp.create')}
        </button>
      </div>
    </form>
  );
}

function EmployeeEditor({
  emp,
  others,
  grantable,
  ask,
  onError,
  onDone,
}: {
  emp: OwnerEmployee;
  others: OwnerEmployee[];
  grantable: (p: Permission) => boolean;
  ask: Ask;
  onError: (s: string | null) => void;
  onDone: (text: string) => void;
}) {
  const { t } = useTranslation();
  const pos = usePos();
  const [perms, setPerms] = useState<Permission[]>(emp.permissions);
  const [fromId, setFromId] = useState('');
  const [preview, setPreview] = useState<CopyPreview | null>(null);
  const [maxDiscount, setMaxDiscount] = useState(plainYuan(emp.limits.maxDiscountFen));
  const [cap, setCap] = useState(plainYuan(emp.limits.dailyTransferCapFen));
  // the till's discount share (% of the sale) and refund limit; an older cloud sends neither
  const [share, setShare] = useState(String((emp.limits.maxDiscountBps ?? BPS) / 100));
  const [refund, setRefund] = useState(plainYuan(emp.limits.maxRefundFen ?? 0));
  const diff = diffOf(emp.permissions, perms);

  const savePerms = async () => {
    onError(null);
    const run = (f: { superPassword?: string; totpCode?: string }) =>
      pos.try('owner.employeePermissions', { id: emp.id, permissions: perms, ...f });
    const ok = () => onDone(t('owner.emp.permsSaved', { name: emp.username }));
    if (diff.added.some(isSensitive))
      return ask({
        title: t('owner.emp.permsTitle', { name: emp.username }),
        body: <PermDiff {...diff} />,
        run,
        done: ok,
      });
    const r = await run({});
    if (r.ok) ok();
    else onError(errorText(r.error));
  };

  const loadPreview = async (id: string) => {
    setFromId(id);
    setPreview(null);
    if (!id) return;
    const r = await pos.try('owner.copyPreview', { id: emp.id, fromEmployeeId: id });
    if (r.ok) setPreview(r.value);
    else onError(errorText(r.error));
  };
  const copy = async () => {
    if (!preview) return;
    const run = (f: { superPassword?: string; totpCode?: string }) =>
      pos.try('owner.copyPermissions', { id: emp.id, fromEmployeeId: fromId, ...f });
    const ok = () => onDone(t('owner.emp.copied', { from: preview.from.username, to: emp.username }));
    if (preview.needsSuperPassword)
      return ask({
        title: t('owner.emp.copyTitle'),
        body: <PermDiff added={preview.added} removed={preview.removed} />,
        run,
        done: ok,
      });
    const r = await run({});
    if (r.ok) ok();
    else onError(errorText(r.error));
  };

  const saveLimits = (e: FormEvent) => {
    e.preventDefault();
    const maxDiscountFen = parseYuan(maxDiscount);
    const dailyTransferCapFen = parseYuan(cap);
    const maxRefundFen = parseYuan(refund);
    const maxDiscountBps = parsePercent(share);
    if (maxDiscountFen === null || dailyTransferCapFen === null || maxRefundFen === null)
      return onError(t('owner.badAmount'));
    if (maxDiscountBps === null) return onError(t('owner.emp.badShare'));
    ask({
      title: t('owner.emp.limitsTitle', { name: emp.username }),
      body: (
        <p>
          {t('owner.emp.limitsSummary', { discount: money(maxDiscountFen), cap: money(dailyTransferCapFen) })}
          {t('owner.emp.limitsSummaryTill', { share: maxDiscountBps / 100, refund: money(maxRefundFen) })}
        </p>
      ),
      required: true,
      run: (f) =>
        pos.try('owner.employeeLimits', {
          id: emp.id,
          maxDiscountFen,
          dailyTransferCapFen,
          maxDiscountBps,
          maxRefundFen,
          superPassword: f.superPassword ?? '',
          ...(f.totpCode ? { totpCode: f.totpCode } : {}),
        }),
      done: () => onDone(t('owner.emp.limitsSaved', { name: emp.username })),
    });
  };

  const toggleDisabled = () => {
    const act = emp.disabled ? 'enable' : 'disable';
    ask({
      title: t(`owner.emp.${act}Title`, { name: emp.username }),
      body: <p>{t(`owner.emp.${act}Body`)}</p>,
      required: true,
      run: (f) =>
        pos.try(emp.disabled ? 'owner.employeeEnable' : 'owner.employeeDisable', {
          id: emp.id,
          superPassword: f.superPassword ?? '',
          ...(f.totpCode ? { totpCode: f.totpCode } : {}),
        }),
      done: () => onDone(t(`owner.emp.${act}dDone`, { name: emp.username })),
    });
  };

  return (
    <div className="owner-editor" data-testid="emp-editor">
      <h3>{t('owner.emp.editTitle', { name: `${emp.name}（${emp.username}）` })}</h3>
      <h4>{t('owner.emp.perms')}</h4>
      <PermissionChecklist value={perms} onChange={setPerms} grantable={grantable} />
      <PermDiff {...diff} />
      <div className="owner-actions">
        <button
          type="button"
          className="primary"
          data-testid="perm-save"
          disabled={!diff.added.length && !diff.removed.length}
          onClick={() => void savePerms()}
        >
          {t('owner.emp.savePerms')}
        </button>
      </div>

      <h4>{t('owner.emp.copyFrom')}</h4>
      <div className="owner-row">
        <select data-testid="copy-from" value={fromId} onChange={(e) => void loadPreview(e.target.value)}>
          <option value="">{t('owner.emp.copyPick')}</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}（{o.username}）
            </option>
          ))}
        </select>
        <button
          type="button"
          className="primary"
          data-testid="copy-apply"
          disabled={!preview || preview.notAllowed.length > 0}
          onClick={() => void copy()}
        >
          {t('owner.emp.copyApply')}
        </button>
      </div>
      {preview && (
        <div data-testid="copy-preview">
          <PermDiff added={preview.added} removed={preview.removed} />
          {preview.notAllowed.length > 0 && (
            <p className="error-text">
              {t('owner.emp.notAllowed')}{' '}
              {preview.notAllowed.map((p) => (
                <PermLabel key={p} p={p} />
              ))}
            </p>
          )}
        </div>
      )}

      <h4>{t('owner.emp.limits')}</h4>
      <form className="owner-grid" onSubmit={saveLimits}>
        <label>
          {t('owner.emp.maxDiscount')}
          <input
            data-testid="limit-discount"
            inputMode="decimal"
            value={maxDiscount}
            onChange={(e) => setMaxDiscount(e.target.value)}
          />
        </label>
        <label>
          {t('owner.emp.dailyCap')}
          <input data-testid="limit-cap" inputMode="decimal" value={cap} onChange={(e) => setCap(e.target.value)} />
        </label>
        <label>
          {t('owner.emp.maxShare')}
          <input
            data-testid="limit-share"
            inputMode="decimal"
            value={share}
            onChange={(e) => setShare(e.target.value)}
          />
        </label>
        <label>
          {t('owner.emp.maxRefund')}
          <input
            data-testid="limit-refund"
            inputMode="decimal"
            value={refund}
            onChange={(e) => setRefund(e.target.value)}
          />
        </label>
        <div className="owner-actions">
          <button type="submit" className="primary" data-testid="limit-save">
            {t('owner.emp.saveLimits')}
          </button>
        </div>
      </form>

      <h4>{t('owner.emp.account')}</h4>
      <div className="owner-row">
        <span>{emp.disabled ? t('owner.emp.isDisabled') : t('owner.emp.isEnabled')}</span>
        <button
          type="button"
          className={emp.disabled ? 'primary' : 'danger'}
          data-testid="emp-toggle-disabled"
          onClick={toggleDisabled}
        >
          {emp.disabled ? t('owner.emp.enable') : t('owner.emp.disable')}
        </button>
      </div>
    </div>
  );
}
