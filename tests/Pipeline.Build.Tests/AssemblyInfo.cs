// Every async test is bounded: the test's CancellationToken (TestContext.CurrentContext.CancellationToken, which
// the tests pass on) is cancelled after this long.
// the engine in-process: a sandbox per test, no tools, no network beyond 127.0.0.1.
[assembly: CancelAfter(60_000)]
[assembly: Category("Unit")]
