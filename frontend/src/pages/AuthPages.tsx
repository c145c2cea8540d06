import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useApi, useAuth } from '../api/ApiProvider';
import { ErrorNotice } from '../components/ErrorNotice';
import { Logo } from '../components/Logo';

function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth">
      <div className="auth__card">
        <div className="auth__brand">
          <Logo size={44} />
          <div>
            <p className="auth__name">AutonomOS</p>
            <p className="auth__tagline">Connect your data. Let agents act on it.</p>
          </div>
        </div>
        <h1 className="auth__title">{title}</h1>
        {children}
      </div>
    </div>
  );
}

function useAfterSignIn() {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  return from && from !== '/login' && from !== '/signup' ? from : '/';
}

export function LoginPage() {
  const api = useApi();
  const { token, signIn, signOutReason } = useAuth();
  const navigate = useNavigate();
  const target = useAfterSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => api.login(email.trim(), password),
    onSuccess: (res) => {
      signIn(res.access_token);
      navigate(target, { replace: true });
    },
  });

  if (token && !login.isPending) return <Navigate to={target} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };

  return (
    <AuthFrame title="Sign in">
      {signOutReason && !login.error && <p className="notice">{signOutReason}</p>}
      <form className="form" onSubmit={submit} aria-label="Sign in" data-testid="login-form">
        <label className="field">
          <span>E-mail</span>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="login-email"
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        <ErrorNotice error={login.error} testId="login-error" />
        <button type="submit" className="btn btn--primary btn--block" disabled={login.isPending} data-testid="login-submit">
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth__switch">
        New to AutonomOS? <Link to="/signup" data-testid="goto-signup">Create an organisation</Link>
      </p>
    </AuthFrame>
  );
}

export function SignUpPage() {
  const api = useApi();
  const { token, signIn } = useAuth();
  const navigate = useNavigate();
  const [organization, setOrganization] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const register = useMutation({
    mutationFn: () =>
      api.register({ organization: organization.trim(), email: email.trim(), password, ...(name.trim() ? { name: name.trim() } : {}) }),
    onSuccess: (res) => {
      signIn(res.access_token);
      navigate('/', { replace: true });
    },
  });

  if (token && !register.isPending) return <Navigate to="/" replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate();
  };

  return (
    <AuthFrame title="Create your organisation">
      <form className="form" onSubmit={submit} aria-label="Sign up" data-testid="signup-form">
        <label className="field">
          <span>Organisation</span>
          <input
            required
            autoComplete="organization"
            value={organization}
            onChange={(e) => setOrganization(e.target.value)}
            data-testid="signup-organization"
          />
        </label>
        <label className="field">
          <span>Your name (optional)</span>
          <input autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} data-testid="signup-name" />
        </label>
        <label className="field">
          <span>E-mail</span>
          <input
            type="email"
            required
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="signup-email"
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            required
            minLength={8}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="signup-password"
          />
        </label>
        <ErrorNotice error={register.error} testId="signup-error" />
        <button type="submit" className="btn btn--primary btn--block" disabled={register.isPending} data-testid="signup-submit">
          {register.isPending ? 'Creating…' : 'Create organisation'}
        </button>
      </form>
      <p className="auth__switch">
        Already have an account? <Link to="/login" data-testid="goto-login">Sign in</Link>
      </p>
    </AuthFrame>
  );
}
