import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiProvider';
import { POLL } from '../hooks/polling';

/** A small status light fed by `GET /health` (polled calmly). */
export function HealthDot() {
  const api = useApi();
  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => api.health(),
    refetchInterval: POLL.calmMs * 2,
    retry: false,
  });
  const ok = health.data?.status === 'ok';
  const label = health.isPending ? 'Checking the platform…' : ok ? 'Platform healthy' : 'Platform degraded';
  return (
    <span
      className={`health-dot ${health.isPending ? 'is-pending' : ok ? 'is-ok' : 'is-bad'}`}
      role="img"
      aria-label={label}
      title={label}
      data-testid="health-dot"
    />
  );
}
