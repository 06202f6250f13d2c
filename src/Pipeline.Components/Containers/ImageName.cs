using System.Text.RegularExpressions;
using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>Repository names as the distribution spec allows them: lowercase path components separated by '/'.</summary>
internal static partial class ImageName
{
    public static void ThrowIfInvalid(string repository)
    {
        if (!Pattern().IsMatch(repository))
            throw new RegistryException(
                $"'{repository}' is not a valid image repository name: use lowercase letters, digits and separators (. _ __ -) between them, path parts joined by '/', like 'team/model-serving'.");
    }

    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex Pattern();
}
