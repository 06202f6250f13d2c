using System.Text;
using Pipeline.Components.Tests.Report;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pipeline.Components.Tests.Cloud;

/// <summary>A registry's /v2/ on 127.0.0.1 that asks for Basic and accepts exactly one login, as the cloud logins are checked against.</summary>
internal static class FakeRegistry
{
    public static FakeHost AcceptingBasic(string user, string password)
    {
        var registry = new FakeHost();
        registry.Server.Given(Request.Create().WithPath("/v2/").UsingGet()).AtPriority(5)
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("WWW-Authenticate", "Basic realm=\"registry\""));
        registry.Server.Given(Request.Create().WithPath("/v2/").UsingGet().WithHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")))).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200));
        return registry;
    }
}
