import { Logo } from './Logo';

/** The dashboard's opening: logo and what AutonomOS does. */
export function Hero({ tenantName }: { tenantName?: string | undefined }) {
  return (
    <section className="hero" aria-labelledby="hero-title">
      <Logo size={64} />
      <div className="hero__text">
        <h1 id="hero-title" className="hero__title">
          AutonomOS
        </h1>
        <p className="hero__value">
          Connect every enterprise system, map it onto one ontology, and let agents act on unified data —
          with every mapping explained.
        </p>
        {tenantName && <p className="hero__tenant">Workspace: {tenantName}</p>}
      </div>
    </section>
  );
}
