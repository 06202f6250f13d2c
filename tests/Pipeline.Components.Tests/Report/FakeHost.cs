using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace Pipeline.Components.Tests.Report;

/// <summary>An in-process fake of a code host's REST API on 127.0.0.1 (WireMock.Net), and what it received.</summary>
internal sealed class FakeHost : IDisposable
{
    public FakeHost()
    {
        var port = Pipeline.Tests.Shared.LoopbackPort.Free();
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"] });
    }

    public WireMockServer Server { get; }

    public Uri Url => new(Server.Url! + "/");

    public IReadOnlyList<ILogEntry> Requests(string method, string path) =>
        Server.LogEntries.Where(e => e.RequestMessage!.Method == method && e.RequestMessage!.Path == path).ToList();

    public void Dispose() => Server.Stop();
}
