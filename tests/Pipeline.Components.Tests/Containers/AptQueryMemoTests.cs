using Pipeline.Components.Containers;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Containers;

/// <summary>apt-cache's answers kept per question while the package index is unchanged.</summary>
[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class AptQueryMemoTests : TemporaryFolderTests
{
    private readonly List<string> asked = [];
    private int exitCode;

    [SetUp]
    public void Forget()
    {
        asked.Clear(); // one fixture instance runs every test
        exitCode = 0;
    }

    [Test]
    public async Task Should_AnswerTheSameQuestionFromTheMemo_UntilAnIndexFileChanges()
    {
        var lists = Lists("main_binary-amd64_Packages", "Package: libc6\n");
        var memo = Memo(lists);

        var first = await memo.QueryAsync(["policy", "libc6"], TestContext.CurrentContext.CancellationToken);
        var second = await memo.QueryAsync(["policy", "libc6"], TestContext.CurrentContext.CancellationToken);
        var other = await memo.QueryAsync(["policy", "tzdata"], TestContext.CurrentContext.CancellationToken);
        File.AppendAllText(Path.Combine(lists, "main_binary-amd64_Packages"), "Package: tzdata\n"); // apt-get update
        var afterUpdate = await memo.QueryAsync(["policy", "libc6"], TestContext.CurrentContext.CancellationToken);

        Assert.That(asked, Is.EqualTo(new[] { "policy libc6 #1", "policy tzdata #2", "policy libc6 #3" }));
        Assert.That(second, Is.EqualTo(first).And.EqualTo("policy libc6 #1"));
        Assert.That(other, Is.EqualTo("policy tzdata #2"));
        Assert.That(afterUpdate, Is.EqualTo("policy libc6 #3"));
    }

    [Test]
    public async Task Should_AskAgain_GivenANewIndexFile()
    {
        var lists = Lists("main_binary-amd64_Packages", "Package: libc6\n");
        var memo = Memo(lists);

        await memo.QueryAsync(["search", "libicu"], TestContext.CurrentContext.CancellationToken);
        File.WriteAllText(Path.Combine(lists, "contrib_binary-amd64_Packages"), "Package: extra\n"); // a new source
        await memo.QueryAsync(["search", "libicu"], TestContext.CurrentContext.CancellationToken);

        Assert.That(asked, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Should_NotKeepTheAnswerOfAFailedRun()
    {
        var memo = Memo(Lists("main_binary-amd64_Packages", "Package: libc6\n"));
        exitCode = 100;

        await memo.QueryAsync(["policy", "libc6"], TestContext.CurrentContext.CancellationToken);
        exitCode = 0;
        var next = await memo.QueryAsync(["policy", "libc6"], TestContext.CurrentContext.CancellationToken);

        Assert.That(asked, Has.Count.EqualTo(2));
        Assert.That(next, Is.EqualTo("policy libc6 #2"));
    }

    private string Lists(string name, string content)
    {
        var lists = Directory.CreateDirectory(Path.Combine(Folder, "lists")).FullName;
        File.WriteAllText(Path.Combine(lists, name), content);
        return lists;
    }

    private AptQueryMemo Memo(string lists) =>
        new(Path.Combine(Folder, "memo"), [lists, Path.Combine(Folder, "status-that-does-not-exist")], (arguments, _) =>
        {
            asked.Add($"{string.Join(' ', arguments)} #{asked.Count + 1}");
            return Task.FromResult((exitCode, asked[^1]));
        });
}
