using System.Net;
using System.Net.Sockets;
using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Local;
using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>The loser of two deploys that reach for one port at the same moment is told the port is in use, at once, not "did not route" 15 s later.</summary>
[Category("Faults")]
[Category("Integration")]
[CancelAfter(180_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class LocalFrontPortTests
{
    [Test]
    public async Task Should_SayThePortIsInUse_WhenTheFrontCannotBindIt()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0); // the deploy that won the race
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;
        var state = Directory.CreateTempSubdirectory("pipeline-front-").FullName;
        var front = new LocalFront(state, port);
        try
        {
            var error = await Assert.ThrowsAsync<DeploymentFailedException>(() => front.RouteAsync(LoopbackPort.Free(), "/healthz", new RecordingLog(), TestContext.CurrentContext.CancellationToken));

            Assert.That(error!.Message, Does.StartWith($"127.0.0.1:{port} is in use by another process").And.Contain("--local-port").And.Not.Contain("did not route"));
        }
        finally
        {
            front.Stop();
            Directory.Delete(state, recursive: true);
        }
    }
}
