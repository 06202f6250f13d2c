using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Model.Serving.Tests;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ServingApiTests
{
    private WebApplicationFactory<Program> factory = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host.UseSetting("Model:Directory", TrainedModel.Directory));
        client = factory.CreateClient();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        client.Dispose();
        factory.Dispose();
    }

    [Test]
    public async Task Should_AnswerHealthy_OnHealthz_OnceTheModelIsLoaded()
    {
        var response = await client.GetAsync("/healthz");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [TestCase(5.1f, 3.5f, 1.4f, 0.2f, "setosa")]
    [TestCase(7.7f, 3.0f, 6.1f, 2.3f, "virginica")]
    [TestCase(6.0f, 2.2f, 4.0f, 1.0f, "versicolor")]
    public async Task Should_PredictTheSpeciesWithProbabilities_GivenMeasurements(float sepalLength, float sepalWidth, float petalLength, float petalWidth, string species)
    {
        var response = await client.PostAsJsonAsync("/predict", new { sepalLength, sepalWidth, petalLength, petalWidth });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadFromJsonAsync<PredictResponse>();
        Assert.That(body!.Species, Is.EqualTo(species));
        Assert.That(body.Probabilities.Keys, Is.EquivalentTo(new[] { "setosa", "versicolor", "virginica" }));
        Assert.That(body.Probabilities.Values.Sum(), Is.EqualTo(1).Within(0.001));
        Assert.That(body.Probabilities[species], Is.EqualTo(body.Probabilities.Values.Max()));
    }

    [TestCase("{\"sepalLength\":", "not valid JSON")]
    [TestCase("[1,2,3]", "must be a JSON object")]
    [TestCase("{\"sepalLength\":5.1,\"sepalWidth\":3.5,\"petalLength\":1.4}", "Missing field 'petalWidth'")]
    [TestCase("{\"sepalLength\":\"long\",\"sepalWidth\":3.5,\"petalLength\":1.4,\"petalWidth\":0.2}", "Field 'sepalLength' must be a non-negative number")]
    [TestCase("{\"sepalLength\":-1,\"sepalWidth\":3.5,\"petalLength\":1.4,\"petalWidth\":0.2}", "Field 'sepalLength' must be a non-negative number")]
    public async Task Should_Answer400WithTheProblem_GivenMalformedInput(string body, string expected)
    {
        var response = await client.PostAsync("/predict", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("detail").GetString(), Does.Contain(expected).And.Contain("Example: {\"sepalLength\":5.1"));
    }

    [Test]
    public async Task Should_DescribePredict_InOpenApiDocument()
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        Assert.That(paths.TryGetProperty("/predict", out var predict), Is.True);
        Assert.That(predict.GetProperty("post").GetProperty("requestBody").GetRawText(), Does.Contain("PredictRequest"));
    }

    [Test]
    public void Should_FailAtStartupNamingTheDirectory_GivenNoModel()
    {
        using var broken = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host.UseSetting("Model:Directory", "/nonexistent/model"));
        var error = Assert.Catch(() => broken.CreateClient());
        Assert.That(error!.ToString(), Does.Contain("/nonexistent/model").And.Contain("./build.sh Train"));
    }
}
