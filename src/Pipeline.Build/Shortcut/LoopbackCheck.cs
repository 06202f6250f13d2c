namespace Pipeline.Build.Shortcut;

/// <summary>
/// The checks of an up-to-date record's unchanged targets (<see cref="UnchangedProof.Check"/>): a GET to each loopback
/// address, which must answer 2xx within a second. Manifest media types are accepted, so a registry serves a manifest
/// by digest as it stores it.
/// </summary>
internal static class LoopbackCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public static bool AllAnswer(IReadOnlyList<Uri> addresses)
    {
#pragma warning disable RS0030 // the engine's only client: a few loopback requests at start-up, before any build exists, then the process ends
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = Timeout };
#pragma warning restore RS0030
        foreach (var address in addresses)
        {
            if (!address.IsLoopback || address.Scheme != Uri.UriSchemeHttp)
                return false;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, address);
                request.Headers.TryAddWithoutValidation("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json, */*");
                using var response = http.Send(request, HttpCompletionOption.ResponseHeadersRead);
                if (!response.IsSuccessStatusCode)
                    return false;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
            {
                return false;
            }
        }

        return true;
    }
}
