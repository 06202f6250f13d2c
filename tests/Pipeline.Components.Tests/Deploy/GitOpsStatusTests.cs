using System.Text.Json;
using Pipeline.Components.Kubernetes.GitOps;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>Argo CD Application and Flux Kustomization statuses, in the shapes their documentation gives, read for one commit.</summary>
public sealed class GitOpsStatusTests
{
    private const string Commit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    [Test]
    public void Should_SeeTheCommitApplied_WhenTheApplicationIsSyncedAndHealthyAtIt()
    {
        var status = Argo($$"""{ "sync": { "status": "Synced", "revision": "{{Commit}}" }, "health": { "status": "Healthy" } }""");

        Assert.That(status.State, Is.EqualTo(GitOpsState.Applied));
    }

    [TestCase("""{ "sync": { "status": "Synced", "revision": "0000000000000000000000000000000000000000" }, "health": { "status": "Healthy" } }""")]
    [TestCase("""{ "sync": { "status": "OutOfSync", "revision": "COMMIT" }, "health": { "status": "Progressing" } }""")]
    [TestCase("""{ "sync": { "status": "OutOfSync", "revision": "0000000000000000000000000000000000000000" }, "health": { "status": "Degraded" } }""")]
    [TestCase("""{}""")]
    public void Should_KeepWaiting_WhileTheApplicationIsNotAtTheCommitOrProgressing(string statusJson)
    {
        var status = Argo(statusJson.Replace("COMMIT", Commit, StringComparison.Ordinal));

        Assert.That(status.State, Is.EqualTo(GitOpsState.Pending));
    }

    [Test]
    public void Should_NameTheDegradedDeployment_WhenTheApplicationIsDegradedAtTheCommit()
    {
        var status = Argo($$"""
            {
              "sync": { "status": "Synced", "revision": "{{Commit}}" },
              "health": { "status": "Degraded", "message": "Deployment has timed out progressing." },
              "resources": [
                { "kind": "Service", "name": "model-serving", "health": { "status": "Healthy" } },
                { "kind": "Deployment", "name": "model-serving", "health": { "status": "Degraded", "message": "Deployment \"model-serving\" exceeded its progress deadline" } }
              ]
            }
            """);

        Assert.That(status.State, Is.EqualTo(GitOpsState.Failed));
        Assert.That(status.FailingDeployments, Is.EqualTo(new[] { "model-serving" }));
        Assert.That(status.Description, Does.Contain("Deployment model-serving is Degraded: Deployment \"model-serving\" exceeded its progress deadline"));
    }

    [Test]
    public void Should_SeeAFailedSync_WhenTheOperationForTheCommitFailed()
    {
        var status = Argo($$"""
            {
              "sync": { "status": "OutOfSync", "revision": "0000000000000000000000000000000000000000" },
              "health": { "status": "Healthy" },
              "operationState": { "phase": "Failed", "message": "one or more objects failed to apply", "syncResult": { "revision": "{{Commit}}" } }
            }
            """);

        Assert.That(status.State, Is.EqualTo(GitOpsState.Failed));
        Assert.That(status.Description, Does.Contain("one or more objects failed to apply"));
    }

    [TestCase("main@sha1:COMMIT")]
    [TestCase("main/COMMIT")]
    public void Should_SeeTheCommitApplied_WhenTheKustomizationIsReadyAtIt(string revision)
    {
        var status = Flux(revision.Replace("COMMIT", Commit, StringComparison.Ordinal), revision.Replace("COMMIT", Commit, StringComparison.Ordinal), "True", "ReconciliationSucceeded", "Applied revision");

        Assert.That(status.State, Is.EqualTo(GitOpsState.Applied));
    }

    [Test]
    public void Should_SeeAFailure_WhenTheKustomizationFailsItsHealthChecksAtTheCommit()
    {
        var status = Flux("main@sha1:0000000000000000000000000000000000000000", $"main@sha1:{Commit}", "False", "HealthCheckFailed", "health check failed after 2m0s: timeout waiting for: [Deployment/prod/model-serving status: 'InProgress']");

        Assert.That(status.State, Is.EqualTo(GitOpsState.Failed));
        Assert.That(status.Description, Does.Contain("HealthCheckFailed").And.Contain("timeout waiting for"));
    }

    [Test]
    public void Should_KeepWaiting_WhileTheKustomizationProgresses()
    {
        var status = Flux("main@sha1:0000000000000000000000000000000000000000", $"main@sha1:{Commit}", "False", "Progressing", "Reconciliation in progress");

        Assert.That(status.State, Is.EqualTo(GitOpsState.Pending));
    }

    [TestCase("argocd:argocd/model-serving", "Argo CD Application argocd/model-serving")]
    [TestCase("flux:flux-system/apps", "Flux Kustomization flux-system/apps")]
    public void Should_ReadTheControllerObject_FromTheWaitParameter(string text, string described) =>
        Assert.That(GitOpsWatch.Parse(text).ToString(), Is.EqualTo(described));

    [TestCase("model-serving")]
    [TestCase("argocd:model-serving")]
    [TestCase("helm:default/model-serving")]
    public void Should_ShowTheExpectedForm_GivenAnotherWaitParameter(string text)
    {
        var error = Assert.Throws<GitOpsException>(() => GitOpsWatch.Parse(text));

        Assert.That(error!.Message, Does.Contain("argocd:NAMESPACE/NAME").And.Contain("flux:NAMESPACE/NAME"));
    }

    private static GitOpsStatus Argo(string status) =>
        GitOpsStatus.Of(GitOpsController.ArgoCd, JsonDocument.Parse($$"""{ "kind": "Application", "status": {{status}} }""").RootElement, Commit);

    private static GitOpsStatus Flux(string applied, string attempted, string ready, string reason, string message) =>
        GitOpsStatus.Of(GitOpsController.Flux, JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            kind = "Kustomization",
            status = new
            {
                lastAppliedRevision = applied,
                lastAttemptedRevision = attempted,
                conditions = new[] { new { type = "Ready", status = ready, reason, message } },
            },
        })).RootElement, Commit);
}
