// Every async test is bounded: the test's CancellationToken (TestContext.CurrentContext.CancellationToken, which
// the tests pass on) is cancelled after this long.
// the sample service on 127.0.0.1.
[assembly: CancelAfter(120_000)]
[assembly: Category("Unit")]
