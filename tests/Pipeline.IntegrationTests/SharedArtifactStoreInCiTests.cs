using System.Text.RegularExpressions;

namespace Pipeline.IntegrationTests;

/// <summary>
/// The DVC flow (`dvc repro && dvc push` locally, commit the lock, `dvc repro --pull` on CI) with the generated
/// .gitlab-ci.yml executed by gitlab-ci-local: the CI train job restores the outputs a developer pushed instead of
/// training again, and the later jobs use them.
/// </summary>
[NonParallelizable]
[Category("Integration")]
[CancelAfter(900_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class SharedArtifactStoreInCiTests
{
    [Test]
    public async Task Should_RestoreInsteadOfTraining_InTheCiTrainJob_GivenALockCommittedAfterALocalPush()
    {
        using var repository = await SeedRepository.CreateAsync(TestContext.CurrentContext.CancellationToken);
        var store = Directory.CreateTempSubdirectory("shared-store-").FullName; // stands in for the bucket
        try
        {
            var local = await repository.RunAsync("bash", ["build.sh", "Train", "--push", "--artifact-store", store], TestContext.CurrentContext.CancellationToken);
            await repository.RunAsync("git", ["add", "pipeline.lock"], TestContext.CurrentContext.CancellationToken);
            await repository.RunAsync("git", ["-c", "user.email=ci@example.invalid", "-c", "user.name=CI", "commit", "-qm", "Train pushed"], TestContext.CurrentContext.CancellationToken);

            var result = await GitLabCiLocal.RunAsync(repository, ["--variable", "CI_COMMIT_BRANCH=main", "--variable", "PIPELINE_ARTIFACT_STORE=" + store], TestContext.CurrentContext.CancellationToken);
            var output = result.StandardOutput + result.StandardError;

            Assert.That(local.StandardOutput, Does.Contain("wrote artifacts/model.txt"));
            Assert.That(result.ExitCode, Is.Zero, output);
            Assert.That(output, Does.Match(@"train\s+\$ \./build\.sh Train --pull"));
            Assert.That(output, Does.Match(@"train\s+> = Train up to date \(outputs restored from the local store"));
            Assert.That(Regex.IsMatch(output, @"train\s+> wrote artifacts/model\.txt"), Is.False, "the train job trained although the store had its outputs");
            Assert.That(output, Does.Contain("image containing model trained with seed 42"), "the restored model flowed on to containerize");
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }
}
