// Runtime: DOM. 我的安全: the logged-in employee's own protections — the super password (separate from the
// login password), the dynamic token (TOTP, enrolled by scanning a QR code and confirmed with one code),
// and the e-mail address (alerts) and phone (password recovery) bound with a code each; with
// 'security.manage', the account's own IP binding.
import { useCallback, useEffect, useState } from 'react';
import type { Session } from '../../../shared/api/contract';
import type { OwnerEmployee } from '../../../shared/api/owner-methods';
import { errorText } from '../../i18n';
import { usePos } from '../../state/pos';
import { BindPanel } from './BindPanel';
import { IpAllowlistPanel } from './IpAllowlistPanel';
import { SuperPasswordPanel } from './SuperPasswordPanel';
import { TotpPanel } from './TotpPanel';
import { can } from './access';

export function MySecurityTab({ session }: { session: Session }) {
  const pos = usePos();
  const [me, setMe] = useState<OwnerEmployee | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await pos.try('owner.me', {});
    if (r.ok) setMe(r.value.employee);
    else setError(errorText(r.error));
  }, [pos]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="owner-split owner-split--even">
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {me && (
        <>
          <SuperPasswordPanel me={me} onChanged={() => void load()} />
          <TotpPanel me={me} onChanged={() => void load()} />
          <BindPanel kind="email" verified={me.emailVerified} onChanged={() => void load()} />
          <BindPanel kind="phone" verified={me.phoneVerified} onChanged={() => void load()} />
          {can(session, 'security.manage') && <IpAllowlistPanel key={me.id} emp={me} self onSaved={setMe} />}
        </>
      )}
    </div>
  );
}
