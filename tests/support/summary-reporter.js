/**
 * Prints one plain closing line, "N passed, N failed, N skipped", after Jest's own summary (on stderr, where
 * Jest writes it), so that any log reader can tell how many tests ran without parsing Jest's format.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stderr.write(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
