// Every async test is bounded: the test's CancellationToken (TestContext.CurrentContext.CancellationToken, which
// the tests pass on) is cancelled after this long.
// the real build, gitlab-ci-local, podman, buildah and a local registry.
[assembly: CancelAfter(900_000)]
