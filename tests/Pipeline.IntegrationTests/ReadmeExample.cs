using System.Text.RegularExpressions;
using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>
/// The code blocks of README.md and docs/*.md marked <c>&lt;!-- example: NAME path --&gt;</c>, written into a throw-away
/// repository with this repository's engine (ProjectReference), build.sh and a small Python training script.
/// </summary>
internal sealed partial class ReadmeExample : IDisposable
{
    private ReadmeExample(string root) => Root = root;

    public string Root { get; }

    public static ReadmeExample Create(string name)
    {
        var files = Documents().SelectMany(document => Blocks(File.ReadAllText(document)))
            .Where(block => block.Example == name)
            .ToList();
        if (files.Count == 0)
            throw new InvalidOperationException($"Neither README.md nor docs/ has a code block marked <!-- example: {name} … -->.");
        var example = new ReadmeExample(ScratchRepository.Create($"readme-{name}-", files.Select(file => (file.Path, file.Code))));
        example.Write("Example.slnx", "<Solution>\n  <Project Path=\"build/_build.csproj\" />\n</Solution>\n");
        example.Write("data/rows.csv", "x,y\n1,2\n");
        example.Write("params.yaml", "accuracy: 0.95\n");
        example.Write("train.py", """
            import json, os
            accuracy = float(open("params.yaml").read().split(":")[1])
            os.makedirs("artifacts/model", exist_ok=True)
            open("artifacts/model/model.txt", "w").write("a model\n")
            json.dump({"accuracy": accuracy}, open("artifacts/metrics.json", "w"))
            print(f"trained: accuracy {accuracy}")
            """);
        return example;
    }

    public string Read(string path) => File.ReadAllText(Path.Combine(Root, path));

    public void Write(string path, string content)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public Task<(int ExitCode, string Output)> BuildAsync(CancellationToken cancellationToken, params string[] arguments) =>
        Processes.RunAsync("bash", ["build.sh", .. arguments], Root, cancellationToken);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>README.md and every page of docs/: an example may live on any of them.</summary>
    private static IEnumerable<string> Documents() =>
        [Path.Combine(RepositoryRoot.Path, "README.md"), .. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md").Order(StringComparer.Ordinal)];

    private static IEnumerable<(string Example, string Path, string Code)> Blocks(string readme) =>
        ExampleBlock().Matches(readme).Select(match => (match.Groups["name"].Value, match.Groups["path"].Value, match.Groups["code"].Value));

    [GeneratedRegex(@"<!-- example: (?<name>[\w-]+) (?<path>[\w./-]+) -->\s*```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
