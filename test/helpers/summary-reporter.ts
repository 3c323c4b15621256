import Mocha from 'mocha';

/** mocha's spec reporter plus a last line "N passed, N failed" that CI reads. */
class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => (passed += 1));
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => (failed += 1));
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      // After the spec reporter's own epilogue.
      setImmediate(() => process.stdout.write(`\n${passed} passed, ${failed} failed\n`));
    });
  }
}

export = SummaryReporter;
