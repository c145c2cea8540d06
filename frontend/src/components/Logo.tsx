/** The AutonomOS mark: a hexagon of flows converging on a core. */
export function Logo({ size = 32, title = 'AutonomOS' }: { size?: number; title?: string }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 64 64" role="img" aria-label={title}>
      <defs>
        <linearGradient id="logo-gradient" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#2dd4bf" />
          <stop offset="1" stopColor="#a855f7" />
        </linearGradient>
      </defs>
      <path
        d="M32 4 56 18v28L32 60 8 46V18Z"
        fill="none"
        stroke="url(#logo-gradient)"
        strokeWidth="4"
        strokeLinejoin="round"
      />
      <path d="M20 24 32 32 44 24M32 32v14" stroke="#22d3ee" strokeWidth="4" strokeLinecap="round" fill="none" />
      <circle cx="32" cy="32" r="5" fill="#a855f7" />
    </svg>
  );
}
