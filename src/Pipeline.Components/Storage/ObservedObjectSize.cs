using System.Net.Http.Headers;

namespace Pipeline.Components.Storage;

/// <summary>
/// An object's full size as a download's answers state it (<c>Content-Range: bytes a-b/N</c>, or the length of a whole
/// answer), for the progress bar: Google's downloader reports bytes received only. The box flows to the transport with
/// the async call it was observed for, so concurrent downloads do not mix.
/// </summary>
internal sealed class ObservedObjectSize
{
    private static readonly AsyncLocal<ObservedObjectSize?> Current = new();

    /// <summary>The size, or 0 while unknown.</summary>
    public long Total { get; private set; }

    /// <summary>Observes the answers of the calls made until the result is disposed.</summary>
    public static IDisposable Observe(ObservedObjectSize size)
    {
        Current.Value = size;
        return new Scope();
    }

    /// <summary>Takes the size from a download's answer, when a download is being observed.</summary>
    public static void Record(HttpResponseMessage response)
    {
        if (Current.Value is not { } size)
            return;
        if (response.Content.Headers.ContentRange is { Length: { } length })
            size.Total = length;
        else if (response.StatusCode == System.Net.HttpStatusCode.OK && response.Content.Headers.ContentLength is { } whole && response.Content.Headers.ContentType?.MediaType != "application/json")
            size.Total = whole;
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}
