import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, "frontend: N passed, M failed[, K skipped]",
 * after Vitest's own summary, so CI tooling that reads plain summaries can
 * count the dashboard's tests.
 */
export default class SummaryReporter implements Reporter {
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
    const tail = skipped ? `, ${skipped} skipped` : '';
    process.stdout.write(`\nfrontend: ${passed} passed, ${failed} failed${tail}\n`);
  }
}
