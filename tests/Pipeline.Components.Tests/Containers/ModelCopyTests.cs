using Pipeline.Components.Containers;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Containers;

/// <summary>When a user's Containerfile is built as an app image plus the model as a layer of ours, and when buildah builds it whole.</summary>
public sealed class ModelCopyTests
{
    [TestCase("examples/python/Containerfile", "/models", "COPY serve.py /app/serve.py")]
    [TestCase("examples/sklearn/ml/Containerfile", "/models", "COPY ml/serve.py /app/serve.py")]
    public void Should_SplitTheModelsCopyOut_OfTheExamples_WhichHaveOnlySettingsAfterIt(string example, string path, string appCopy)
    {
        var containerfile = File.ReadAllText(Path.Combine(RepositoryRoot.Path, example));

        var copy = ModelCopy.Find(containerfile, "artifacts/model");

        Assert.That(copy, Is.Not.Null);
        Assert.That(copy!.PathInImage, Is.EqualTo(path));
        Assert.That(copy.AppContainerfile, Does.Not.Contain("COPY artifacts/model"));
        Assert.That(copy.AppContainerfile.Split('\n'), Has.Length.EqualTo(containerfile.Split('\n').Length - 1), "only the model's line goes");
        Assert.That(copy.AppContainerfile, Does.Contain(appCopy).And.Contain("USER 1654").And.Contain("ENTRYPOINT"));
    }

    [TestCase("COPY ./artifacts/model /srv/model", "/srv/model")]
    [TestCase("copy artifacts/model/ /models", "/models")]
    public void Should_FindTheCopy_WrittenEitherWay(string line, string path) =>
        Assert.That(ModelCopy.Find($"FROM base\n{line}\nCMD [\"serve\"]\n", "artifacts/model")?.PathInImage, Is.EqualTo(path));

    [TestCase("COPY artifacts/model/ /models/\nRUN chmod -R 600 /models", TestName = "a RUN after the model changes its files")]
    [TestCase("COPY artifacts/model/ /models/\nCOPY serve.py /app/", TestName = "a COPY after the model")]
    [TestCase("COPY artifacts/model/ /models/\nWORKDIR /srv", TestName = "a WORKDIR after the model may create a folder")]
    [TestCase("COPY --chown=1654 artifacts/model/ /models/", TestName = "an owner other than root")]
    [TestCase("COPY artifacts/model/ models/", TestName = "a path relative to WORKDIR")]
    [TestCase("COPY artifacts/model/ ${MODELS}", TestName = "a path in a variable")]
    [TestCase("COPY artifacts/model/ /", TestName = "the image's root")]
    [TestCase("COPY artifacts/model/ /models/\nFROM base\nCOPY --from=0 /models /models", TestName = "the model in an earlier stage")]
    [TestCase("COPY artifacts/model/ /models/\nCOPY artifacts/model/ /srv/", TestName = "the model copied twice")]
    [TestCase("COPY artifacts/model/ \\\n  /models/", TestName = "a copy over two lines")]
    [TestCase("COPY artifacts/ /data/", TestName = "no copy of the model folder itself")]
    [TestCase("RUN <<EOF\necho hi\nEOF\nCOPY artifacts/model/ /models/", TestName = "a heredoc")]
    public void Should_LeaveTheContainerfileToBuildah(string lines) =>
        Assert.That(ModelCopy.Find($"FROM base\n{lines}\n", "artifacts/model"), Is.Null);

    [Test]
    public void Should_ReadAContinuedInstructionBeforeTheModel_AsOneInstruction()
    {
        var copy = ModelCopy.Find("FROM base\nRUN apt-get update && \\\n    COPY artifacts/model/ /nowhere/\nCOPY artifacts/model/ /models/\nUSER 1654\n", "artifacts/model");

        Assert.That(copy?.PathInImage, Is.EqualTo("/models"), "the continued line is part of the RUN, not a copy of the model");
        Assert.That(copy!.AppContainerfile, Does.Contain("COPY artifacts/model/ /nowhere/"));
    }
}
