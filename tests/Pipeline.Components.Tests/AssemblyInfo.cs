// Every async test is bounded: the test's CancellationToken (TestContext.CurrentContext.CancellationToken, which
// the tests pass on) is cancelled after this long.
// components against in-process fakes on 127.0.0.1 (Kubernetes, GCS, GitHub, GitLab, a registry).
[assembly: CancelAfter(120_000)]
[assembly: Category("Unit")]
