namespace Pipeline.Components.Packaging;

/// <summary>Somewhere packages are published: a folder feed or a NuGet server.</summary>
internal interface IPackageFeed
{
    /// <summary>Publishes one .nupkg (and its .snupkg beside it, where the feed takes symbols); returns what happened, for the log.</summary>
    Task<string> PublishAsync(string package, CancellationToken cancellationToken);
}
