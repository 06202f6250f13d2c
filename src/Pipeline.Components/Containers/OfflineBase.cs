namespace Pipeline.Components.Containers;

/// <summary>Which base image Containerize builds from Debian packages when no <c>--base-image</c> is given.</summary>
public enum OfflineBase
{
    /// <summary>The ASP.NET Core runtime (this machine's shared runtimes) on the libraries .NET needs.</summary>
    AspNet,

    /// <summary>The Python interpreter and its standard library (the release's python3.N), for a Python service.</summary>
    Python,
}
