// Every async test is bounded: the test's CancellationToken (TestContext.CurrentContext.CancellationToken, which
// the tests pass on) is cancelled after this long.
// training the sample model on a fixture copy of params.yaml.
[assembly: CancelAfter(120_000)]
[assembly: Category("Unit")]
