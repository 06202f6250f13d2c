using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Components.Deploy;

/// <summary>The YAML documents of a manifests folder (its *.yaml and *.yml files, not its subfolders), as the base manifests and an overlay are read.</summary>
internal static class ManifestFiles
{
    /// <summary>Every non-empty document with the file it came from, relative to <paramref name="displayRoot"/>; invalid YAML names the file and line.</summary>
    public static IEnumerable<(YamlNode Root, string File)> Documents(string directory, string displayRoot)
    {
        foreach (var file in Directory.GetFiles(directory, "*.yaml").Concat(Directory.GetFiles(directory, "*.yml")).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(displayRoot, file);
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(File.ReadAllText(file)));
            }
            catch (YamlException exception)
            {
                throw new ManifestException($"{name}({exception.Start.Line},{exception.Start.Column}): not valid YAML: {(exception.InnerException ?? exception).Message}");
            }

            foreach (var document in stream.Documents)
            {
                if (document.RootNode is not YamlScalarNode { Value: null or "" }) // an empty document ("---" at the end) is skipped, as kubectl does
                    yield return (document.RootNode, name);
            }
        }
    }
}
