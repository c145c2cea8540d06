import type { Reporter, TestModule } from 'vitest/node';

export interface SummaryOptions {
  /** The first word of the closing line ("frontend", "e2e"). */
  label?: string;
  /** Printed instead of the counts when every test was skipped (why they were). */
  skippedReason?: string;
}

/**
 * Prints one plain closing line, "<label>: N passed, M failed[, K skipped]",
 * after Vitest's own summary, so CI tooling that reads plain summaries can
 * count the tests; when nothing ran and `skippedReason` is set, the line says
 * "<label>: skipped — <reason>".
 */
export default class SummaryReporter implements Reporter {
  private readonly label: string;
  private readonly skippedReason: string | undefined;

  constructor(options: SummaryOptions = {}) {
    this.label = options.label ?? 'frontend';
    this.skippedReason = options.skippedReason;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
      if (module.state() === 'failed' && !module.children.size) failed += 1;
    }
    if (this.skippedReason && passed === 0 && failed === 0) {
      process.stdout.write(`\n${this.label}: skipped — ${this.skippedReason}\n`);
      return;
    }
    const tail = skipped ? `, ${skipped} skipped` : '';
    process.stdout.write(`\n${this.label}: ${passed} passed, ${failed} failed${tail}\n`);
  }
}
