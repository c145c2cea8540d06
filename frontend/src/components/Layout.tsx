import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useMe } from '../hooks/queries';
import { HealthDot } from './HealthDot';
import { Logo } from './Logo';
import { ProfileMenu } from './ProfileMenu';

interface NavItem {
  to: string;
  label: string;
  adminOnly?: boolean;
}

const NAV: readonly NavItem[] = [
  { to: '/', label: 'Dashboard' },
  { to: '/connections', label: 'Connections' },
  { to: '/ontology', label: 'Ontology' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/agents', label: 'Agents' },
  { to: '/settings', label: 'Settings', adminOnly: true },
];

export function isAdmin(role: string | undefined): boolean {
  return role === 'owner' || role === 'admin';
}

/** The signed-in shell: header with navigation (a hamburger menu on narrow screens), profile menu, page. */
export function Layout() {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const me = useMe();
  const admin = isAdmin(me.data?.role);

  useEffect(() => setMenuOpen(false), [location.pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="AutonomOS home">
          <Logo size={30} />
          <span className="brand__name">AutonomOS</span>
        </NavLink>
        <button
          type="button"
          className="hamburger"
          aria-label={menuOpen ? 'Close menu' : 'Open menu'}
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          data-testid="nav-toggle"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <span aria-hidden="true" className="hamburger__bars" />
        </button>
        <nav id="main-nav" className={`mainnav${menuOpen ? ' mainnav--open' : ''}`} aria-label="Main">
          <ul>
            {NAV.filter((item) => !item.adminOnly || admin).map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.to === '/'}
                  className={({ isActive }) => `mainnav__link${isActive ? ' is-active' : ''}`}
                  data-testid={`nav-${item.label.toLowerCase()}`}
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar__right">
          <HealthDot />
          <ProfileMenu />
        </div>
      </header>
      <main id="main" className="page">
        <Outlet />
      </main>
    </div>
  );
}
