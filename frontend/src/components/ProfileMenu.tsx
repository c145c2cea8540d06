import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAuth } from '../api/ApiProvider';
import { useMe } from '../hooks/queries';

/** The user's initials (or the first letter of the e-mail). */
function initials(name: string | null | undefined, email: string | undefined): string {
  const source = (name ?? '').trim();
  if (source) {
    const parts = source.split(/\s+/);
    return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
  }
  return (email?.[0] ?? '?').toUpperCase();
}

/** Button with the user's initials opening a menu: name, e-mail, role, tenant, sign out. */
export function ProfileMenu() {
  const [open, setOpen] = useState(false);
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const me = useMe();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !ref.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const user = me.data;
  return (
    <div className="profile" ref={ref}>
      <button
        type="button"
        className="profile__button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label="Profile menu"
        data-testid="profile-menu"
        onClick={() => setOpen((o) => !o)}
      >
        {initials(user?.name, user?.email)}
      </button>
      {open && (
        <div className="profile__menu" role="menu" data-testid="profile-panel">
          <dl className="profile__facts">
            <dt>User</dt>
            <dd data-testid="profile-user">{user?.name || user?.email || '…'}</dd>
            {user?.name && (
              <>
                <dt>E-mail</dt>
                <dd>{user.email}</dd>
              </>
            )}
            <dt>Role</dt>
            <dd data-testid="profile-role">{user?.role ?? '…'}</dd>
            <dt>Tenant</dt>
            <dd data-testid="profile-tenant">{user?.tenant.name ?? '…'}</dd>
          </dl>
          <button
            type="button"
            role="menuitem"
            className="btn btn--ghost btn--block"
            data-testid="logout"
            onClick={() => {
              setOpen(false);
              signOut();
              navigate('/login', { replace: true });
            }}
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
