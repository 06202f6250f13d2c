using Pipeline.Build;

namespace Pipeline.Components.Packaging;

/// <summary>The feed a <see cref="PackSettings.Feed"/> names: an http(s) URL is a NuGet server, anything else a folder.</summary>
internal static class PackageFeeds
{
    public static IPackageFeed Open(AbsolutePath root, PackSettings settings)
    {
        if (!Uri.TryCreate(settings.Feed, UriKind.Absolute, out var uri) || uri.IsFile)
            return new FolderFeed(Path.IsPathRooted(settings.Feed) ? settings.Feed : root / settings.Feed);
        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
            throw new BuildConfigurationException($"--package-feed {uri} is plain http on a remote host: the API key would travel in clear text. Use its https:// URL.");
        if (settings.ApiKey is null)
            throw new BuildConfigurationException($"Publishing to {uri} needs an API key: set PIPELINE_PACKAGE_FEED_API_KEY (a CI secret; an environment variable, never a command-line argument).");
        return new NuGetServerFeed(uri, settings.ApiKey, SharedHttp.NuGet);
    }
}
